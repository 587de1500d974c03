import { equals } from "@bufbuild/protobuf";
import {
  BlobTypeSchema,
  EnumTypeSchema,
  LiteralTypeSchema,
  SchemaTypeSchema,
  StructuredDatasetTypeSchema,
  UnionTypeSchema,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";

/** Exact equality of two types, side information (metadata, annotation, structure) included. */
export function typesEqual(a: LiteralType | undefined, b: LiteralType | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return equals(LiteralTypeSchema, a, b);
}

/**
 * Equality of the `type` oneof only: the top-level `metadata`, `annotation` and `structure` are
 * ignored (nested types are still compared exactly), which is how Flyte's "trivial" checker compares.
 */
export function typesEqualIgnoringSideInfo(a: LiteralType, b: LiteralType): boolean {
  const x = a.type;
  const y = b.type;
  switch (x.case) {
    case "simple":
      return y.case === "simple" && x.value === y.value;
    case "schema":
      return y.case === "schema" && equals(SchemaTypeSchema, x.value, y.value);
    case "collectionType":
      return y.case === "collectionType" && equals(LiteralTypeSchema, x.value, y.value);
    case "mapValueType":
      return y.case === "mapValueType" && equals(LiteralTypeSchema, x.value, y.value);
    case "blob":
      return y.case === "blob" && equals(BlobTypeSchema, x.value, y.value);
    case "enumType":
      return y.case === "enumType" && equals(EnumTypeSchema, x.value, y.value);
    case "structuredDatasetType":
      return y.case === "structuredDatasetType" && equals(StructuredDatasetTypeSchema, x.value, y.value);
    case "unionType":
      return y.case === "unionType" && equals(UnionTypeSchema, x.value, y.value);
    case undefined:
      return y.case === undefined;
  }
}
