import type * as z from "zod";
import { enumType, listType, mapType, unionType } from "./containers.js";
import { dataframeType } from "./dataframe.js";
import { directoryType } from "./directory.js";
import { engineType, type EngineType } from "./engine-type.js";
import { fileType } from "./file.js";
import type { FlyteType, TypeMap } from "./flyte-type.js";
import { jsonType } from "./json.js";
import {
  bigintType,
  binaryType,
  booleanType,
  datetimeType,
  durationType,
  floatType,
  intType,
  noneType,
  stringType,
} from "./primitives.js";
import { structType, type StructOptions, type StructValue } from "./struct.js";
import { isZodSchema, zodStructType } from "./zod-struct.js";

/**
 * `X | null | undefined` ↔ union(X, NONE); null and undefined give the none literal. CLI text is
 * read as X first (so `optional<string>` takes "none" as a string); `none`/`null`/empty otherwise.
 */
function optional<X>(inner: FlyteType<X>): EngineType<X | null | undefined> {
  const u = unionType(inner, noneType);
  const name = `optional<${inner.name}>`;
  return {
    ...u,
    name,
    parseText(text) {
      try {
        return engineType(inner, name).parseText(text);
      } catch (e) {
        if (["", "none", "null"].includes(text.trim().toLowerCase())) return null;
        throw e;
      }
    },
    fromJson: (json) => (json === null || json === undefined ? null : engineType(inner, name).fromJson(json)),
  };
}

function struct<S extends z.ZodType>(schema: S, options?: StructOptions): EngineType<z.output<S>>;
function struct<const F extends TypeMap>(fields: F, options?: StructOptions): EngineType<StructValue<F>>;
function struct(fieldsOrSchema: TypeMap | z.ZodType, options: StructOptions = {}): EngineType<unknown> {
  return isZodSchema(fieldsOrSchema) ? zodStructType(fieldsOrSchema, options) : structType(fieldsOrSchema, options);
}

/**
 * The Flyte types of the SDK. Each gives a LiteralType and converts TS values to and from
 * Literals the way flytekit does, so entities interoperate with Python Flyte.
 */
export const t = {
  /** number (whole, within ±2^53) ↔ INTEGER */
  int: intType,
  /** bigint (int64) ↔ INTEGER */
  bigint: bigintType,
  /** number ↔ FLOAT */
  float: floatType,
  /** string ↔ STRING */
  string: stringType,
  /** boolean ↔ BOOLEAN */
  boolean: booleanType,
  /** Date ↔ DATETIME */
  datetime: datetimeType,
  /** number of milliseconds ↔ DURATION */
  duration: durationType,
  /** null ↔ NONE */
  none: noneType,
  /** Uint8Array ↔ BINARY (Binary literal, empty tag) */
  binary: binaryType,
  /** JSON object ↔ STRUCT without schema (generic Struct literal) */
  json: jsonType,
  optional,
  list: listType,
  map: mapType,
  enum: enumType,
  union: unionType,
  struct,
  file: fileType,
  directory: directoryType,
  dataframe: dataframeType,
} as const;
