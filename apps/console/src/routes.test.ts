import { describe, expect, it } from "vitest";
import { entityPath, executionPath, launchPath, parseRoute, sectionPath } from "./routes.js";

describe("console routes", () => {
  it("parses every page and round-trips the paths it formats", () => {
    expect(parseRoute("/console/")).toEqual({ page: "projects" });
    expect(parseRoute("/console")).toEqual({ page: "projects" });
    expect(parseRoute(sectionPath("p", "development", "workflows"))).toEqual({
      page: "section",
      project: "p",
      domain: "development",
      section: "workflows",
    });
    expect(parseRoute(entityPath("p", "d", "tasks", "my.task", "v 1").split("?")[0] ?? "")).toEqual({
      page: "entity",
      project: "p",
      domain: "d",
      kind: "tasks",
      name: "my.task",
    });
    expect(parseRoute(launchPath("p", "d", "lp/x").split("?")[0] ?? "")).toEqual({
      page: "launch",
      project: "p",
      domain: "d",
      kind: "launch_plans",
      name: "lp/x",
    });
    expect(parseRoute(executionPath("p", "d", "abc"))).toEqual({
      page: "execution",
      project: "p",
      domain: "d",
      name: "abc",
    });
    expect(parseRoute("/console/projects/p/domains/d")).toMatchObject({ page: "section", section: "executions" });
  });

  it("answers not-found for unknown paths", () => {
    expect(parseRoute("/console/nope").page).toBe("not-found");
    expect(parseRoute("/console/projects/p/domains/d/bogus").page).toBe("not-found");
    expect(parseRoute("/console/projects/p/domains/d/workflows/w/launch").page).toBe("not-found");
    expect(parseRoute("/console/projects/p/domains/d/tasks/t/launch")).toMatchObject({ page: "launch", kind: "tasks" });
  });
});
