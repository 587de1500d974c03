import { describe, expect, it } from "vitest";
import { visibleRange } from "./windowing.js";

describe("visibleRange", () => {
  it("renders only the rows in view plus overscan", () => {
    expect(visibleRange({ scrollTop: 0, viewportHeight: 360, rowHeight: 36, count: 1000, overscan: 5 })).toEqual({
      start: 0,
      end: 16,
    });
    expect(visibleRange({ scrollTop: 3600, viewportHeight: 360, rowHeight: 36, count: 1000, overscan: 5 })).toEqual({
      start: 95,
      end: 116,
    });
  });

  it("clamps at the end and on empty lists", () => {
    expect(visibleRange({ scrollTop: 36_000, viewportHeight: 360, rowHeight: 36, count: 1000, overscan: 0 })).toEqual({
      start: 999,
      end: 1000,
    });
    expect(visibleRange({ scrollTop: 0, viewportHeight: 360, rowHeight: 36, count: 0 })).toEqual({ start: 0, end: 0 });
  });
});
