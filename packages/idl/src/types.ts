import { create } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import {
  BlobType_BlobDimensionality,
  BlobTypeSchema,
  EnumTypeSchema,
  LiteralTypeSchema,
  SimpleType,
  StructuredDatasetType_DatasetColumnSchema,
  StructuredDatasetTypeSchema,
  UnionTypeSchema,
  type LiteralType,
} from "./gen/flyteidl/core/types_pb.js";

/** Constructors for flyteidl `LiteralType`s. */
export const types = {
  simple(simple: SimpleType, metadata?: JsonObject): LiteralType {
    return create(LiteralTypeSchema, { type: { case: "simple", value: simple }, ...(metadata ? { metadata } : {}) });
  },
  none: (): LiteralType => types.simple(SimpleType.NONE),
  integer: (): LiteralType => types.simple(SimpleType.INTEGER),
  float: (): LiteralType => types.simple(SimpleType.FLOAT),
  string: (): LiteralType => types.simple(SimpleType.STRING),
  boolean: (): LiteralType => types.simple(SimpleType.BOOLEAN),
  datetime: (): LiteralType => types.simple(SimpleType.DATETIME),
  duration: (): LiteralType => types.simple(SimpleType.DURATION),
  binary: (): LiteralType => types.simple(SimpleType.BINARY),
  error: (): LiteralType => types.simple(SimpleType.ERROR),
  struct: (metadata?: JsonObject): LiteralType => types.simple(SimpleType.STRUCT, metadata),
  collection(element: LiteralType): LiteralType {
    return create(LiteralTypeSchema, { type: { case: "collectionType", value: element } });
  },
  map(value: LiteralType): LiteralType {
    return create(LiteralTypeSchema, { type: { case: "mapValueType", value } });
  },
  blob(format = "", dimensionality: "single" | "multipart" = "single"): LiteralType {
    return create(LiteralTypeSchema, {
      type: {
        case: "blob",
        value: create(BlobTypeSchema, {
          format,
          dimensionality:
            dimensionality === "single" ? BlobType_BlobDimensionality.SINGLE : BlobType_BlobDimensionality.MULTIPART,
        }),
      },
    });
  },
  enum(values: readonly string[]): LiteralType {
    return create(LiteralTypeSchema, {
      type: { case: "enumType", value: create(EnumTypeSchema, { values: [...values] }) },
    });
  },
  union(variants: readonly LiteralType[]): LiteralType {
    return create(LiteralTypeSchema, {
      type: { case: "unionType", value: create(UnionTypeSchema, { variants: [...variants] }) },
    });
  },
  optional(inner: LiteralType): LiteralType {
    return types.union([inner, types.none()]);
  },
  structuredDataset(format = "parquet", columns: readonly { name: string; type: LiteralType }[] = []): LiteralType {
    return create(LiteralTypeSchema, {
      type: {
        case: "structuredDatasetType",
        value: create(StructuredDatasetTypeSchema, {
          format,
          columns: columns.map((c) =>
            create(StructuredDatasetType_DatasetColumnSchema, { name: c.name, literalType: c.type }),
          ),
        }),
      },
    });
  },
};

/**
 * A short, human-readable rendering of a type for error messages:
 * `INTEGER`, `list<STRING>`, `map<FLOAT>`, `union<INTEGER | NONE>`, `blob(csv)`, `enum{a,b}`.
 */
export function typeToString(t: LiteralType | undefined): string {
  if (!t) return "<missing type>";
  const v = t.type;
  switch (v.case) {
    case "simple": {
      const name = SimpleType[v.value] ?? String(v.value);
      const tag = t.structure?.tag;
      return name === "STRUCT" && tag ? `STRUCT(${tag})` : name;
    }
    case "collectionType":
      return `list<${typeToString(v.value)}>`;
    case "mapValueType":
      return `map<${typeToString(v.value)}>`;
    case "blob": {
      const dim = v.value.dimensionality === BlobType_BlobDimensionality.MULTIPART ? "directory" : "file";
      return v.value.format ? `${dim}(${v.value.format})` : dim;
    }
    case "enumType":
      return `enum{${v.value.values.join(",")}}`;
    case "unionType":
      return `union<${v.value.variants.map(typeToString).join(" | ")}>`;
    case "structuredDatasetType": {
      const cols = v.value.columns.map((c) => `${c.name}: ${typeToString(c.literalType)}`).join(", ");
      return `dataframe(${v.value.format || "any"}${cols ? `; ${cols}` : ""})`;
    }
    case "schema":
      return `schema(${v.value.columns.map((c) => c.name).join(",")})`;
    case undefined:
      return "<unset type>";
  }
}
