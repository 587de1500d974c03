import { col, TIMESTAMP, type ColumnSpec, type ListSpec } from "../filters/list-spec.js";
import type { EntityId } from "./common.js";

/** Filter/sort columns every versioned entity (task, workflow, launch plan) has. */
export function versionedColumns(entity: string): Record<string, ColumnSpec> {
  return {
    project: col("project"),
    domain: col("domain"),
    name: col("name"),
    version: col("version"),
    created_at: col("created_at", TIMESTAMP),
    [`${entity}.name`]: col("name"),
    [`${entity}.version`]: col("version"),
  };
}

/** ListTaskIds / ListWorkflowIds / ListLaunchPlanIds: distinct names, sorted by name. */
export const NAMED_ID_LIST_SPEC: ListSpec = {
  entity: "named_entity",
  columns: { name: col("name") },
  defaultSort: { key: "name", direction: "ASCENDING" },
  tieBreak: [],
};

/** Scope of a versioned list: a project/domain, optionally one name (its versions). */
export interface VersionedScope {
  project: string;
  domain: string;
  name?: string;
}

export const idOf = (r: { project: string; domain: string; name: string; version: string }): EntityId => ({
  project: r.project,
  domain: r.domain,
  name: r.name,
  version: r.version,
});
