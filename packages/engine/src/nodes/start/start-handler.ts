import { ROOT_SCOPE } from "../../executor/execution-runner.js";
import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";

/** The start node: its outputs are the scope's inputs (workflow inputs, sub-workflow node inputs). */
export const startHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    // The top-level start node's outputs.pb is the workflow inputs file, written at creation.
    return { type: "success", outputs: await ctx.inputs(), outputsWritten: ctx.scope.id === ROOT_SCOPE };
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};
