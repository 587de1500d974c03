import { describe, expect, it } from "vitest";
import { toFlyteFilters } from "../src/commands/nouns/filters.js";
import { parseSort } from "../src/commands/nouns/list-options.js";
import { renderColumns } from "../src/output/proto-output.js";
import { formatMillis } from "../src/output/values.js";
import { CliError } from "../src/exit-codes.js";

describe("--filter", () => {
  it("translates the friendly syntax into Flyte filters", () => {
    expect(toFlyteFilters("phase=succeeded,name~nightly")).toBe("eq(phase,SUCCEEDED)+contains(name,nightly)");
    expect(toFlyteFilters("created_at>=2024-05-01T00:00:00Z")).toBe("gte(created_at,2024-05-01T00:00:00Z)");
    expect(toFlyteFilters("duration<60, version!=v1")).toBe("lt(duration,60)+ne(version,v1)");
    expect(toFlyteFilters("execution.phase=RUNNING;QUEUED")).toBe("value_in(execution.phase,RUNNING;QUEUED)");
    expect(toFlyteFilters("name!=a;b")).toBe("value_not_in(name,a;b)");
    expect(toFlyteFilters("name!~tmp")).toBe("not_like(name,tmp)");
    expect(toFlyteFilters("")).toBe("");
  });

  it("passes raw Flyte filters through after checking their shape", () => {
    expect(toFlyteFilters("eq(phase,SUCCEEDED)+value_in(name,a;b)")).toBe("eq(phase,SUCCEEDED)+value_in(name,a;b)");
    expect(() => toFlyteFilters("eq(phase)")).toThrow(/is not func\(field,value\)/);
  });

  it("rejects terms without an operator, a field or a value, with help", () => {
    for (const bad of ["phase", "=x", "name=", "na me=x", "a>b;c"]) {
      const e = (() => {
        try {
          toFlyteFilters(bad);
        } catch (err) {
          return err;
        }
        return undefined;
      })();
      expect(e, bad).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode, bad).toBe(2);
      expect((e as CliError).message, bad).toContain("Raw Flyte filters are accepted too");
    }
  });
});

describe("--sort-by", () => {
  it("takes field[:asc|desc], descending by default", () => {
    expect(parseSort("created_at")).toMatchObject({ key: "created_at", direction: 0 });
    expect(parseSort("name:asc")).toMatchObject({ key: "name", direction: 1 });
    expect(parseSort(undefined)).toBeUndefined();
    expect(() => parseSort("name:up")).toThrow(/asc or desc/);
    expect(() => parseSort("a:b:c")).toThrow(/field\[:asc\|desc\]/);
  });
});

describe("tables", () => {
  const columns = [
    { header: "NAME", value: (r: { n: string; p: string }) => r.n },
    { header: "PHASE", value: (r: { n: string; p: string }) => r.p, color: () => "green" as const },
  ];
  const rows = [
    { n: "a-long-name", p: "SUCCEEDED" },
    { n: "b", p: "line\nbreak" },
  ];

  it("aligns columns, keeps each row on one line, and has no escape codes without colour", () => {
    expect(renderColumns(columns, rows, false)).toBe(
      "NAME         PHASE\na-long-name  SUCCEEDED\nb            line break\n",
    );
  });

  it("colours cells after aligning them when colour is on", () => {
    const text = renderColumns(columns, rows, true);
    expect(text).toContain("\u001b[32mSUCCEEDED\u001b[0m");
    expect(text.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g"), "")).toBe(
      renderColumns(columns, rows, false),
    );
  });

  it("formats durations", () => {
    expect([850, 12_400, 185_000, 7_260_000].map(formatMillis)).toEqual(["850ms", "12.4s", "3m05s", "2h01m"]);
  });
});
