import { describe, expect, it } from "vitest";
import { parseDurationMs } from "./filter-values.js";

describe("parseDurationMs", () => {
  const good: [string, number][] = [
    ["200", 200_000],
    ["1.5", 1500],
    [".5", 500],
    ["250ms", 250],
    ["1h30m", 5_400_000],
    ["1m29.5s", 89_500],
    ["-2s", -2000],
    ["1500us", 2],
    ["3000000ns", 3],
  ];
  for (const [text, ms] of good) it(`reads ${text} as ${ms} ms`, () => expect(parseDurationMs(text)).toBe(ms));

  for (const text of ["", "soon", "1d", "1h 30m", "h", "1.2.3s", "--1s"]) {
    it(`rejects ${JSON.stringify(text)}`, () => expect(parseDurationMs(text)).toBeUndefined());
  }
});
