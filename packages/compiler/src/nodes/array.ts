import type { ArrayNode } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import type { NodeKindValidator } from "../node-validators.js";

/**
 * An array (map) node: its interface is the sub-node's interface; flytekit already wraps mapped
 * inputs and outputs in collections.
 */
export const arrayNodeValidator: NodeKindValidator<"arrayNode"> = {
  resolveInterface(ctx, s, target: ArrayNode) {
    if (!target.node) {
      ctx.shared.errors.add(
        CompileErrorCode.ValueRequired,
        s.node.id,
        `array node ${s.node.id}: has no sub-node to run`,
      );
      return undefined;
    }
    return ctx.resolveInterface(ctx.state(target.node));
  },
  validate() {
    // The sub-node's interface was validated while resolving the array node's interface.
  },
};
