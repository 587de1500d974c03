import { literals, types } from "@flyte-ts/idl";
import type { FlyteType } from "../types/flyte-type.js";

/**
 * A list of `element` (used for the list-wrapped interface of map tasks). Conversion delegates
 * each item to the element type.
 */
export function listOf(element: FlyteType<unknown>): FlyteType<unknown[]> {
  return {
    name: `list<${element.name}>`,
    literalType: types.collection(element.literalType),
    element,
    async toLiteral(value, ctx) {
      if (!Array.isArray(value)) throw new TypeError(`${ctx.what}: expected a list of ${element.name}`);
      return literals.collection(await Promise.all(value.map((v: unknown) => element.toLiteral(v, ctx))));
    },
    async fromLiteral(lit, ctx) {
      if (lit.value.case !== "collection") throw new TypeError(`${ctx.what}: expected a collection literal`);
      return Promise.all(lit.value.value.literals.map((l) => element.fromLiteral(l, ctx)));
    },
  };
}
