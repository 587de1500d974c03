import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";

/** The start node: its outputs are the scope's inputs (workflow inputs, sub-workflow node inputs). */
export const startHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    return { type: "success", outputs: await ctx.inputs() };
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};
