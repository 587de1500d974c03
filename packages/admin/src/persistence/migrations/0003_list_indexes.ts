import { sql, type Kysely } from "kysely";
import type { Migration } from "./migration.js";

/** `LaunchPlanState.ACTIVE`; a literal so the partial index does not depend on generated code. */
const ACTIVE = 1;

/**
 * Indexes for the list queries the API serves most, and a guard on launch plan activation.
 *
 * ListExecutions always filters on project, domain and (unless the request filters on state)
 * `state = ACTIVE`, then sorts by created_at with name as the tie-break. Each index below starts
 * with those equalities, then the column of one common filter, then the sort columns, so a
 * filtered, sorted, limited page is an index range read without a sort of the whole project.
 */
const EXECUTION_INDEXES: Record<string, string[]> = {
  executions_list_idx: ["project", "domain", "state", "created_at", "name"],
  executions_phase_list_idx: ["project", "domain", "state", "phase", "created_at", "name"],
  executions_launch_plan_list_idx: ["project", "domain", "state", "launch_plan_name", "created_at", "name"],
  executions_workflow_list_idx: ["project", "domain", "state", "workflow_name", "created_at", "name"],
};

export const migration0003: Migration = {
  version: 3,
  name: "list_indexes",
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [name, columns] of Object.entries(EXECUTION_INDEXES)) {
      await db.schema.createIndex(name).on("executions").columns(columns).execute();
    }
    // Superseded by the ones above (they lacked `state` and the tie-break column).
    await db.schema.dropIndex("executions_created_idx").execute();
    await db.schema.dropIndex("executions_phase_idx").execute();
    // At most one ACTIVE version per launch plan name, whatever the code above the database does.
    await db.schema
      .createIndex("launch_plans_one_active_idx")
      .on("launch_plans")
      .columns(["project", "domain", "name"])
      .unique()
      .where(sql.ref("state"), "=", ACTIVE)
      .execute();
    // Artifact reads attach their tags by (dataset, artifact).
    await db.schema
      .createIndex("catalog_tags_artifact_idx")
      .on("catalog_tags")
      .columns(["dataset_uuid", "artifact_id"])
      .execute();
  },
};
