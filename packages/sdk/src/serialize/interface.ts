import { create } from "@bufbuild/protobuf";
import {
  TypedInterfaceSchema,
  VariableSchema,
  type TypedInterface,
  type Variable,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { EntityInterface } from "../authoring/interface.js";
import type { FlyteType } from "../types/flyte-type.js";

/** A Flyte TypedInterface; descriptions default to the variable name, as flytekit does. */
export function typedInterface(
  iface: EntityInterface,
  overrides?: {
    inputs?: Readonly<Record<string, FlyteType<unknown>>>;
    outputs?: Readonly<Record<string, FlyteType<unknown>>>;
  },
): TypedInterface {
  return create(TypedInterfaceSchema, {
    inputs: { variables: variables(overrides?.inputs ?? iface.inputs, iface.descriptions.inputs) },
    outputs: { variables: variables(overrides?.outputs ?? iface.outputs, iface.descriptions.outputs) },
  });
}

export function variables(
  types: Readonly<Record<string, FlyteType<unknown>>>,
  descriptions: Readonly<Record<string, string>>,
): Record<string, Variable> {
  const out: Record<string, Variable> = {};
  for (const [name, type] of Object.entries(types)) {
    out[name] = create(VariableSchema, { type: type.literalType, description: descriptions[name] ?? name });
  }
  return out;
}
