import { describe, expect, it } from "vitest";
import { parseFilters } from "./filter-parser.js";
import { ListErrorCode } from "./list-errors.js";

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): {
  code: string;
  status: string;
  kind: string;
  message: string;
  details: Record<string, string>;
} {
  try {
    fn();
  } catch (e) {
    return e as never;
  }
  throw new Error("expected an error");
}

describe("parseFilters", () => {
  it("parses terms joined by '+', or by spaces (an unescaped '+' in a query string)", () => {
    const terms = parseFilters("eq(phase,SUCCEEDED)+gte(created_at,2024-01-01T00:00:00Z) value_in(name,a;b;c)");
    expect(terms).toEqual([
      { fn: "eq", field: "phase", values: ["SUCCEEDED"], text: "eq(phase,SUCCEEDED)" },
      {
        fn: "gte",
        field: "created_at",
        values: ["2024-01-01T00:00:00Z"],
        text: "gte(created_at,2024-01-01T00:00:00Z)",
      },
      { fn: "value_in", field: "name", values: ["a", "b", "c"], text: "value_in(name,a;b;c)" },
    ]);
  });

  it("keeps ',' and '+' inside a value and splits qualified fields", () => {
    expect(parseFilters("eq(launch_plan.name,a,b+c)")).toEqual([
      { fn: "eq", entity: "launch_plan", field: "name", values: ["a,b+c"], text: "eq(launch_plan.name,a,b+c)" },
    ]);
  });

  it("an empty string is no filter", () => {
    expect(parseFilters("")).toEqual([]);
    expect(parseFilters(" + ")).toEqual([]);
  });

  const cases: [what: string, filter: string, code: string, named: string][] = [
    ["a term without parentheses", "eq phase SUCCEEDED", ListErrorCode.MalformedFilter, "eq phase SUCCEEDED"],
    ["an unclosed term", "eq(phase,SUCCEEDED", ListErrorCode.MalformedFilter, "eq(phase,SUCCEEDED"],
    ["terms not joined by '+'", "eq(phase,A)eq(name,b)", ListErrorCode.MalformedFilter, "eq(name,b)"],
    ["a term without a value", "eq(phase)", ListErrorCode.MalformedFilter, "eq(phase)"],
    ["a field that is not a name", "eq(1phase,A)", ListErrorCode.MalformedFilter, "eq(1phase,A)"],
    ["an unknown function", "like(name,abc)", ListErrorCode.UnknownFilterFunction, "like(name,abc)"],
    ["a function in the wrong case", "EQ(name,abc)", ListErrorCode.UnknownFilterFunction, "EQ(name,abc)"],
    ["an empty value", "eq(name,)", ListErrorCode.InvalidFilterValue, "eq(name,)"],
  ];
  for (const [what, filter, code, named] of cases) {
    it(`rejects ${what} with ${code}, naming the filter`, () => {
      const err = thrown(() => parseFilters(`eq(project,p)+${filter}`));
      expect(err.code).toBe(code);
      expect(err.status).toBe("invalid_argument");
      expect(err.kind).toBe("user");
      expect(err.details.filter).toBe(named);
      expect(err.message).toContain(JSON.stringify(named));
    });
  }
});
