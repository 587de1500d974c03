import { create } from "@bufbuild/protobuf";
import {
  TypedInterfaceSchema,
  VariableMapSchema,
  type TypedInterface,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { CompileErrorCode, type ErrorSink } from "../errors.js";

/** An interface with both variable maps present (empty when the template left them out). */
export function completeInterface(iface: TypedInterface | undefined): TypedInterface {
  if (iface?.inputs && iface.outputs) return iface;
  return create(TypedInterfaceSchema, {
    inputs: iface?.inputs ?? create(VariableMapSchema),
    outputs: iface?.outputs ?? create(VariableMapSchema),
  });
}

/** Every declared variable must carry a type. Returns true when no error was added. */
export function validateInterfaceVariables(nodeId: string, iface: TypedInterface, errs: ErrorSink): boolean {
  const before = errs.count;
  for (const [side, map] of [
    ["input", iface.inputs],
    ["output", iface.outputs],
  ] as const) {
    for (const [name, v] of Object.entries(map?.variables ?? {})) {
      if (name === "")
        errs.add(CompileErrorCode.ValueRequired, nodeId, `node ${nodeId}: an ${side} variable has an empty name`);
      if (!v.type) {
        errs.add(CompileErrorCode.ValueRequired, nodeId, `node ${nodeId}: ${side} '${name}' has no type`, name);
      }
    }
  }
  return errs.count === before;
}
