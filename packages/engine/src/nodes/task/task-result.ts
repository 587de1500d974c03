import { ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { readProtoIfExists } from "@flyte-ts/storage";
import { EngineErrorCode, fromContainerError, nodeErrorFromThrown } from "../../model/node-error.js";
import { dynamicClosure } from "../dynamic/dynamic-closure.js";
import type { NodeContext, TaskReport, Transition } from "../node-handler.js";

/**
 * What a finished attempt left in its output dir (brief §4.5.2): `futures.pb` → the node turns
 * dynamic; else `error.pb` wins (recoverable → retryable failure); else the declared outputs must
 * be in `outputs.pb` (missing → recoverable `OutputsNotFound`).
 */
export async function readTaskResult(
  ctx: NodeContext,
  task: TaskTemplate,
  report: Omit<TaskReport, "phase">,
  known?: LiteralMap,
): Promise<Transition> {
  const blobs = ctx.services.blobs;
  const paths = ctx.paths;
  if (known) return outputsTransition(task, paths.outputs, report, known);
  if (await blobs.head(paths.futures)) {
    // Compiled now (and cached in futures_compiled.pb) so DYNAMIC_RUNNING carries the closure
    // and a spec that does not compile fails the node before any of it runs.
    let closure;
    try {
      closure = await dynamicClosure(ctx);
    } catch (e) {
      const error = nodeErrorFromThrown(e, EngineErrorCode.DynamicWorkflowBuildFailed);
      return { type: "failure", error, task: { ...report, phase: "Succeeded" } };
    }
    return {
      type: "dynamicRunning",
      state: { dynamic: paths.futures },
      task: { ...report, phase: "Succeeded" },
      dynamicWorkflow: { closure, futuresUri: paths.futures },
    };
  }
  const doc = await readProtoIfExists(blobs, paths.error, ErrorDocumentSchema);
  if (doc?.error) {
    const { error, recoverable } = fromContainerError(doc.error, paths.error);
    const failed: TaskReport = { ...report, phase: "Failed", error };
    return recoverable ? { type: "retryableFailure", error, task: failed } : { type: "failure", error, task: failed };
  }
  return outputsTransition(
    task,
    paths.outputs,
    report,
    await readProtoIfExists(blobs, paths.outputs, LiteralMapSchema),
  );
}

/** The declared outputs must all be in `outputs.pb` (missing → recoverable `OutputsNotFound`). */
function outputsTransition(
  task: TaskTemplate,
  outputsUri: string,
  report: Omit<TaskReport, "phase">,
  outputs: LiteralMap | undefined,
): Transition {
  const declared = Object.keys(task.interface?.outputs?.variables ?? {});
  const missing = declared.filter((v) => outputs?.literals[v] === undefined);
  if (missing.length > 0) {
    const error = {
      kind: "USER" as const,
      code: EngineErrorCode.OutputsNotFound,
      message: `task ${task.id?.name ?? "?"} finished without output(s) ${missing.join(", ")} in ${outputsUri}`,
    };
    return { type: "retryableFailure", error, task: { ...report, phase: "Failed", error } };
  }
  return {
    type: "success",
    outputs: outputs ?? { $typeName: LiteralMapSchema.typeName, literals: {} },
    outputsWritten: outputs !== undefined,
    task: { ...report, phase: "Succeeded" },
  };
}
