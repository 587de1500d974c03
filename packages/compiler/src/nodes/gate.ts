import { create } from "@bufbuild/protobuf";
import { TypedInterfaceSchema, VariableMapSchema, VariableSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { GateNode } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import type { NodeKindValidator } from "../node-validators.js";
import { EdgeDirection } from "../workflow/node-state.js";

/**
 * A gate node. approve: inputs = outputs = whatever is bound (values pass through); signal: no
 * inputs and one output, `output_variable_name`, of the signal's type; sleep: empty interface.
 */
export const gateNodeValidator: NodeKindValidator<"gateNode"> = {
  resolveInterface(ctx, s, target: GateNode) {
    const id = s.node.id;
    const c = target.condition;
    switch (c.case) {
      case "approve": {
        const empty = create(VariableMapSchema);
        const { resolved } = ctx.validateBindings(s, s.node.inputs, empty, false, EdgeDirection.Upstream);
        return create(TypedInterfaceSchema, { inputs: resolved, outputs: resolved });
      }
      case "signal": {
        if (!c.value.type) {
          ctx.shared.errors.add(
            CompileErrorCode.ValueRequired,
            id,
            `gate node ${id}: signal '${c.value.signalId}' has no type`,
          );
          return undefined;
        }
        if (c.value.outputVariableName === "") {
          ctx.shared.errors.add(
            CompileErrorCode.ValueRequired,
            id,
            `gate node ${id}: signal '${c.value.signalId}' has no output_variable_name`,
          );
          return undefined;
        }
        return create(TypedInterfaceSchema, {
          inputs: create(VariableMapSchema),
          outputs: create(VariableMapSchema, {
            variables: { [c.value.outputVariableName]: create(VariableSchema, { type: c.value.type }) },
          }),
        });
      }
      case "sleep":
        return create(TypedInterfaceSchema, { inputs: create(VariableMapSchema), outputs: create(VariableMapSchema) });
      case undefined:
        ctx.shared.errors.add(
          CompileErrorCode.NoConditionFound,
          id,
          `gate node ${id}: needs an approve, signal or sleep condition`,
        );
        return undefined;
    }
  },
  validate() {
    // Gate conditions were checked while resolving the interface.
  },
};
