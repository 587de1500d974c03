import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";

/** The end node: its inputs are the resolved workflow output bindings; they become its outputs. */
export const endHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    return { type: "success", outputs: await ctx.inputs() };
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};
