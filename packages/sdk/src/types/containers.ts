import { clone, create } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import { LiteralTypeSchema, TypeStructureSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { badInput, defineType, engineType, isEngineType, type EngineType, type Fit } from "./engine-type.js";
import { describeLiteral, describeValue, subContext, typeMismatch } from "./errors.js";
import type { FlyteType, Infer, TypeContext } from "./flyte-type.js";

/** How well a value fits any FlyteType (foreign implementations of the contract fit loosely). */
export function fitOf(type: FlyteType<unknown>, value: unknown): Fit {
  return isEngineType(type) ? type.fit(value) : 1;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function minFit(fits: Iterable<Fit>): Fit {
  let m: Fit = 2;
  for (const f of fits) if (f < m) m = f;
  return m;
}

function parseJsonText(text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw badInput(`${expected} as JSON`, text);
  }
}

/** `T[]` ↔ a literal collection (`list<T>`). */
export function listType<E>(element: FlyteType<E>): EngineType<E[]> {
  const name = `list<${element.name}>`;
  const el = (): EngineType<E> => engineType(element, name);
  const self: EngineType<E[]> = defineType<E[]>({
    name,
    literalType: types.collection(element.literalType),
    unionTag: "Typed List",
    element: element,
    fit: (v) => (Array.isArray(v) ? minFit(v.map((x) => fitOf(element, x))) : 0),
    async toLiteral(value, ctx) {
      if (!Array.isArray(value)) throw typeMismatch(ctx, name, describeValue(value));
      const items = await Promise.all(value.map((x, i) => element.toLiteral(x, subContext(ctx, `[${i}]`))));
      return literals.collection(items);
    },
    async fromLiteral(literal, ctx) {
      if (literal.value.case !== "collection") throw typeMismatch(ctx, name, describeLiteral(literal));
      return Promise.all(literal.value.value.literals.map((l, i) => element.fromLiteral(l, subContext(ctx, `[${i}]`))));
    },
    async toPlain(value, ctx) {
      if (!Array.isArray(value)) throw typeMismatch(ctx, name, describeValue(value));
      return Promise.all(value.map((x, i) => el().toPlain(x, subContext(ctx, `[${i}]`))));
    },
    async fromPlain(plain, ctx) {
      if (!Array.isArray(plain)) throw typeMismatch(ctx, name, describeValue(plain));
      return Promise.all(plain.map((x: unknown, i) => el().fromPlain(x, subContext(ctx, `[${i}]`))));
    },
    jsonSchema: () => ({ type: "array", items: el().jsonSchema() }),
    parseText: (text) => self.fromJson(parseJsonText(text, name)),
    fromJson(json) {
      if (!Array.isArray(json)) throw badInput(name, json);
      return json.map((x: unknown) => el().fromJson(x));
    },
  });
  return self;
}

/** `Record<string, T>` ↔ a literal map (`map<T>`, keys are strings). */
export function mapType<V>(valueType: FlyteType<V>): EngineType<Record<string, V>> {
  const name = `map<${valueType.name}>`;
  const vt = (): EngineType<V> => engineType(valueType, name);
  const key = (k: string): string => `[${JSON.stringify(k)}]`;
  const self: EngineType<Record<string, V>> = defineType<Record<string, V>>({
    name,
    literalType: types.map(valueType.literalType),
    unionTag: "Typed Dict",
    values: valueType,
    fit: (v) => (isRecord(v) ? minFit(Object.values(v).map((x) => fitOf(valueType, x))) : 0),
    async toLiteral(value, ctx) {
      if (!isRecord(value)) throw typeMismatch(ctx, name, describeValue(value));
      const entries = await Promise.all(
        Object.entries(value).map(
          async ([k, x]) => [k, await valueType.toLiteral(x, subContext(ctx, key(k)))] as const,
        ),
      );
      return literals.map(Object.fromEntries(entries));
    },
    async fromLiteral(literal, ctx) {
      if (literal.value.case !== "map") throw typeMismatch(ctx, name, describeLiteral(literal));
      const entries = await Promise.all(
        Object.entries(literal.value.value.literals).map(
          async ([k, l]) => [k, await valueType.fromLiteral(l, subContext(ctx, key(k)))] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
    async toPlain(value, ctx) {
      if (!isRecord(value)) throw typeMismatch(ctx, name, describeValue(value));
      const entries = await Promise.all(
        Object.entries(value).map(async ([k, x]) => [k, await vt().toPlain(x, subContext(ctx, key(k)))] as const),
      );
      return Object.fromEntries(entries);
    },
    async fromPlain(plain, ctx) {
      if (!isRecord(plain)) throw typeMismatch(ctx, name, describeValue(plain));
      const entries = await Promise.all(
        Object.entries(plain).map(async ([k, x]) => [k, await vt().fromPlain(x, subContext(ctx, key(k)))] as const),
      );
      return Object.fromEntries(entries);
    },
    jsonSchema: () => ({ type: "object", additionalProperties: vt().jsonSchema(), propertyNames: { type: "string" } }),
    parseText: (text) => self.fromJson(parseJsonText(text, name)),
    fromJson(json) {
      if (!isRecord(json)) throw badInput(name, json);
      return Object.fromEntries(Object.entries(json).map(([k, x]) => [k, vt().fromJson(x)]));
    },
  });
  return self;
}

/** A string enum: `t.enum(["a", "b"] as const)` gives the value type `"a" | "b"`. */
export function enumType<const V extends readonly [string, ...string[]]>(values: V): EngineType<V[number]> {
  if (values.length === 0) throw new TypeError("t.enum needs at least one value");
  const allowed = new Set<string>(values);
  const name = `enum{${values.join(",")}}`;
  const check = (v: unknown): v is V[number] => typeof v === "string" && allowed.has(v);
  const self: EngineType<V[number]> = defineType<V[number]>({
    name,
    literalType: types.enum(values),
    unionTag: "DefaultEnumTransformer",
    fit: (v) => (check(v) ? 2 : 0),
    toLiteral(value, ctx) {
      if (!check(value))
        throw typeMismatch(ctx, `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`, describeValue(value));
      return literals.string(value);
    },
    fromLiteral(literal, ctx) {
      const s = literal.value.case === "scalar" ? literal.value.value.value : undefined;
      const v = s?.case === "primitive" && s.value.value.case === "stringValue" ? s.value.value.value : undefined;
      if (!check(v)) throw typeMismatch(ctx, name, describeLiteral(literal));
      return v;
    },
    toPlain(v, ctx) {
      if (!check(v)) throw typeMismatch(ctx, name, describeValue(v));
      return v;
    },
    fromPlain(plain, ctx) {
      if (!check(plain)) throw typeMismatch(ctx, name, describeValue(plain));
      return plain;
    },
    jsonSchema: () => ({ type: "string", enum: [...values] }),
    parseText: (text) => self.fromJson(text),
    fromJson(json) {
      if (!check(json)) throw badInput(`one of ${values.join(", ")}`, json);
      return json;
    },
  });
  return self;
}

/** Picks the one result among several variant attempts: a unique success, else a unique exact fit. */
function pickOne<T>(
  hits: readonly { variant: FlyteType<unknown>; value: T }[],
  ctx: TypeContext,
  name: string,
  got: string,
): { variant: FlyteType<unknown>; value: T } {
  if (hits.length === 1 && hits[0]) return hits[0];
  if (hits.length === 0) throw typeMismatch(ctx, name, got);
  const exact = hits.filter((h) => fitOf(h.variant, h.value) === 2);
  if (exact.length === 1 && exact[0]) return exact[0];
  throw typeMismatch(ctx, name, got, `ambiguous: fits ${hits.map((h) => h.variant.name).join(" and ")}`);
}

async function attempt<T>(variants: readonly FlyteType<unknown>[], f: (v: FlyteType<unknown>) => Promise<T>) {
  const hits: { variant: FlyteType<unknown>; value: T }[] = [];
  for (const variant of variants) {
    try {
      hits.push({ variant, value: await f(variant) });
    } catch {
      // not this variant
    }
  }
  return hits;
}

function tagOf(v: FlyteType<unknown>): string {
  return isEngineType(v) ? v.unionTag : v.name;
}

function sameType(a: FlyteType<unknown>["literalType"] | undefined, b: FlyteType<unknown>["literalType"]): boolean {
  return !!a && JSON.stringify(typeEssence(a)) === JSON.stringify(typeEssence(b));
}

function typeEssence(t: FlyteType<unknown>["literalType"]): unknown {
  return JSON.parse(JSON.stringify({ type: t.type }, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)));
}

/**
 * A tagged union: the value must fit exactly one variant (a whole number fits `int` exactly and
 * `float` loosely, so `union(int, float)` takes 3 as int). Each variant's LiteralType carries a
 * `structure.tag` naming its kind as flytekit does (`int`, `str`, `Typed List`, ...), and the
 * literal carries the chosen variant's type in `union.type`.
 */
export function unionType<const V extends readonly FlyteType<unknown>[]>(...variants: V): EngineType<Infer<V[number]>> {
  type T = Infer<V[number]>;
  if (variants.length < 2) throw new TypeError("t.union needs at least two variants");
  const all: readonly FlyteType<unknown>[] = variants;
  const name = `union<${variants.map((v) => v.name).join(" | ")}>`;
  const tagged = variants.map((v) => {
    const lt = clone(LiteralTypeSchema, v.literalType);
    lt.structure = create(TypeStructureSchema, { tag: tagOf(v), dataclassType: lt.structure?.dataclassType ?? {} });
    return lt;
  });
  const choose = (value: unknown, ctx: TypeContext): number => {
    const fits = variants.map((v) => fitOf(v, value));
    const best = Math.max(...fits);
    const at = fits.flatMap((f, i) => (f === best ? [i] : []));
    if (best === 0) throw typeMismatch(ctx, name, describeValue(value));
    if (at.length > 1) {
      throw typeMismatch(
        ctx,
        name,
        describeValue(value),
        `ambiguous: fits ${at.map((i) => variants[i]?.name).join(" and ")}`,
      );
    }
    return at[0] ?? 0;
  };
  const variantAt = (i: number): FlyteType<unknown> => variants[i] as FlyteType<unknown>;
  const self: EngineType<T> = defineType<T>({
    name,
    literalType: types.union(tagged),
    unionTag: "Typed Union",
    rawLiteral: true,
    fit: (v) => Math.max(...variants.map((x) => fitOf(x, v))) as Fit,
    async toLiteral(value, ctx) {
      const i = choose(value, ctx);
      const inner = await variantAt(i).toLiteral(value, ctx);
      return literals.union(inner, tagged[i] ?? variantAt(i).literalType);
    },
    async fromLiteral(literal, ctx) {
      const s = literal.value.case === "scalar" ? literal.value.value.value : undefined;
      if (s?.case === "union" && s.value.value) {
        const inner = s.value.value;
        const tag = s.value.type?.structure?.tag ?? "";
        const matching = variants.filter(
          (v) => (tag === "" || tagOf(v) === tag) && sameType(s.value.type, v.literalType),
        );
        const pool = matching.length > 0 ? matching : variants;
        const hits = await attempt(pool, (v) => v.fromLiteral(inner, ctx));
        return pickOne(hits, ctx, name, describeLiteral(inner)).value as T;
      }
      const hits = await attempt(variants, (v) => v.fromLiteral(literal, ctx));
      return pickOne(hits, ctx, name, describeLiteral(literal)).value as T;
    },
    async toPlain(value, ctx) {
      return engineType(variantAt(choose(value, ctx)), name).toPlain(value, ctx);
    },
    async fromPlain(plain, ctx) {
      const hits = await attempt(variants, (v) => engineType(v, name).fromPlain(plain, ctx));
      return pickOne(hits, ctx, name, describeValue(plain)).value as T;
    },
    jsonSchema: () => ({ anyOf: variants.map((v) => engineType(v, name).jsonSchema()) }),
    parseText(text) {
      const hits = all.flatMap((v) => {
        try {
          return [{ variant: v, value: engineType(v, name).parseText(text) }];
        } catch {
          return [];
        }
      });
      return pickOne(hits, { what: "input" }, name, JSON.stringify(text)).value as T;
    },
    fromJson(json) {
      const hits = all.flatMap((v) => {
        try {
          return [{ variant: v, value: engineType(v, name).fromJson(json) }];
        } catch {
          return [];
        }
      });
      return pickOne(hits, { what: "input" }, name, describeValue(json)).value as T;
    },
  });
  return self;
}
