import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { Remote } from "../../remote/remote-client.js";
import { closestNames, editDistance } from "../run/suggest.js";

/**
 * "task 'x' not found in p/d (NOT_FOUND). Did you mean 'y'?" plus how to list what exists:
 * the closest names by edit distance, or every name when there are only a few.
 */
export function notFoundError(options: {
  what: string;
  name: string;
  where: string;
  candidates: readonly string[];
  listWith: string;
}): CliError {
  const { what, name, where, candidates, listWith } = options;
  const close = closest(name, candidates);
  let hint: string;
  if (close.length > 0) hint = ` Did you mean ${close.map((c) => `'${c}'`).join(" or ")}?`;
  else if (candidates.length === 0) hint = ` There are none in ${where} yet.`;
  else if (candidates.length <= 5) hint = ` Known: ${candidates.map((c) => `'${c}'`).join(", ")}.`;
  else hint = "";
  return new CliError(
    `${what} '${name}' not found in ${where} (NOT_FOUND).${hint}\nList them with: ${listWith}`,
    ExitCode.Failed,
  );
}

/**
 * The closest candidates, keeping only those about as close as the best: with long dotted names
 * (`my.module.task`) a shared prefix makes every name "close", so only the best few are useful.
 */
function closest(name: string, candidates: readonly string[]): string[] {
  const close = closestNames(name, candidates);
  const first = close[0];
  if (first === undefined) return [];
  const best = editDistance(name, first);
  return close.filter((c) => editDistance(name, c) <= best + 1);
}

/** Names of the registered tasks, workflows or launch plans of a project/domain (up to 2000). */
export async function namedEntityNames(remote: Remote, resourceType: ResourceType): Promise<string[]> {
  const { project, domain } = remote.config;
  const res = await remote.admin.listNamedEntities({ resourceType, project, domain, limit: 2000 });
  return res.entities.map((e) => e.id?.name ?? "").filter((n) => n !== "");
}

/** Names of the most recent executions of a project/domain (up to 500). */
export async function recentExecutionNames(remote: Remote): Promise<string[]> {
  const { project, domain } = remote.config;
  const res = await remote.admin.listExecutions({ id: { project, domain }, limit: 500 });
  return res.executions.map((e) => e.id?.name ?? "");
}

export const RESOURCE_LABEL: Readonly<Record<ResourceType, string>> = {
  [ResourceType.UNSPECIFIED]: "entity",
  [ResourceType.TASK]: "task",
  [ResourceType.WORKFLOW]: "workflow",
  [ResourceType.LAUNCH_PLAN]: "launch plan",
  [ResourceType.DATASET]: "dataset",
};
