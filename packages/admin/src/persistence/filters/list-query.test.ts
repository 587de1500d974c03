import { describe, expect, it } from "vitest";
import { EXECUTION_LIST_SPEC } from "../repositories/execution-repository.js";
import { NODE_EXECUTION_LIST_SPEC } from "../repositories/node-execution-repository.js";
import { checkLimit, parseToken, resolveFilters } from "./list-query.js";
import { ListErrorCode } from "./list-errors.js";

function thrown(fn: () => unknown): { code: string; status: string; details: Record<string, string>; message: string } {
  try {
    fn();
  } catch (e) {
    return e as never;
  }
  throw new Error("expected an error");
}

describe("resolveFilters", () => {
  it("maps fields to columns and converts values to the stored form", () => {
    const resolved = resolveFilters(
      EXECUTION_LIST_SPEC,
      "eq(execution.phase,succeeded)+gte(created_at,2024-01-01T00:00:00Z)+eq(state,EXECUTION_ARCHIVED)+eq(launch_plan.name,lp)+lt(duration_ms,5)",
    );
    expect(resolved).toEqual([
      { fn: "eq", column: "phase", values: ["SUCCEEDED"] },
      { fn: "gte", column: "created_at", values: [Date.UTC(2024, 0, 1)] },
      { fn: "eq", column: "state", values: [1] },
      { fn: "eq", column: "launch_plan_name", values: ["lp"] },
      { fn: "lt", column: "duration_ms", values: [5] },
    ]);
    expect(resolveFilters(NODE_EXECUTION_LIST_SPEC, "eq(is_parent,true)+eq(is_dynamic,0)")).toEqual([
      { fn: "eq", column: "is_parent", values: [1] },
      { fn: "eq", column: "is_dynamic", values: [0] },
    ]);
  });

  const cases: [string, string, string, string][] = [
    ["an unknown field", "eq(colour,red)", ListErrorCode.UnknownFilterField, "colour"],
    [
      "a field of an entity that cannot be joined",
      "eq(node.phase,RUNNING)",
      ListErrorCode.UnknownFilterField,
      "node.phase",
    ],
    ["a timestamp that does not parse", "gte(created_at,yesterday)", ListErrorCode.InvalidFilterValue, "created_at"],
    ["a non-integer for an integer field", "eq(duration_ms,1.5)", ListErrorCode.InvalidFilterValue, "duration_ms"],
    ["an unknown phase", "eq(phase,DONE)", ListErrorCode.InvalidFilterValue, "phase"],
    ["an unknown enum name", "eq(state,HIDDEN)", ListErrorCode.InvalidFilterValue, "state"],
    ["an unknown enum number", "eq(mode,99)", ListErrorCode.InvalidFilterValue, "mode"],
    ["one bad value in a list", "value_in(phase,RUNNING;NOPE)", ListErrorCode.InvalidFilterValue, "phase"],
    ["contains on a timestamp", "contains(created_at,2024)", ListErrorCode.UnsupportedFilterFunction, "created_at"],
  ];
  for (const [what, filter, code, field] of cases) {
    it(`rejects ${what} with ${code}, naming the filter and field`, () => {
      const err = thrown(() => resolveFilters(EXECUTION_LIST_SPEC, `eq(project,p)+${filter}`));
      expect(err.code).toBe(code);
      expect(err.status).toBe("invalid_argument");
      expect(err.details).toEqual({ filter, field });
      expect(err.message).toContain(filter);
    });
  }

  it("rejects a bad boolean with InvalidFilterValue", () => {
    const err = thrown(() => resolveFilters(NODE_EXECUTION_LIST_SPEC, "eq(is_parent,maybe)"));
    expect(err.code).toBe(ListErrorCode.InvalidFilterValue);
    expect(err.details).toEqual({ filter: "eq(is_parent,maybe)", field: "is_parent" });
  });
});

describe("limit and token", () => {
  it("default the limit and read the token as an offset", () => {
    expect(checkLimit(undefined)).toBe(100);
    expect(parseToken("")).toBe(0);
    expect(parseToken("300")).toBe(300);
  });

  for (const limit of [0, -1, 1.5, 10_001]) {
    it(`rejects limit ${limit} with InvalidLimit`, () => {
      expect(thrown(() => checkLimit(limit)).code).toBe(ListErrorCode.InvalidLimit);
    });
  }
  for (const token of ["abc", "-1", "1e3", "9999999999999999"]) {
    it(`rejects token ${JSON.stringify(token)} with InvalidToken`, () => {
      expect(thrown(() => parseToken(token)).code).toBe(ListErrorCode.InvalidToken);
    });
  }
});
