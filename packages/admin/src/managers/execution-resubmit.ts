import { create, fromBinary } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { ObjectGetRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { ExecutionMetadata_ExecutionMode, ExecutionSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { readProtoIfExists } from "@flyte-ts/storage";
import type { NamedId } from "../persistence/repositories/common.js";
import { entityIdOf } from "./entity-helpers.js";
import { failedLaunchPatch } from "./execution-failure.js";
import type { ExecutionManagerOptions } from "./execution-manager.js";

/**
 * Hands a stored, never-started execution (QUEUED in admin, unknown to the engine: a crash
 * between the two) to the engine again, from its stored spec and merged inputs; FAILED when its
 * workflow or inputs are gone or the engine refuses it.
 */
export async function resubmitExecution(o: ExecutionManagerOptions, id: NamedId): Promise<void> {
  const model = await o.context.repositories.executions.get(id);
  const spec = fromBinary(ExecutionSpecSchema, model.spec);
  const lp = await o.launchPlans.get(create(ObjectGetRequestSchema, spec.launchPlan ? { id: spec.launchPlan } : {}));
  const wfId = lp.spec?.workflowId;
  const closure = wfId
    ? await o.workflows.getClosure(entityIdOf({ ...wfId, resourceType: ResourceType.WORKFLOW }))
    : undefined;
  const inputs = await readProtoIfExists(o.blobs, model.inputsUri, LiteralMapSchema);
  if (!closure || !inputs) {
    await o.context.repositories.executions.update(
      id,
      failedLaunchPatch(model, new Error("its workflow or inputs are gone"), o.context.now()),
    );
    return;
  }
  const parent = model.parentNodeExecution;
  try {
    await o.launcher.launch({
      id,
      closure,
      inputs,
      overwriteCache: spec.overwriteCache,
      maxParallelism: spec.maxParallelism,
      ...(spec.interruptible === undefined ? {} : { interruptible: spec.interruptible }),
      ...(spec.metadata?.mode === ExecutionMetadata_ExecutionMode.RECOVERED && model.referenceExecution
        ? { recoverFrom: model.referenceExecution }
        : {}),
      ...(parent ? { parent: { execution: parent.executionId, nodeUniqueId: parent.nodeId } } : {}),
    });
  } catch (e) {
    if (isFlyteError(e) && e.status === "already_exists") return;
    await o.context.repositories.executions.update(id, failedLaunchPatch(model, e, o.context.now()));
  }
}
