import { fixedLengthUniqueId, NODE_ID_MAX_LENGTH } from "@flyte-ts/storage";
import { UserError } from "@flyte-ts/core";
import type { ExecutionId } from "../../model/ids.js";
import { EngineErrorCode } from "../../model/node-error.js";
import type { LaunchPlanExecutor } from "../../launchplan/launch-plan-executor.js";
import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";

/** The child execution id: parts(parent execution name, node unique id, attempt), max 20 (brief §4.11). */
export function childExecutionId(ctx: NodeContext): ExecutionId {
  return {
    project: ctx.execution.project,
    domain: ctx.execution.domain,
    name: fixedLengthUniqueId(NODE_ID_MAX_LENGTH, [ctx.execution.name, ctx.uniqueId, String(ctx.attempt)]),
  };
}

function executor(ctx: NodeContext): LaunchPlanExecutor {
  const lp = ctx.services.launchPlans;
  if (!lp)
    throw new UserError(
      EngineErrorCode.LaunchPlanFailed,
      `node ${ctx.node.id} launches a launch plan, but the engine has no launch-plan executor`,
    );
  return lp;
}

/**
 * Launch-plan nodes run a child execution (mode CHILD_WORKFLOW) with a deterministic id, so a
 * retried evaluation or a restart never launches twice. The node follows the child: its outputs
 * on success, its error on failure, a USER failure when it was aborted. Aborting the node
 * terminates the child (cascading abort).
 */
export const launchPlanHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    const t = ctx.node.target;
    if (t.case !== "workflowNode" || t.value.reference.case !== "launchplanRef") {
      throw new UserError("NotALaunchPlanNode", `node ${ctx.node.id} is not a launch-plan node`);
    }
    const lp = executor(ctx);
    const childId = childExecutionId(ctx);
    const state = { childExecution: { ...childId } };
    const watch = lp.watch?.bind(lp);
    if (watch) ctx.watch(`child:${childId.name}`, (wake) => watch(childId, wake));
    if (ctx.state === undefined) {
      await lp.launch({
        childId,
        launchPlanId: t.value.reference.value,
        inputs: await ctx.inputs(),
        parent: { execution: ctx.execution, nodeUniqueId: ctx.uniqueId },
        maxParallelism: ctx.config.maxParallelism,
        overwriteCache: ctx.config.overwriteCache,
        ...(ctx.config.interruptible === undefined ? {} : { interruptible: ctx.config.interruptible }),
        ...(ctx.config.recoverFrom
          ? {
              recoverFrom: {
                ...ctx.config.recoverFrom,
                name: fixedLengthUniqueId(NODE_ID_MAX_LENGTH, [
                  ctx.config.recoverFrom.name,
                  ctx.uniqueId,
                  String(ctx.attempt),
                ]),
              },
            }
          : {}),
      });
      return { type: "running", state };
    }
    const status = await lp.status(childId);
    switch (status.phase) {
      case "running":
        return { type: "running", state };
      case "succeeded":
        return { type: "success", outputs: status.outputs, state };
      case "failed":
        return { type: "failure", error: status.error, state };
      case "aborted":
        return {
          type: "failure",
          error: {
            kind: "USER",
            code: EngineErrorCode.ChildExecutionAborted,
            message: `child execution ${childId.name} was aborted: ${status.reason}`,
          },
          state,
        };
      case "notFound":
        return {
          type: "retryableFailure",
          error: {
            kind: "SYSTEM",
            code: EngineErrorCode.LaunchPlanFailed,
            message: `child execution ${childId.name} does not exist`,
          },
        };
    }
  },
  async abort(ctx: NodeContext, reason: string): Promise<void> {
    if (ctx.state === undefined) return;
    await executor(ctx).abort(childExecutionId(ctx), reason);
  },
  finalize: () => Promise.resolve(),
};
