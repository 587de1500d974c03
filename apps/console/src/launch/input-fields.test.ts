import { describe, expect, it } from "vitest";
import { literals, types } from "@flyte-ts/idl";
import { defaultText, fieldKind, parseDurationText, parseInput } from "./input-fields.js";

const valueOf = (r: ReturnType<typeof parseInput>) => {
  if (!r.ok) throw new Error(r.error);
  return r.literal;
};

describe("launch form inputs", () => {
  it("maps types to field kinds, unwrapping optionals", () => {
    expect(fieldKind(types.integer())).toBe("int");
    expect(fieldKind(types.optional(types.float()))).toBe("float");
    expect(fieldKind(types.collection(types.string()))).toBe("json");
    expect(fieldKind(types.enum(["a", "b"]))).toBe("enum");
    expect(fieldKind(types.blob())).toBe("blob");
  });

  it("parses each scalar type and rejects bad text with a message", () => {
    expect(valueOf(parseInput(types.integer(), " 42 "))).toEqual(literals.integer(42));
    expect(parseInput(types.integer(), "4.2")).toEqual({ ok: false, error: "Enter a whole number, like 42." });
    expect(valueOf(parseInput(types.float(), "3.5"))).toEqual(literals.float(3.5));
    expect(parseInput(types.float(), "abc").ok).toBe(false);
    expect(valueOf(parseInput(types.boolean(), "true"))).toEqual(literals.boolean(true));
    expect(valueOf(parseInput(types.datetime(), "2024-01-31T12:00:00Z"))).toEqual(
      literals.datetime(new Date("2024-01-31T12:00:00Z")),
    );
    expect(parseInput(types.datetime(), "yesterday").ok).toBe(false);
    expect(valueOf(parseInput(types.duration(), "1m30s"))).toEqual(literals.duration(90_000));
    expect(parseInput(types.enum(["a", "b"]), "c")).toEqual({ ok: false, error: "Choose one of a, b." });
    expect(valueOf(parseInput(types.optional(types.integer()), "7"))).toEqual(
      literals.union(literals.integer(7), types.integer()),
    );
  });

  it("parses lists, maps and structs from JSON, naming the bad element", () => {
    expect(valueOf(parseInput(types.collection(types.integer()), "[1, 2]"))).toEqual(
      literals.collection([literals.integer(1), literals.integer(2)]),
    );
    expect(parseInput(types.collection(types.integer()), '[1, "x"]')).toEqual({
      ok: false,
      error: "value[1]: Enter a whole number, like 42.",
    });
    expect(valueOf(parseInput(types.map(types.string()), '{"k":"v"}'))).toEqual(
      literals.map({ k: literals.string("v") }),
    );
    expect(valueOf(parseInput(types.struct(), '{"a":[1]}'))).toEqual(literals.generic({ a: [1] }));
    expect(parseInput(types.struct(), "{").ok).toBe(false);
  });

  it("pre-fills fields from default values", () => {
    expect(defaultText(types.integer(), literals.integer(3))).toBe("3");
    expect(defaultText(types.collection(types.integer()), literals.collection([literals.integer(1)]))).toBe(
      "[\n  1\n]",
    );
    expect(defaultText(types.duration(), literals.duration(5000))).toBe("5s");
    expect(parseDurationText("250ms")).toBe(250);
    expect(parseDurationText("2h")).toBe(7_200_000);
  });
});
