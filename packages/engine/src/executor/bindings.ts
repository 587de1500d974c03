import { create, type JsonValue } from "@bufbuild/protobuf";
import {
  BindingDataSchema,
  LiteralCollectionSchema,
  LiteralMapSchema,
  LiteralSchema,
  ScalarSchema,
  UnionSchema,
  type Binding,
  type BindingData,
  type Literal,
  type LiteralMap,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { PromiseAttribute } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { literals } from "@flyte-ts/idl";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode } from "../model/node-error.js";

/** Reads the outputs of a node the bindings refer to (by spec node id, in the binding's scope). */
export type OutputsLookup = (nodeId: string) => Promise<LiteralMap>;

/** Resolves a node's input bindings into its input literal map (propeller `ResolveBindingData`). */
export async function resolveBindings(bindings: readonly Binding[], lookup: OutputsLookup): Promise<LiteralMap> {
  const out: Record<string, Literal> = {};
  for (const b of bindings) {
    if (!b.binding) continue;
    out[b.var] = await resolveBindingData(b.binding, lookup, b.var);
  }
  return create(LiteralMapSchema, { literals: out });
}

async function resolveBindingData(b: BindingData, lookup: OutputsLookup, variable: string): Promise<Literal> {
  const lit = await resolveValue(b, lookup, variable);
  const target = b.union?.targetType;
  if (!target) return lit;
  return create(LiteralSchema, {
    value: { case: "scalar", value: create(ScalarSchema, { value: { case: "union", value: create(UnionSchema, { value: lit, type: target }) } }) },
  });
}

async function resolveValue(b: BindingData, lookup: OutputsLookup, variable: string): Promise<Literal> {
  const v = b.value;
  switch (v.case) {
    case "scalar":
      return create(LiteralSchema, { value: { case: "scalar", value: v.value } });
    case "collection": {
      const items: Literal[] = [];
      for (const x of v.value.bindings) items.push(await resolveBindingData(x, lookup, variable));
      return create(LiteralSchema, { value: { case: "collection", value: create(LiteralCollectionSchema, { literals: items }) } });
    }
    case "map": {
      const entries: Record<string, Literal> = {};
      for (const [k, x] of Object.entries(v.value.bindings)) entries[k] = await resolveBindingData(x, lookup, variable);
      return create(LiteralSchema, { value: { case: "map", value: create(LiteralMapSchema, { literals: entries }) } });
    }
    case "promise": {
      const outputs = await lookup(v.value.nodeId);
      const lit = outputs.literals[v.value.var];
      if (!lit) {
        throw new UserError(
          EngineErrorCode.BindingResolutionFailure,
          `input ${variable}: node ${v.value.nodeId} has no output ${v.value.var}`,
          { details: { variable, nodeId: v.value.nodeId } },
        );
      }
      return resolveAttrPath(lit, v.value.attrPath, variable);
    }
    case "offloadedMetadata":
      return create(LiteralSchema, { value: { case: "offloadedMetadata", value: v.value } });
    case undefined:
      throw new UserError(EngineErrorCode.BindingResolutionFailure, `input ${variable}: binding has no value`);
  }
}

/** Walks `attr_path` into collections, maps and generic structs (`o.a["b"][0]`). */
export function resolveAttrPath(lit: Literal, path: readonly PromiseAttribute[], variable: string): Literal {
  let cur = lit;
  for (let i = 0; i < path.length; i++) {
    const attr = path[i];
    if (!attr) break;
    const fail = (why: string): never => {
      throw new UserError(EngineErrorCode.BindingResolutionFailure, `input ${variable}: attribute path step ${i}: ${why}`, {
        details: { variable },
      });
    };
    const a = attr.value;
    if (cur.value.case === "collection" && a.case === "intValue") {
      cur = cur.value.value.literals[a.value] ?? fail(`index ${a.value} is out of range`);
    } else if (cur.value.case === "map" && a.case === "stringValue") {
      cur = cur.value.value.literals[a.value] ?? fail(`key ${a.value} not found`);
    } else if (cur.value.case === "scalar" && cur.value.value.value.case === "generic") {
      return jsonToLiteral(walkJson(cur.value.value.value.value, path.slice(i), fail));
    } else {
      fail(`cannot index a ${cur.value.case ?? "empty"} literal with ${a.case ?? "nothing"}`);
    }
  }
  return cur;
}

function walkJson(value: JsonValue, path: readonly PromiseAttribute[], fail: (why: string) => never): JsonValue {
  let cur: JsonValue = value;
  for (const attr of path) {
    const a = attr.value;
    if (Array.isArray(cur) && a.case === "intValue") cur = (cur as JsonValue[])[a.value] ?? fail(`index ${a.value} is out of range`);
    else if (cur !== null && typeof cur === "object" && !Array.isArray(cur) && a.case === "stringValue") {
      const next = (cur as Record<string, JsonValue>)[a.value];
      cur = next === undefined ? fail(`field ${a.value} not found`) : next;
    } else fail(`cannot index ${JSON.stringify(cur)}`);
  }
  return cur;
}

/** A JSON value as a literal: numbers become floats, objects generic structs (Flyte's rule). */
function jsonToLiteral(v: JsonValue): Literal {
  if (v === null) return literals.none();
  if (typeof v === "number") return literals.float(v);
  if (typeof v === "string") return literals.string(v);
  if (typeof v === "boolean") return literals.boolean(v);
  if (Array.isArray(v)) return literals.collection((v as JsonValue[]).map(jsonToLiteral));
  return literals.generic(v as Record<string, JsonValue>);
}

/** A literal as binding data (for constant inputs built by the engine). */
export function literalToBindingData(lit: Literal): BindingData {
  switch (lit.value.case) {
    case "scalar":
      return create(BindingDataSchema, { value: { case: "scalar", value: lit.value.value } });
    case "collection":
      return create(BindingDataSchema, {
        value: { case: "collection", value: { bindings: lit.value.value.literals.map(literalToBindingData) } },
      });
    case "map": {
      const m: Record<string, BindingData> = {};
      for (const [k, x] of Object.entries(lit.value.value.literals)) m[k] = literalToBindingData(x);
      return create(BindingDataSchema, { value: { case: "map", value: { bindings: m } } });
    }
    case "offloadedMetadata":
      return create(BindingDataSchema, { value: { case: "offloadedMetadata", value: lit.value.value } });
    case undefined:
      return create(BindingDataSchema);
  }
}
