import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode } from "../../model/node-error.js";
import type { JsonValue } from "../../state/state-store.js";
import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";
import { evaluateCondition } from "./conditions.js";

interface BranchState {
  readonly taken: string;
}

function stateOf(v: JsonValue | undefined): BranchState | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const taken = (v as { readonly [k: string]: JsonValue })["taken"];
  return typeof taken === "string" ? { taken } : undefined;
}

/**
 * Branch nodes: on first evaluation the if/elif/else cases are evaluated in order on the node's
 * inputs; the taken node runs in a child scope, every other case node is Skipped. No case and no
 * else: the user's error (`UserProvidedError`). The branch's outputs are the taken node's.
 */
export const branchHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    if (ctx.node.target.case !== "branchNode")
      throw new UserError("NotABranchNode", `node ${ctx.node.id} is not a branch`);
    const ifElse = ctx.node.target.value.ifElse;
    const children: Node[] = [];
    if (ifElse?.case?.thenNode) children.push(ifElse.case.thenNode);
    for (const b of ifElse?.other ?? []) if (b.thenNode) children.push(b.thenNode);
    if (ifElse?.default.case === "elseNode") children.push(ifElse.default.value);
    let state = stateOf(ctx.state);
    if (!state) {
      const inputs = await ctx.inputs();
      const cases = [ifElse?.case, ...(ifElse?.other ?? [])];
      const hit = cases.find((c) => c && evaluateCondition(c.condition, inputs));
      const taken = hit?.thenNode?.id ?? (ifElse?.default.case === "elseNode" ? ifElse.default.value.id : undefined);
      if (taken === undefined) {
        const message =
          ifElse?.default.case === "error" ? ifElse.default.value.message : `no case of branch ${ctx.node.id} matched`;
        return { type: "failure", error: { kind: "USER", code: EngineErrorCode.UserProvidedError, message } };
      }
      state = { taken };
    }
    const scope = await ctx.openScope({
      id: `${ctx.uniqueId}#${ctx.attempt}`,
      kind: "branch",
      owner: ctx.scopeOwner,
      nodes: children,
      closure: ctx.closure,
      failurePolicy: ctx.scope.failurePolicy,
      interruptibleDefault: ctx.scope.interruptibleDefault,
      skipped: new Set(children.map((c) => c.id).filter((id) => id !== state.taken)),
      enclosingScopeId: ctx.scope.id,
      inDynamic: ctx.scope.inDynamic,
    });
    const status = scope.status;
    switch (status.state) {
      case "running":
        return { type: "running", state: { taken: state.taken } };
      case "succeeded":
        return { type: "success", outputs: (await scope.outputsOf(state.taken)) ?? create(LiteralMapSchema) };
      case "failed":
        return { type: "failure", error: status.error };
    }
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};
