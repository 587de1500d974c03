/**
 * A tiny stand-in for the type engine's `t` (primitives, list, map, struct), used by the
 * authoring tests so they do not depend on the type engine's details.
 */
import { literals, types } from "@flyte-ts/idl";
import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { FlyteType, InferMap, TypeMap } from "../../src/types/flyte-type.js";

function prim<T>(name: string, literalType: FlyteType<T>["literalType"], to: (v: T) => Literal, check: (v: unknown) => boolean): FlyteType<T> {
  return {
    name,
    literalType,
    toLiteral(value) {
      if (!check(value)) return Promise.reject(new TypeError(`${name}: bad value ${String(value)}`));
      return Promise.resolve(to(value));
    },
    fromLiteral(lit) {
      const s = lit.value.case === "scalar" ? lit.value.value.value : undefined;
      if (s?.case !== "primitive") return Promise.reject(new TypeError(`${name}: not a primitive`));
      const v = s.value.value.value;
      return Promise.resolve((typeof v === "bigint" ? Number(v) : v) as T);
    },
  };
}

export const ft = {
  int: prim<number>("int", types.integer(), (v) => literals.integer(v), (v) => Number.isInteger(v)),
  float: prim<number>("float", types.float(), (v) => literals.float(v), (v) => typeof v === "number"),
  string: prim<string>("string", types.string(), (v) => literals.string(v), (v) => typeof v === "string"),
  bool: prim<boolean>("bool", types.boolean(), (v) => literals.boolean(v), (v) => typeof v === "boolean"),
  list<E>(element: FlyteType<E>): FlyteType<E[]> {
    return {
      name: `list<${element.name}>`,
      literalType: types.collection(element.literalType),
      element: element as FlyteType<unknown>,
      async toLiteral(value, ctx) {
        return literals.collection(await Promise.all(value.map((v) => element.toLiteral(v, ctx))));
      },
      async fromLiteral(lit, ctx) {
        if (lit.value.case !== "collection") throw new TypeError("not a collection");
        return Promise.all(lit.value.value.literals.map((l) => element.fromLiteral(l, ctx)));
      },
    };
  },
  map<V>(values: FlyteType<V>): FlyteType<Record<string, V>> {
    return {
      name: `map<${values.name}>`,
      literalType: types.map(values.literalType),
      values: values as FlyteType<unknown>,
      async toLiteral(value, ctx) {
        const out: Record<string, Literal> = {};
        for (const [k, v] of Object.entries(value)) out[k] = await values.toLiteral(v, ctx);
        return literals.map(out);
      },
      async fromLiteral(lit, ctx) {
        if (lit.value.case !== "map") throw new TypeError("not a map");
        const out: Record<string, V> = {};
        for (const [k, l] of Object.entries(lit.value.value.literals)) out[k] = await values.fromLiteral(l, ctx);
        return out;
      },
    };
  },
  struct<F extends TypeMap>(fields: F): FlyteType<InferMap<F>> {
    return {
      name: `struct{${Object.keys(fields).join(",")}}`,
      literalType: types.struct(),
      fields,
      toLiteral(value) {
        return Promise.resolve(literals.generic(JSON.parse(JSON.stringify(value)) as never));
      },
      fromLiteral(lit) {
        const s = lit.value.case === "scalar" ? lit.value.value.value : undefined;
        if (s?.case !== "generic") return Promise.reject(new TypeError("not generic"));
        return Promise.resolve(s.value as InferMap<F>);
      },
    };
  },
};
