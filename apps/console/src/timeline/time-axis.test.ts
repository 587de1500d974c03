import { describe, expect, it } from "vitest";
import { formatDuration, formatOffset, tickStep, timeTicks, visibleRange } from "./time-axis.js";

describe("time axis", () => {
  it("picks round steps", () => {
    expect(tickStep(800, 8)).toBe(100);
    expect(tickStep(7_000, 8)).toBe(1000);
    expect(tickStep(90_000, 8)).toBe(15_000);
    expect(tickStep(3_600_000, 8)).toBe(10 * 60_000);
    expect(tickStep(10 * 86_400_000, 8)).toBe(2 * 86_400_000);
  });

  it("labels ticks with the units they need", () => {
    expect(timeTicks(90_000).map((t) => t.label)).toEqual(["0s", "15s", "30s", "45s", "1m", "1m 15s", "1m 30s"]);
    expect(timeTicks(500, 5).map((t) => t.label)).toEqual(["0s", "100ms", "200ms", "300ms", "400ms", "500ms"]);
    expect(formatOffset(2 * 3_600_000 + 60_000, 3_600_000)).toBe("2h 1m");
    expect(timeTicks(1200, 6).map((t) => t.label)).toEqual(["0s", "200ms", "400ms", "600ms", "800ms", "1s", "1.2s"]);
    expect(timeTicks(1000, 8).length).toBeLessThanOrEqual(9);
  });

  it("formats durations", () => {
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_345)).toBe("12.3s");
    expect(formatDuration(245_000)).toBe("4m 05s");
    expect(formatDuration(2 * 3_600_000 + 600_000)).toBe("2h 10m");
  });

  it("renders only rows in view, with overscan", () => {
    expect(visibleRange(0, 420, 30, 1000)).toEqual({ first: 0, last: 22 });
    expect(visibleRange(3000, 420, 30, 1000)).toEqual({ first: 92, last: 122 });
    expect(visibleRange(29_700, 420, 30, 1000)).toEqual({ first: 982, last: 1000 });
    expect(visibleRange(0, 420, 30, 3)).toEqual({ first: 0, last: 3 });
  });
});
