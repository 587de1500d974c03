import { create } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { TypeStructureSchema, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { badInput, defineType, engineType, scalarOf, type EngineType, type Fit } from "./engine-type.js";
import { describeLiteral, describeValue, subContext, typeMismatch } from "./errors.js";
import type { FlyteType, Infer, TypeContext, TypeMap } from "./flyte-type.js";
import { decodeMsgpack, encodeMsgpack, type MsgValue } from "./msgpack.js";

/** The msgpack tag flytekit puts on Binary literals holding dataclasses, Pydantic models and dicts. */
export const MSGPACK_TAG = "msgpack";

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<F extends TypeMap> = { [K in keyof F]: undefined extends Infer<F[K]> ? K : never }[keyof F];

/** The TS object a struct schema stands for; fields whose type admits `undefined` (t.optional) may be left out. */
export type StructValue<F extends TypeMap> = Simplify<
  { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & {
    -readonly [K in OptionalKeys<F>]?: Infer<F[K]>;
  }
>;

/** Options of `t.struct(fields | zodSchema, options)`. */
export interface StructOptions {
  /** The schema's title (a dataclass name in flytekit; shown by consoles and used to rebuild the type). */
  readonly name?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Reads the plain value of a struct literal: msgpack Binary (flytekit ≥ 1.14) or generic Struct (older). */
export function plainOfStructLiteral(literal: Literal, ctx: TypeContext, expected: string): unknown {
  const s = scalarOf(literal);
  if (s?.value.case === "binary" && s.value.value.tag === MSGPACK_TAG) {
    try {
      return decodeMsgpack(s.value.value.value);
    } catch (e) {
      throw typeMismatch(ctx, expected, "corrupt msgpack binary", e instanceof Error ? e.message : String(e));
    }
  }
  if (s?.value.case === "generic") return s.value.value;
  throw typeMismatch(ctx, expected, describeLiteral(literal));
}

export const msgpackLiteral = (plain: MsgValue): Literal => literals.binary(encodeMsgpack(plain), MSGPACK_TAG);

/** A STRUCT LiteralType as flytekit writes it for a dataclass: JSON schema in metadata, field types in structure. */
export function structLiteralType(schema: JsonObject, fieldTypes: Readonly<Record<string, LiteralType>>): LiteralType {
  const lt = types.struct(schema);
  lt.structure = create(TypeStructureSchema, { tag: "", dataclassType: { ...fieldTypes } });
  return lt;
}

/**
 * An object schema, `t.struct({ auc: t.float, labels: t.list(t.string) })`: a STRUCT carried as a
 * msgpack Binary, like a flytekit dataclass. Fields of `t.optional(...)` type may be omitted.
 */
export function structType<const F extends TypeMap>(
  fields: F,
  options: StructOptions = {},
): EngineType<StructValue<F>> {
  type T = StructValue<F>;
  const title = options.name ?? "Struct";
  const name = options.name ?? `struct{${Object.keys(fields).join(",")}}`;
  const entries = Object.entries(fields) as [string, FlyteType<unknown>][];
  const field = (k: string, t: FlyteType<unknown>): EngineType<unknown> => engineType(t, `${name}.${k}`);
  const optional = (t: FlyteType<unknown>): boolean => field("", t).fit(undefined) > 0;
  const schema = (): JsonObject => ({
    title,
    type: "object",
    properties: Object.fromEntries(entries.map(([k, t]) => [k, field(k, t).jsonSchema()])),
    additionalProperties: false,
    required: entries.filter(([, t]) => !optional(t)).map(([k]) => k),
  });
  const checkKeys = (value: Record<string, unknown>, ctx: TypeContext): void => {
    const extra = Object.keys(value).filter((k) => !(k in fields));
    if (extra.length > 0) throw typeMismatch(ctx, name, describeValue(value), `unknown field(s) ${extra.join(", ")}`);
  };
  const toPlain = async (input: T, ctx: TypeContext): Promise<MsgValue> => {
    const value: unknown = input;
    if (!isRecord(value)) throw typeMismatch(ctx, name, describeValue(value));
    checkKeys(value, ctx);
    const out = await Promise.all(
      entries.map(async ([k, t]) => {
        const sub = subContext(ctx, `.${k}`);
        if (!(k in value) && !optional(t)) throw typeMismatch(sub, field(k, t).name, "a missing field");
        return [k, await field(k, t).toPlain(value[k], sub)] as const;
      }),
    );
    return Object.fromEntries(out);
  };
  const fromPlain = async (plain: unknown, ctx: TypeContext): Promise<T> => {
    if (!isRecord(plain)) throw typeMismatch(ctx, name, describeValue(plain));
    const out = await Promise.all(
      entries.map(async ([k, t]) => {
        const sub = subContext(ctx, `.${k}`);
        if (!(k in plain) && !optional(t)) throw typeMismatch(sub, field(k, t).name, "a missing field");
        return [k, await field(k, t).fromPlain(plain[k] ?? null, sub)] as const;
      }),
    );
    return Object.fromEntries(out) as T;
  };
  const fit = (v: unknown): Fit => {
    if (!isRecord(v) || Object.keys(v).some((k) => !(k in fields))) return 0;
    let m: Fit = 2;
    for (const [k, t] of entries) {
      const f = k in v ? field(k, t).fit(v[k]) : optional(t) ? 2 : 0;
      if (f < m) m = f;
    }
    return m;
  };
  const self: EngineType<T> = defineType<T>({
    name,
    literalType: structLiteralType(schema(), Object.fromEntries(entries.map(([k, t]) => [k, t.literalType]))),
    unionTag: "Object-Dataclass-Transformer",
    fields: Object.fromEntries(entries),
    fit,
    toLiteral: async (value, ctx) => msgpackLiteral(await toPlain(value, ctx)),
    fromLiteral: async (literal, ctx) => fromPlain(plainOfStructLiteral(literal, ctx, name), ctx),
    toPlain,
    fromPlain,
    jsonSchema: schema,
    fromJson(json) {
      if (!isRecord(json)) throw badInput(name, json);
      const extra = Object.keys(json).filter((k) => !(k in fields));
      if (extra.length > 0) throw badInput(name, json, `unknown field(s) ${extra.join(", ")}`);
      const out: Record<string, unknown> = {};
      for (const [k, t] of entries) {
        if (!(k in json) && !optional(t)) throw badInput(name, json, `missing field ${k}`);
        out[k] = field(k, t).fromJson(json[k] ?? null);
      }
      return out as T;
    },
  });
  return self;
}
