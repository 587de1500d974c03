import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { literalMap, literals } from "@flyte-ts/idl";
import {
  ExecutionCreateRequestSchema,
  ExecutionMetadata_ExecutionMode,
  type ExecutionCreateRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { EntityId } from "../persistence/repositories/common.js";

/** Recorded as the execution's principal. */
export const SCHEDULER_PRINCIPAL = "flyte-scheduler";

/**
 * The execution name of one fire time of one launch plan: `f` + 19 hex digits of a hash of
 * `project:domain:name:<unix seconds>` (20 characters, a letter first, as execution names must).
 * The version is left out on purpose: one fire time of a launch plan name is launched once, even
 * when its active version changes around it. Any scheduler computes the same name, so a second one
 * gets ALREADY_EXISTS instead of a duplicate.
 */
export function scheduledExecutionName(id: EntityId, slot: number): string {
  const seconds = Math.floor(slot / 1000);
  const digest = createHash("sha256").update(`${id.project}:${id.domain}:${id.name}:${seconds}`).digest("hex");
  return `f${digest.slice(0, 19)}`;
}

/**
 * CreateExecution for a fire time: mode SCHEDULED with `scheduled_at`, and the kickoff input (when
 * the schedule names one) set to the fire time as a DATETIME. Every other input comes from the
 * launch plan's defaults and fixed inputs. Unlike Flyte's native scheduler, fixed-rate schedules
 * get the kickoff input too (Flyte sets it for cron schedules only, which fails a fixed-rate plan
 * whose kickoff input is required).
 */
export function scheduledExecutionRequest(
  id: EntityId,
  slot: number,
  kickoffTimeInputArg: string,
): ExecutionCreateRequest {
  return create(ExecutionCreateRequestSchema, {
    project: id.project,
    domain: id.domain,
    name: scheduledExecutionName(id, slot),
    spec: {
      launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...id },
      metadata: {
        mode: ExecutionMetadata_ExecutionMode.SCHEDULED,
        scheduledAt: timestampFromMs(slot),
        principal: SCHEDULER_PRINCIPAL,
      },
    },
    inputs: literalMap(kickoffTimeInputArg ? { [kickoffTimeInputArg]: literals.datetime(new Date(slot)) } : {}),
  });
}
