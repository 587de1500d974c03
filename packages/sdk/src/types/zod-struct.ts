import type { JsonObject } from "@bufbuild/protobuf";
import { UserError } from "@flyte-ts/core";
import * as z from "zod";
import { badInput, defineType, type EngineType } from "./engine-type.js";
import { describeValue, typeMismatch } from "./errors.js";
import type { FlyteType, TypeContext } from "./flyte-type.js";
import { plainFromSchema, typeFromJsonSchema } from "./json-schema.js";
import { msgpackLiteral, plainOfStructLiteral, structLiteralType, type StructOptions } from "./struct.js";

/** True for a zod (v4) schema object. */
export function isZodSchema(x: unknown): x is z.ZodType {
  return (
    typeof x === "object" && x !== null && "_zod" in x && typeof (x as { safeParse?: unknown }).safeParse === "function"
  );
}

/** Plain values decoded from msgpack, made JSON-like for zod (bigints within range become numbers). */
function jsonLike(v: unknown): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (Array.isArray(v)) return v.map(jsonLike);
  if (typeof v === "object" && v !== null && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonLike(x)]));
  }
  return v;
}

function issues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}

/**
 * `t.struct(zodObjectSchema)`: like a Pydantic model in flytekit — STRUCT with the schema's JSON
 * schema (`z.toJSONSchema`) in metadata, values validated by zod and carried as msgpack.
 */
export function zodStructType<S extends z.ZodType>(schema: S, options: StructOptions = {}): EngineType<z.output<S>> {
  type T = z.output<S>;
  let json: JsonObject;
  try {
    json = z.toJSONSchema(schema) as JsonObject;
  } catch (e) {
    throw new UserError(
      "UnsupportedType",
      `t.struct: this zod schema has no JSON schema form: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (options.name !== undefined) json = { ...json, title: options.name };
  const derived = typeFromJsonSchema(json);
  const name = options.name ?? (typeof json["title"] === "string" ? json["title"] : derived.name);
  const fieldTypes: Record<string, FlyteType<unknown>> = { ...(derived.fields ?? {}) };
  const literalType = structLiteralType(
    json,
    Object.fromEntries(Object.entries(fieldTypes).map(([k, t]) => [k, t.literalType])),
  );

  const validate = (value: unknown, ctx: TypeContext, got: () => string): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw typeMismatch(ctx, name, got(), issues(r.error));
    return r.data;
  };
  const toPlain = (value: T, ctx: TypeContext) =>
    plainFromSchema(
      validate(value, ctx, () => describeValue(value)),
      json,
      json,
    );
  const fromPlain = (plain: unknown, ctx: TypeContext): T => validate(jsonLike(plain), ctx, () => describeValue(plain));

  return defineType<T>({
    name,
    literalType,
    unionTag: "Pydantic Transformer",
    fields: fieldTypes,
    fit: (v) => (schema.safeParse(v).success ? 2 : 0),
    toLiteral: (value, ctx) => msgpackLiteral(toPlain(value, ctx)),
    fromLiteral: (literal, ctx) => fromPlain(plainOfStructLiteral(literal, ctx, name), ctx),
    toPlain,
    fromPlain,
    jsonSchema: () => json,
    fromJson(input) {
      const r = schema.safeParse(input);
      if (!r.success) throw badInput(name, input, issues(r.error));
      return r.data;
    },
  });
}
