import { fromBinary } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { UserError } from "@flyte-ts/core";
import { LiteralSchema, type Literal, type Scalar } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describeLiteral, typeMismatch } from "./errors.js";
import type { DataAccess, FlyteType, TypeContext } from "./flyte-type.js";
import type { MsgValue } from "./msgpack.js";

/** How well a JS value fits a type: 0 = not at all, 1 = loosely (a whole number as float), 2 = exactly. */
export type Fit = 0 | 1 | 2;

/**
 * The type engine's own FlyteTypes: besides the shared contract they know how to check a value
 * without I/O (union variant choice), how to nest inside a struct (msgpack "plain" values, the
 * way mashumaro encodes dataclass fields), their JSON schema, and how to read CLI text.
 */
export interface EngineType<T> extends FlyteType<T> {
  /** The union structure tag flytekit uses for this kind of type (its transformer name). */
  readonly unionTag: string;
  fit(value: unknown): Fit;
  /** The value as it sits inside a msgpack struct. */
  toPlain(value: T, ctx: TypeContext): Promise<MsgValue>;
  /** Back from a msgpack/JSON struct field. */
  fromPlain(plain: unknown, ctx: TypeContext): Promise<T>;
  /** JSON schema of the value (as mashumaro writes it for a dataclass field). */
  jsonSchema(): JsonObject;
  /** A CLI argument (`--a 3`, `--xs [1,2]`). */
  parseText(text: string): T;
  /** A JSON value given by a user (CLI JSON, defaults in YAML). */
  fromJson(json: unknown): T;
}

/** Whether a Flyte type was built by the `t` constructors (and so offers the engine view: fit, plain values, CLI text). */
export function isEngineType(x: FlyteType<unknown>): x is EngineType<unknown> {
  const e = x as Partial<EngineType<unknown>>;
  return typeof e.fit === "function" && typeof e.toPlain === "function" && typeof e.parseText === "function";
}

/** The engine view of a FlyteType; foreign implementations of the contract are rejected clearly. */
export function engineType<T>(x: FlyteType<T>, where: string): EngineType<T> {
  if (!isEngineType(x)) {
    throw new UserError("UnsupportedType", `${where}: type '${x.name}' was not built with the 't' type constructors`);
  }
  return x as EngineType<T>;
}

/** The data access of a context, or a clear error when the caller gave none. */
export function needData(ctx: TypeContext): DataAccess {
  if (!ctx.data) {
    throw new UserError(
      "NoDataAccess",
      `${ctx.what}: this value needs blob storage, but no data access was configured`,
    );
  }
  return ctx.data;
}

/** Loads an offloaded literal (a serialized `Literal` stored at `offloaded_metadata.uri`). */
export async function loadOffloaded(literal: Literal, ctx: TypeContext): Promise<Literal> {
  let current = literal;
  for (let depth = 0; current.value.case === "offloadedMetadata"; depth++) {
    if (depth > 4)
      throw new UserError("OffloadLoop", `${ctx.what}: offloaded literal points to another one too many times`);
    const bytes = await needData(ctx).read(current.value.value.uri);
    current = fromBinary(LiteralSchema, bytes);
  }
  return current;
}

/** Offloaded literals loaded, and a union wrapper removed (a single-variant union casts to its variant). */
export async function resolveLiteral(literal: Literal, ctx: TypeContext, unwrapUnion = true): Promise<Literal> {
  let current = await loadOffloaded(literal, ctx);
  while (unwrapUnion) {
    const s = scalarOf(current);
    if (s?.value.case !== "union" || !s.value.value.value) break;
    current = await loadOffloaded(s.value.value.value, ctx);
  }
  return current;
}

export function scalarOf(literal: Literal): Scalar | undefined {
  return literal.value.case === "scalar" ? literal.value.value : undefined;
}

/** Reads a scalar of a given case or throws a mismatch naming the expected type. */
export function expectScalar<C extends NonNullable<Scalar["value"]["case"]>>(
  literal: Literal,
  kind: C,
  ctx: TypeContext,
  expected: string,
): ScalarValue<C> {
  const s = scalarOf(literal);
  if (s?.value.case !== kind) throw typeMismatch(ctx, expected, describeLiteral(literal));
  return s.value.value as unknown as ScalarValue<C>;
}

/** The message inside a scalar of case `C` (`Blob` for "blob"). */
export type ScalarValue<C> = Extract<Scalar["value"], { case: C }> extends { value: infer V } ? V : never;

type MaybePromise<T> = T | Promise<T>;

/**
 * What `defineType` needs: conversions may be sync or async (sync throws become rejections), and
 * `fromLiteral` receives a literal already resolved (see `rawLiteral`).
 */
export interface TypeSpec<T> extends Omit<
  EngineType<T>,
  "toLiteral" | "fromLiteral" | "toPlain" | "fromPlain" | "__type" | "parseText" | "fromJson"
> {
  toLiteral(value: T, ctx: TypeContext): MaybePromise<Literal>;
  fromLiteral(literal: Literal, ctx: TypeContext): MaybePromise<T>;
  toPlain(value: T, ctx: TypeContext): MaybePromise<MsgValue>;
  fromPlain(plain: unknown, ctx: TypeContext): MaybePromise<T>;
  parseText?(text: string): T;
  fromJson(json: unknown): T;
  /** Give fromLiteral the literal as is (unions read the union wrapper themselves). */
  readonly rawLiteral?: boolean;
}

/** Builds an engine type: offloaded literals are loaded and union wrappers unwrapped before fromLiteral. */
export function defineType<T>(spec: TypeSpec<T>): EngineType<T> {
  const parseText = (text: string): T => {
    if (spec.parseText) return spec.parseText(text);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw badInput(`JSON for ${spec.name}`, text);
    }
    return spec.fromJson(json);
  };
  return {
    name: spec.name,
    literalType: spec.literalType,
    unionTag: spec.unionTag,
    ...(spec.fields ? { fields: spec.fields } : {}),
    ...(spec.element ? { element: spec.element } : {}),
    ...(spec.values ? { values: spec.values } : {}),
    fit: (value) => spec.fit(value),
    jsonSchema: () => spec.jsonSchema(),
    parseText,
    fromJson: (json) => spec.fromJson(json),
    toLiteral: async (value, ctx) => await spec.toLiteral(value, ctx),
    toPlain: async (value, ctx) => await spec.toPlain(value, ctx),
    fromPlain: async (plain, ctx) => await spec.fromPlain(plain, ctx),
    async fromLiteral(literal: Literal, ctx: TypeContext): Promise<T> {
      const resolved = spec.rawLiteral ? await loadOffloaded(literal, ctx) : await resolveLiteral(literal, ctx);
      return await spec.fromLiteral(resolved, ctx);
    },
  };
}

/** An error for CLI/JSON input that does not fit a type. */
export function badInput(expected: string, json: unknown, hint?: string): UserError {
  const shown =
    typeof json === "string"
      ? JSON.stringify(json)
      : JSON.stringify(json, (_k, v: unknown) => (typeof v === "bigint" ? `${v}` : v));
  return new UserError("TypeMismatch", `expected ${expected}, got ${shown ?? String(json)}${hint ? ` (${hint})` : ""}`);
}

export type { LiteralType };
