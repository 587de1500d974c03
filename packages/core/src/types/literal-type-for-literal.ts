import { create, toBinary } from "@bufbuild/protobuf";
import type { Literal, Primitive, Scalar } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  LiteralTypeSchema,
  SimpleType,
  StructuredDatasetTypeSchema,
  UnionTypeSchema,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";

/** The tag flytekit puts on msgpack-encoded `Binary` values (dataclasses, Pydantic models, dicts). */
export const MSGPACK_TAG = "msgpack";

function simple(value: SimpleType): LiteralType {
  return create(LiteralTypeSchema, { type: { case: "simple", value } });
}

/** The simple type of a primitive value (an unset primitive is NONE). */
export function literalTypeForPrimitive(p: Primitive | undefined): LiteralType {
  switch (p?.value.case) {
    case "integer":
      return simple(SimpleType.INTEGER);
    case "floatValue":
      return simple(SimpleType.FLOAT);
    case "stringValue":
      return simple(SimpleType.STRING);
    case "boolean":
      return simple(SimpleType.BOOLEAN);
    case "datetime":
      return simple(SimpleType.DATETIME);
    case "duration":
      return simple(SimpleType.DURATION);
    case undefined:
      return simple(SimpleType.NONE);
  }
}

/** The type of a scalar value, or `undefined` when it cannot be told (blob without metadata, unset). */
export function literalTypeForScalar(s: Scalar): LiteralType | undefined {
  const v = s.value;
  switch (v.case) {
    case "primitive":
      return literalTypeForPrimitive(v.value);
    case "blob": {
      const blobType = v.value.metadata?.type;
      return blobType ? create(LiteralTypeSchema, { type: { case: "blob", value: blobType } }) : undefined;
    }
    case "binary":
      return simple(v.value.tag === MSGPACK_TAG ? SimpleType.STRUCT : SimpleType.BINARY);
    case "schema":
      return v.value.type ? create(LiteralTypeSchema, { type: { case: "schema", value: v.value.type } }) : undefined;
    case "structuredDataset":
      return create(LiteralTypeSchema, {
        type: {
          case: "structuredDatasetType",
          value: v.value.metadata?.structuredDatasetType ?? create(StructuredDatasetTypeSchema),
        },
      });
    case "noneType":
      return simple(SimpleType.NONE);
    case "error":
      return simple(SimpleType.ERROR);
    case "generic":
      return simple(SimpleType.STRUCT);
    case "union": {
      const variant = v.value.type;
      return variant ? unionOf([variant]) : undefined;
    }
    case undefined:
      return undefined;
  }
}

function unionOf(variants: LiteralType[]): LiteralType {
  return create(LiteralTypeSchema, { type: { case: "unionType", value: create(UnionTypeSchema, { variants }) } });
}

/** A deterministic sort/dedup key: the type's binary encoding, one char per byte. */
function typeKey(t: LiteralType): string {
  let key = "";
  for (const b of toBinary(LiteralTypeSchema, t)) key += String.fromCharCode(b);
  return key;
}

/**
 * The element type of a collection or map: NONE when empty, the common type when all members agree,
 * otherwise a union of the distinct member types (nested unions flattened, sorted for determinism).
 */
function elementTypeOf(members: Iterable<Literal>): LiteralType | undefined {
  const memberTypes = new Map<string, LiteralType>();
  for (const m of members) {
    const t = literalTypeForLiteral(m);
    if (t === undefined) return undefined;
    memberTypes.set(typeKey(t), t);
  }
  if (memberTypes.size === 0) return simple(SimpleType.NONE);
  if (memberTypes.size === 1) {
    const [only] = memberTypes.values();
    return only;
  }
  const distinct = new Map<string, LiteralType>();
  for (const t of memberTypes.values()) {
    const parts = t.type.case === "unionType" ? t.type.value.variants : [t];
    for (const p of parts) distinct.set(typeKey(p), p);
  }
  const sorted = [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
  return unionOf(sorted);
}

/** Flyte's `LiteralTypeForLiteral`: the static type of a value, or `undefined` when it cannot be told. */
export function literalTypeForLiteral(l: Literal): LiteralType | undefined {
  const v = l.value;
  switch (v.case) {
    case "scalar":
      return literalTypeForScalar(v.value);
    case "collection": {
      const el = elementTypeOf(v.value.literals);
      return el && create(LiteralTypeSchema, { type: { case: "collectionType", value: el } });
    }
    case "map": {
      const el = elementTypeOf(Object.values(v.value.literals));
      return el && create(LiteralTypeSchema, { type: { case: "mapValueType", value: el } });
    }
    case "offloadedMetadata":
      return v.value.inferredType;
    case undefined:
      return undefined;
  }
}
