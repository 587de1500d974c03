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
import { SimpleType, type LiteralType, type PromiseAttribute } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { MSGPACK_TAG } from "@flyte-ts/core";
import { decodeMsgpack, encodeMsgpack, type DecodedMsg } from "@flyte-ts/sdk";
import { literals } from "@flyte-ts/idl";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode } from "../model/node-error.js";

/** Reads the outputs of a node the bindings refer to (by spec node id, in the binding's scope). */
export type OutputsLookup = (nodeId: string) => Promise<LiteralMap>;
/** The declared type of a node input, when known (guides values taken out of msgpack structs). */
export type ExpectedType = (variable: string) => LiteralType | undefined;

/** Resolves a node's input bindings into its input literal map (propeller `ResolveBindingData`). */
export async function resolveBindings(
  bindings: readonly Binding[],
  lookup: OutputsLookup,
  expected?: ExpectedType,
): Promise<LiteralMap> {
  const out: Record<string, Literal> = {};
  for (const b of bindings) {
    if (!b.binding) continue;
    out[b.var] = await resolveBindingData(b.binding, lookup, b.var, expected?.(b.var));
  }
  return create(LiteralMapSchema, { literals: out });
}

async function resolveBindingData(
  b: BindingData,
  lookup: OutputsLookup,
  variable: string,
  expected?: LiteralType,
): Promise<Literal> {
  const lit = await resolveValue(b, lookup, variable, expected);
  const target = b.union?.targetType;
  if (!target) return lit;
  return create(LiteralSchema, {
    value: {
      case: "scalar",
      value: create(ScalarSchema, {
        value: { case: "union", value: create(UnionSchema, { value: lit, type: target }) },
      }),
    },
  });
}

async function resolveValue(
  b: BindingData,
  lookup: OutputsLookup,
  variable: string,
  expected?: LiteralType,
): Promise<Literal> {
  const v = b.value;
  switch (v.case) {
    case "scalar":
      return create(LiteralSchema, { value: { case: "scalar", value: v.value } });
    case "collection": {
      const items: Literal[] = [];
      const element = expected?.type.case === "collectionType" ? expected.type.value : undefined;
      for (const x of v.value.bindings) items.push(await resolveBindingData(x, lookup, variable, element));
      return create(LiteralSchema, {
        value: { case: "collection", value: create(LiteralCollectionSchema, { literals: items }) },
      });
    }
    case "map": {
      const entries: Record<string, Literal> = {};
      const values = expected?.type.case === "mapValueType" ? expected.type.value : undefined;
      for (const [k, x] of Object.entries(v.value.bindings))
        entries[k] = await resolveBindingData(x, lookup, variable, values);
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
      return resolveAttrPath(lit, v.value.attrPath, variable, expected);
    }
    case "offloadedMetadata":
      return create(LiteralSchema, { value: { case: "offloadedMetadata", value: v.value } });
    case undefined:
      throw new UserError(EngineErrorCode.BindingResolutionFailure, `input ${variable}: binding has no value`);
  }
}

/** Walks `attr_path` into collections, maps and generic structs (`o.a["b"][0]`). */
export function resolveAttrPath(
  lit: Literal,
  path: readonly PromiseAttribute[],
  variable: string,
  expected?: LiteralType,
): Literal {
  let cur = lit;
  for (let i = 0; i < path.length; i++) {
    const attr = path[i];
    if (!attr) break;
    const fail = (why: string): never => {
      throw new UserError(
        EngineErrorCode.BindingResolutionFailure,
        `input ${variable}: attribute path step ${i}: ${why}`,
        {
          details: { variable },
        },
      );
    };
    const a = attr.value;
    if (cur.value.case === "collection" && a.case === "intValue") {
      cur = cur.value.value.literals[a.value] ?? fail(`index ${a.value} is out of range`);
    } else if (cur.value.case === "map" && a.case === "stringValue") {
      cur = cur.value.value.literals[a.value] ?? fail(`key ${a.value} not found`);
    } else if (cur.value.case === "scalar" && cur.value.value.value.case === "generic") {
      return jsonToLiteral(walkJson(cur.value.value.value.value, path.slice(i), fail));
    } else if (
      cur.value.case === "scalar" &&
      cur.value.value.value.case === "binary" &&
      cur.value.value.value.value.tag === MSGPACK_TAG
    ) {
      return msgToLiteral(walkMsg(decodeMsgpack(cur.value.value.value.value.value), path.slice(i), fail), expected);
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
    if (Array.isArray(cur) && a.case === "intValue") cur = cur[a.value] ?? fail(`index ${a.value} is out of range`);
    else if (cur !== null && typeof cur === "object" && !Array.isArray(cur) && a.case === "stringValue") {
      const next = (cur as Record<string, JsonValue>)[a.value];
      cur = next === undefined ? fail(`field ${a.value} not found`) : next;
    } else fail(`cannot index ${JSON.stringify(cur)}`);
  }
  return cur;
}

function walkMsg(value: DecodedMsg, path: readonly PromiseAttribute[], fail: (why: string) => never): DecodedMsg {
  let cur = value;
  for (const attr of path) {
    const a = attr.value;
    if (Array.isArray(cur) && a.case === "intValue") cur = cur[a.value] ?? fail(`index ${a.value} is out of range`);
    else if (
      cur !== null &&
      typeof cur === "object" &&
      !Array.isArray(cur) &&
      !(cur instanceof Uint8Array) &&
      a.case === "stringValue"
    ) {
      const next = cur[a.value];
      cur = next === undefined ? fail(`field ${a.value} not found`) : next;
    } else fail(`cannot index ${typeof cur} with ${a.case ?? "nothing"}`);
  }
  return cur;
}

/**
 * A value taken out of a msgpack struct (propeller's attribute access on msgpack binaries):
 * scalars become primitives (the declared type decides int vs float), lists of scalars
 * collections, anything else a msgpack binary again.
 */
function msgToLiteral(v: DecodedMsg, expected: LiteralType | undefined): Literal {
  const simple = expected?.type.case === "simple" ? expected.type.value : undefined;
  if (v === null) return literals.none();
  if (typeof v === "boolean") return literals.boolean(v);
  if (typeof v === "bigint") return literals.integer(v);
  if (typeof v === "string") return literals.string(v);
  if (typeof v === "number") {
    if (simple === SimpleType.FLOAT) return literals.float(v);
    if (simple === SimpleType.INTEGER || Number.isInteger(v)) return literals.integer(v);
    return literals.float(v);
  }
  if (Array.isArray(v) && expected?.type.case === "collectionType") {
    const element = expected.type.value;
    return literals.collection(v.map((x) => msgToLiteral(x, element)));
  }
  return literals.binary(encodeMsgpack(v), MSGPACK_TAG);
}

/** A JSON value as a literal: numbers become floats, objects generic structs (Flyte's rule). */
function jsonToLiteral(v: JsonValue): Literal {
  if (v === null) return literals.none();
  if (typeof v === "number") return literals.float(v);
  if (typeof v === "string") return literals.string(v);
  if (typeof v === "boolean") return literals.boolean(v);
  if (Array.isArray(v)) return literals.collection(v.map(jsonToLiteral));
  return literals.generic(v);
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
