import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  BindingDataSchema,
  BindingSchema,
  type Binding,
  type BindingData,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { BindingValue } from "../authoring/graph.js";
import type { RefData } from "../authoring/refs.js";
import type { FlyteType } from "../types/flyte-type.js";

/** Converts a constant to a literal with its Flyte type, naming the place on failure. */
export async function constantLiteral(value: unknown, type: FlyteType<unknown>, where: string): Promise<Literal> {
  try {
    return await type.toLiteral(value, { what: where });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new AuthoringError(
      AuthoringErrorCode.MismatchingTypes,
      `${where}: cannot use this value as ${type.name}: ${reason}`,
      {
        variable: where,
      },
    );
  }
}

/** A literal as binding data: scalars stay scalars, collections and maps recurse. */
export function literalToBindingData(lit: Literal, where: string): BindingData {
  const v = lit.value;
  switch (v.case) {
    case "scalar":
      return create(BindingDataSchema, { value: { case: "scalar", value: v.value } });
    case "collection":
      return create(BindingDataSchema, {
        value: { case: "collection", value: { bindings: v.value.literals.map((l) => literalToBindingData(l, where)) } },
      });
    case "map": {
      const bindings: Record<string, BindingData> = {};
      for (const [k, l] of Object.entries(v.value.literals)) bindings[k] = literalToBindingData(l, where);
      return create(BindingDataSchema, { value: { case: "map", value: { bindings } } });
    }
    case "offloadedMetadata":
      return create(BindingDataSchema, { value: { case: "offloadedMetadata", value: v.value } });
    case undefined:
      throw new AuthoringError(AuthoringErrorCode.InvalidValue, `${where}: the value converted to an empty literal`);
  }
}

/** An OutputReference init for a promise. */
export function outputReference(ref: RefData): MessageInitShape<typeof BindingDataSchema> {
  return {
    value: {
      case: "promise",
      value: {
        nodeId: ref.nodeId,
        var: ref.varName,
        attrPath: ref.attrPath.map((p) =>
          typeof p === "number"
            ? { value: { case: "intValue" as const, value: p } }
            : { value: { case: "stringValue" as const, value: p } },
        ),
      },
    },
  };
}

/** Serializes one binding value. */
export async function bindingData(b: BindingValue, where: string): Promise<BindingData> {
  switch (b.kind) {
    case "ref":
      return create(BindingDataSchema, outputReference(b.ref));
    case "value":
      return literalToBindingData(await constantLiteral(b.value, b.type, where), where);
    case "list": {
      const items = await Promise.all(b.items.map((i, n) => bindingData(i, `${where}[${n}]`)));
      return create(BindingDataSchema, { value: { case: "collection", value: { bindings: items } } });
    }
    case "map": {
      const bindings: Record<string, BindingData> = {};
      for (const [k, v] of Object.entries(b.entries)) bindings[k] = await bindingData(v, `${where}["${k}"]`);
      return create(BindingDataSchema, { value: { case: "map", value: { bindings } } });
    }
  }
}

/** Serializes named bindings in order. */
export async function bindings(
  map: ReadonlyMap<string, BindingValue>,
  where: (name: string) => string,
): Promise<Binding[]> {
  const out: Binding[] = [];
  for (const [name, b] of map)
    out.push(create(BindingSchema, { var: name, binding: await bindingData(b, where(name)) }));
  return out;
}

/** Every node a binding reads from (its implicit upstream edges). */
export function bindingNodeIds(b: BindingValue, into: Set<string>): void {
  switch (b.kind) {
    case "ref":
      into.add(b.ref.nodeId);
      return;
    case "value":
      return;
    case "list":
      b.items.forEach((i) => bindingNodeIds(i, into));
      return;
    case "map":
      Object.values(b.entries).forEach((i) => bindingNodeIds(i, into));
      return;
  }
}
