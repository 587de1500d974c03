import { clone } from "@bufbuild/protobuf";
import { UserError } from "@flyte-ts/core";
import { typeToString } from "@flyte-ts/idl";
import {
  BlobType_BlobDimensionality,
  LiteralTypeSchema,
  SimpleType,
  type LiteralType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { DATAFRAME_FORMATS, type DataFrameFormat } from "./dataframe.js";
import type { EngineType } from "./engine-type.js";
import type { FlyteType } from "./flyte-type.js";
import { typeFromJsonSchema } from "./json-schema.js";
import { t } from "./t.js";

/** The flyteidl LiteralType of a Flyte type (a copy: safe to change). */
export function literalTypeOf(type: FlyteType<unknown>): LiteralType {
  return clone(LiteralTypeSchema, type.literalType);
}

const unsupported = (lt: LiteralType, why: string): UserError =>
  new UserError("UnsupportedType", `no TypeScript type for ${typeToString(lt)}: ${why}`);

function simpleType(lt: LiteralType, simple: SimpleType): EngineType<unknown> {
  switch (simple) {
    case SimpleType.NONE:
      return t.none;
    case SimpleType.INTEGER:
      return t.int;
    case SimpleType.FLOAT:
      return t.float;
    case SimpleType.STRING:
      return t.string;
    case SimpleType.BOOLEAN:
      return t.boolean;
    case SimpleType.DATETIME:
      return t.datetime;
    case SimpleType.DURATION:
      return t.duration;
    case SimpleType.BINARY:
      return t.binary;
    case SimpleType.STRUCT:
      return structFrom(lt);
    case SimpleType.ERROR:
      throw unsupported(lt, "errors are not values");
    default:
      throw unsupported(lt, `unknown simple type ${String(simple)}`);
  }
}

/** A struct from its field types (`structure.dataclass_type`) or its JSON schema; untyped → t.json. */
function structFrom(lt: LiteralType): EngineType<unknown> {
  const meta = lt.metadata;
  const fields = lt.structure?.dataclassType ?? {};
  if (Object.keys(fields).length > 0) {
    const required = new Set(Array.isArray(meta?.["required"]) ? meta["required"] : Object.keys(fields));
    const map: Record<string, FlyteType<unknown>> = {};
    for (const [k, ft] of Object.entries(fields)) {
      const inner = typeFromLiteralType(ft);
      map[k] = required.has(k) || inner.fit(undefined) > 0 ? inner : t.optional(inner);
    }
    const title = meta?.["title"];
    return t.struct(map, typeof title === "string" ? { name: title } : {});
  }
  if (meta && (meta["properties"] || meta["$ref"])) return typeFromJsonSchema(meta);
  return t.json;
}

function reverse(lt: LiteralType): EngineType<unknown> {
  const v = lt.type;
  switch (v.case) {
    case "simple":
      return simpleType(lt, v.value);
    case "collectionType":
      return t.list(typeFromLiteralType(v.value));
    case "mapValueType":
      return t.map(typeFromLiteralType(v.value));
    case "blob":
      return v.value.dimensionality === BlobType_BlobDimensionality.MULTIPART
        ? t.directory(v.value.format)
        : t.file(v.value.format);
    case "enumType": {
      const [first, ...rest] = v.value.values;
      if (first === undefined) throw unsupported(lt, "an enum without values");
      return t.enum([first, ...rest]);
    }
    case "unionType": {
      const variants = v.value.variants;
      const isNone = (x: LiteralType): boolean => x.type.case === "simple" && x.type.value === SimpleType.NONE;
      const some = variants.filter((x) => !isNone(x));
      if (some.length === 1 && some[0] && variants.length === 2) return t.optional(typeFromLiteralType(some[0]));
      if (variants.length === 1 && variants[0]) return typeFromLiteralType(variants[0]);
      return t.union(...variants.map(typeFromLiteralType));
    }
    case "structuredDatasetType": {
      const f = v.value.format.toLowerCase();
      const format: DataFrameFormat = (DATAFRAME_FORMATS as readonly string[]).includes(f)
        ? (f as DataFrameFormat)
        : "parquet";
      const columns = Object.fromEntries(
        v.value.columns.flatMap((c) => (c.literalType ? [[c.name, typeFromLiteralType(c.literalType)] as const] : [])),
      );
      return t.dataframe(columns, format);
    }
    case "schema":
      throw unsupported(lt, "legacy schema types are not supported; use structured datasets");
    case undefined:
      throw unsupported(lt, "the type is empty");
  }
}

/**
 * Best-effort reverse mapping LiteralType → FlyteType, e.g. to parse CLI inputs of registered
 * entities. The result carries the given LiteralType unchanged (tags, metadata, formats).
 */
export function typeFromLiteralType(lt: LiteralType): EngineType<unknown> {
  const type = reverse(lt);
  return { ...type, literalType: clone(LiteralTypeSchema, lt) };
}
