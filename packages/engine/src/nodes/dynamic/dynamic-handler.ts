import { END_NODE_ID } from "@flyte-ts/storage";
import { ClosureIndex } from "../../executor/closure-index.js";
import { failurePolicyOf, nodesWithStartEnd, type ScopeSpec } from "../../executor/scope.js";
import { EngineErrorCode } from "../../model/node-error.js";
import type { ChildScope, NodeContext, NodeHandler, Transition } from "../node-handler.js";
import { taskExecutionContext } from "../task/task-context.js";
import { dynamicClosure } from "./dynamic-closure.js";

/**
 * Dynamic nodes: the parent task already ran and wrote `futures.pb`; its compiled workflow runs
 * as a child scope of this attempt, and the sub-DAG's end-node outputs become the node's. A
 * failed sub-DAG fails the node with the child's error (already past the child's own retries).
 */
export const dynamicHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    const scopeId = `${ctx.uniqueId}#${ctx.attempt}#dynamic`;
    const scope = ctx.scopeById(scopeId) ?? (await open(ctx, scopeId));
    const status = scope.status;
    switch (status.state) {
      case "running":
        return { type: "dynamicRunning" };
      case "succeeded": {
        const outputs = await scope.outputsOf(END_NODE_ID);
        if (!outputs) {
          return {
            type: "failure",
            error: {
              kind: "SYSTEM",
              code: EngineErrorCode.OutputsNotFound,
              message: `dynamic node ${ctx.node.id}: sub-workflow produced no outputs`,
            },
          };
        }
        return { type: "success", outputs };
      }
      case "failed":
        return {
          type: "failure",
          error: {
            ...status.error,
            message: `dynamic sub-node ${status.failedNodeId} failed: ${status.error.message}`,
          },
        };
    }
  },
  abort: () => Promise.resolve(),
  async finalize(ctx: NodeContext): Promise<void> {
    const task = ctx.task();
    await ctx.services.plugins.resolve(task.type).finalize(taskExecutionContext(ctx, task));
  },
};

async function open(ctx: NodeContext, scopeId: string): Promise<ChildScope> {
  const closure = await dynamicClosure(ctx);
  const primary = closure.primary;
  const template = primary?.template;
  const spec: ScopeSpec = {
    id: scopeId,
    kind: "dag",
    owner: ctx.scopeOwner,
    nodes: template ? nodesWithStartEnd(template) : [],
    ...(primary?.connections ? { connections: primary.connections } : {}),
    closure: new ClosureIndex(closure),
    failurePolicy: failurePolicyOf(template),
    interruptibleDefault: ctx.scope.interruptibleDefault,
    inputs: await ctx.inputs(),
    inDynamic: true,
  };
  return ctx.openScope(spec);
}
