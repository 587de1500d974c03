import { describe, expect, it } from "vitest";
import { createdAfter, executionFilters, filterString } from "./filters.js";

describe("Flyte filter strings", () => {
  it("joins expressions with + and value_in values with ;", () => {
    expect(
      filterString([
        { fn: "eq", field: "phase", value: "SUCCEEDED" },
        { fn: "value_in", field: "phase", value: ["FAILED", "ABORTED"] },
      ]),
    ).toBe("eq(phase,SUCCEEDED)+value_in(phase,FAILED;ABORTED)");
  });

  it("builds the executions page filters", () => {
    expect(executionFilters({})).toBe("");
    expect(
      executionFilters({
        phases: ["SUCCEEDED"],
        workflow: "wf.a",
        launchPlan: "lp.a",
        createdAfter: "2024-01-01T00:00:00.000Z",
        createdBefore: "2024-02-01T00:00:00.000Z",
      }),
    ).toBe(
      "eq(phase,SUCCEEDED)+eq(workflow.name,wf.a)+eq(launch_plan.name,lp.a)+gte(created_at,2024-01-01T00:00:00.000Z)+lte(created_at,2024-02-01T00:00:00.000Z)",
    );
    expect(executionFilters({ phases: ["RUNNING", "QUEUED"] })).toBe("value_in(phase,RUNNING;QUEUED)");
  });

  it("turns a time range into a created_at lower bound", () => {
    const now = Date.parse("2024-01-02T00:00:00.000Z");
    expect(createdAfter("24h", now)).toBe("2024-01-01T00:00:00.000Z");
    expect(createdAfter("all", now)).toBeUndefined();
  });
});
