import { create, toBinary, toJsonString } from "@bufbuild/protobuf";
import { types } from "@flyte-ts/idl";
import {
  LiteralOffloadedMetadataSchema,
  LiteralSchema,
  type Literal,
  type Scalar,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  BlobType_BlobDimensionality,
  LiteralTypeSchema,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { needData } from "./engine-type.js";
import type { TypeContext } from "./flyte-type.js";

export { loadOffloaded } from "./engine-type.js";

/** Options of `offloadIfLarge`: the literal's type and the variable's name. */
export interface OffloadOptions {
  /** The literal's type, stored as `inferred_type`; inferred from the literal when absent. */
  readonly type?: LiteralType;
  /** Name of the variable, used in the stored object's name (`<name>_offloaded_metadata.pb`). */
  readonly name?: string;
}

/**
 * Offloads a literal the way flytekit does for large outputs: when its serialized size reaches
 * `thresholdBytes`, the `Literal` protobuf is written to a fresh raw URI and replaced by an
 * `offloaded_metadata {uri, size_bytes, inferred_type}` literal. Every `fromLiteral` of the type
 * engine loads such literals transparently.
 */
export async function offloadIfLarge(
  literal: Literal,
  ctx: TypeContext,
  thresholdBytes: number,
  options: OffloadOptions = {},
): Promise<Literal> {
  if (literal.value.case === "offloadedMetadata") return literal;
  const bytes = toBinary(LiteralSchema, literal);
  if (bytes.length < thresholdBytes) return literal;
  const data = needData(ctx);
  const uri = data.newRawUri(`${options.name ?? "literal"}_offloaded_metadata.pb`);
  await data.write(uri, bytes);
  return create(LiteralSchema, {
    value: {
      case: "offloadedMetadata",
      value: create(LiteralOffloadedMetadataSchema, {
        uri,
        sizeBytes: BigInt(bytes.length),
        inferredType: options.type ?? inferLiteralType(literal),
      }),
    },
  });
}

/** The type of a literal (Flyte's `LiteralTypeForLiteral`, §2.5): mixed collections give unions. */
export function inferLiteralType(literal: Literal): LiteralType {
  const v = literal.value;
  switch (v.case) {
    case "collection":
      return types.collection(common(v.value.literals.map(inferLiteralType)));
    case "map":
      return types.map(common(Object.values(v.value.literals).map(inferLiteralType)));
    case "offloadedMetadata":
      return v.value.inferredType ?? types.none();
    case undefined:
      return types.none();
    case "scalar":
      return scalarType(v.value);
  }
}

function scalarType(scalar: Scalar): LiteralType {
  const s = scalar.value;
  switch (s.case) {
    case "primitive":
      switch (s.value.value.case) {
        case "integer":
          return types.integer();
        case "floatValue":
          return types.float();
        case "stringValue":
          return types.string();
        case "boolean":
          return types.boolean();
        case "datetime":
          return types.datetime();
        case "duration":
          return types.duration();
        case undefined:
          return types.none();
      }
      break;
    case "blob": {
      const bt = s.value.metadata?.type;
      return types.blob(
        bt?.format ?? "",
        bt?.dimensionality === BlobType_BlobDimensionality.MULTIPART ? "multipart" : "single",
      );
    }
    case "binary":
      return s.value.tag === "msgpack" ? types.struct() : types.binary();
    case "generic":
      return types.struct();
    case "noneType":
      return types.none();
    case "error":
      return types.error();
    case "structuredDataset":
      return s.value.metadata?.structuredDatasetType
        ? create(LiteralTypeSchema, {
            type: { case: "structuredDatasetType", value: s.value.metadata.structuredDatasetType },
          })
        : types.structuredDataset("");
    case "union":
      return types.union([s.value.type ?? types.none()]);
    case "schema":
      return s.value.type ? create(LiteralTypeSchema, { type: { case: "schema", value: s.value.type } }) : types.none();
    case undefined:
      return types.none();
  }
}

/** One type for the members of a collection or map: NONE when empty, a sorted union when they differ. */
function common(members: readonly LiteralType[]): LiteralType {
  const distinct = new Map<string, LiteralType>();
  for (const m of members) distinct.set(toJsonString(LiteralTypeSchema, m), m);
  if (distinct.size === 0) return types.none();
  if (distinct.size === 1) return [...distinct.values()][0] ?? types.none();
  return types.union([...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t));
}
