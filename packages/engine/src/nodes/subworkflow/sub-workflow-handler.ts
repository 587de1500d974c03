import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { END_NODE_ID } from "@flyte-ts/storage";
import { UserError } from "@flyte-ts/core";
import { failurePolicyOf, nodesWithStartEnd } from "../../executor/scope.js";
import { EngineErrorCode, type NodeError } from "../../model/node-error.js";
import type { JsonValue } from "../../state/state-store.js";
import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";

function failingError(v: JsonValue | undefined): NodeError | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const e = (v as { failing?: unknown }).failing;
  if (e === null || typeof e !== "object") return undefined;
  const o = e as Record<string, unknown>;
  if (typeof o.code !== "string" || typeof o.message !== "string") return undefined;
  const kind = o.kind === "USER" || o.kind === "SYSTEM" ? o.kind : "UNKNOWN";
  return { kind, code: o.code, message: o.message };
}

/**
 * Inline sub-workflows: the node's inputs feed the sub-DAG's start node; the end node's outputs
 * become the node's. On failure the sub-DAG is aborted and, when the sub-workflow has a failure
 * node, it runs (with the error as `err`) before the node fails with the original error.
 * The sub-workflow's own failure policy is honoured.
 */
export const subWorkflowHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    const t = ctx.node.target;
    if (t.case !== "workflowNode" || t.value.reference.case !== "subWorkflowRef") {
      throw new UserError("NotASubWorkflowNode", `node ${ctx.node.id} is not a sub-workflow node`);
    }
    const compiled = ctx.closure.subWorkflow(t.value.reference.value);
    const template = compiled.template;
    if (!template)
      throw new UserError(EngineErrorCode.WorkflowNotFound, `sub-workflow of node ${ctx.node.id} has no template`);
    const dagId = `${ctx.uniqueId}#${ctx.attempt}`;
    const failing = failingError(ctx.state);
    if (failing) {
      const failureNode = template.failureNode;
      if (!failureNode) return { type: "failure", error: failing };
      const fscope = await ctx.openScope({
        id: `${dagId}#failure`,
        kind: "failure",
        owner: ctx.scopeOwner,
        nodes: [failureNode],
        closure: ctx.closure,
        failurePolicy: "failImmediately",
        interruptibleDefault: ctx.scope.interruptibleDefault,
        enclosingScopeId: dagId,
        failureError: failing,
        inDynamic: ctx.scope.inDynamic,
      });
      return fscope.status.state === "running" ? { type: "running" } : { type: "failure", error: failing };
    }
    const scope = await ctx.openScope({
      id: dagId,
      kind: "dag",
      owner: ctx.scopeOwner,
      nodes: nodesWithStartEnd(template),
      ...(compiled.connections ? { connections: compiled.connections } : {}),
      closure: ctx.closure,
      failurePolicy: failurePolicyOf(template),
      interruptibleDefault: template.metadataDefaults?.interruptible ?? ctx.scope.interruptibleDefault,
      inputs: await ctx.inputs(),
      inDynamic: ctx.scope.inDynamic,
    });
    const status = scope.status;
    switch (status.state) {
      case "running":
        return { type: "running" };
      case "succeeded": {
        const outputs = await scope.outputsOf(END_NODE_ID);
        if (!outputs) {
          return {
            type: "failure",
            error: {
              kind: "SYSTEM",
              code: EngineErrorCode.OutputsNotFound,
              message: `sub-workflow of node ${ctx.node.id} produced no outputs`,
            },
          };
        }
        return { type: "success", outputs: outputs ?? create(LiteralMapSchema) };
      }
      case "failed": {
        const error: NodeError = {
          ...status.error,
          message: `sub-workflow node ${status.failedNodeId} failed: ${status.error.message}`,
        };
        if (!template.failureNode) return { type: "failure", error };
        await ctx.abortScope(dagId, `sub-workflow of ${ctx.node.id} is failing`);
        ctx.wake();
        return { type: "running", state: { failing: { kind: error.kind, code: error.code, message: error.message } } };
      }
    }
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};
