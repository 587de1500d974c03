import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidServerConfigError, loadServerConfig } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "flyte-config-sections-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { home: "/home/u", cwd: "/work" };
const fromYaml = (text: string) => {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadServerConfig({ ...base, file });
};

describe("server config: egress, resources and executions sections", () => {
  it("reads all three from YAML; a relative file sink path is resolved against the working directory", () => {
    const c = fromYaml(`
egress:
  sinks:
    - { type: webhook, url: "http://127.0.0.1:9/events" }
    - { type: file, path: out/events.jsonl }
resources:
  global: { slots: 8 }
  pools: { warehouse: 2 }
  projects: { ml: { slots: 4, weight: 2 } }
executions:
  maxParallelism: 25
  taskResources: { defaults: { cpu: 500m, memory: 1Gi } }
`);
    expect(c.egress?.sinks).toEqual([
      { type: "webhook", url: "http://127.0.0.1:9/events" },
      { type: "file", path: "/work/out/events.jsonl" },
    ]);
    expect(c.resources).toEqual({
      global: { slots: 8 },
      pools: { warehouse: 2 },
      projects: { ml: { slots: 4, weight: 2 } },
    });
    expect(c.executions).toEqual({ maxParallelism: 25, taskResources: { defaults: { cpu: "500m", memory: "1Gi" } } });
  });

  it("absent sections stay absent (no egress, no limits, no global settings)", () => {
    const c = fromYaml("port: 9000\n");
    expect(c.egress).toBeUndefined();
    expect(c.resources).toBeUndefined();
    expect(c.executions).toBeUndefined();
  });

  it("every bad value is reported with its path, in one error", () => {
    let error: unknown;
    try {
      fromYaml(`
egress: { sinks: [{ type: kafka }] }
resources: { global: { slots: 0 }, pools: { db: many } }
executions: { taskResources: { limits: { cpu: lots } } }
`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidServerConfigError);
    const message = (error as Error).message;
    expect(message).toContain("egress.sinks[0].type must be one of webhook, file");
    expect(message).toContain("resources.global.slots must be an integer from 1");
    expect(message).toContain("resources.pools.db must be an integer");
    expect(message).toContain("executions.taskResources.limits.cpu must be a quantity");
  });
});
