import type { JsonObject } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import { badInput, defineType, type EngineType } from "./engine-type.js";
import { describeValue, typeMismatch } from "./errors.js";
import { isJsonObject } from "./primitives.js";
import { plainOfStructLiteral } from "./struct.js";

/**
 * Untyped JSON objects (`JsonObject`): STRUCT without a schema, written as a protobuf Struct
 * (`generic` literal). Reading also accepts msgpack Binary, what flytekit ≥ 1.14 writes for `dict`.
 */
export const jsonType: EngineType<JsonObject> = defineType<JsonObject>({
  name: "json",
  literalType: types.struct(),
  unionTag: "Typed Dict",
  fit: (v) => (isJsonObject(v) ? 1 : 0),
  toLiteral(value, ctx) {
    if (!isJsonObject(value)) throw typeMismatch(ctx, "json object", describeValue(value));
    return literals.generic(value);
  },
  fromLiteral(literal, ctx) {
    const plain = plainOfStructLiteral(literal, ctx, "json object");
    if (!isJsonObject(plain)) throw typeMismatch(ctx, "json object", describeValue(plain));
    return plain;
  },
  toPlain(value, ctx) {
    if (!isJsonObject(value)) throw typeMismatch(ctx, "json object", describeValue(value));
    return value;
  },
  fromPlain(plain, ctx) {
    if (!isJsonObject(plain)) throw typeMismatch(ctx, "json object", describeValue(plain));
    return plain;
  },
  jsonSchema: () => ({ type: "object" }),
  fromJson(json) {
    if (!isJsonObject(json)) throw badInput("a JSON object", json);
    return json;
  },
});
