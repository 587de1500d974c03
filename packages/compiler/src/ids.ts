import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";

/** The synthetic node whose outputs are the workflow inputs. */
export const START_NODE_ID = "start-node";
/** The synthetic node whose inputs are the workflow outputs. */
export const END_NODE_ID = "end-node";

/** A map key for an identifier: every field, so ids differing in any part never collide. */
export function idKey(id: Identifier | undefined): string {
  if (!id) return "";
  return `${id.resourceType}/${id.org}/${id.project}/${id.domain}/${id.name}/${id.version}`;
}

/** A readable rendering for messages: `TASK my.task` or `LAUNCH_PLAN proj/dom/name@v1`. */
export function idString(id: Identifier | undefined): string {
  if (!id) return "<missing id>";
  const scope = [id.org, id.project, id.domain].filter((s) => s !== "").join("/");
  const kind = ResourceType[id.resourceType] ?? String(id.resourceType);
  return `${kind} ${scope ? `${scope}/` : ""}${id.name}${id.version ? `@${id.version}` : ""}`;
}
