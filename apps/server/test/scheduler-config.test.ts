import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidServerConfigError, loadServerConfig, startServer } from "../src/index.js";
import { newDataDir, PD, SERVER_ROOT } from "./server-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "flyte-scheduler-config-"));
const dirs: string[] = [dir];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const base = { home: "/home/u", cwd: "/work" };

describe("scheduler config and the schedules route in flyte start", { timeout: 60_000 }, () => {
  it("defaults: enabled, catch up the last missed fire time, at most 100, poll every 10 s", () => {
    expect(loadServerConfig(base).scheduler).toEqual({
      enabled: true,
      catchUp: "last",
      maxCatchUp: 100,
      pollIntervalMs: 10_000,
    });
  });

  it("the YAML file sets it; flags override single keys", () => {
    const file = join(dir, "flyte.yaml");
    writeFileSync(file, "scheduler:\n  catchUp: all\n  maxCatchUp: 5\n  pollIntervalMs: 2000\n");
    const c = loadServerConfig({ ...base, file, overrides: { scheduler: { enabled: false } } });
    expect(c.scheduler).toEqual({ enabled: false, catchUp: "all", maxCatchUp: 5, pollIntervalMs: 2000 });
  });

  it("every bad scheduler value is named", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "scheduler:\n  enabled: yes please\n  catchUp: sometimes\n  pollIntervalMs: 5\n  cron: x\n");
    let err: unknown;
    try {
      loadServerConfig({ ...base, file });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidServerConfigError);
    const message = (err as Error).message;
    expect(message).toMatch(/scheduler.enabled must be true or false, got "yes please"/);
    expect(message).toMatch(/scheduler.catchUp must be one of none, last, all, got "sometimes"/);
    expect(message).toMatch(/scheduler.pollIntervalMs must be an integer from 100 to 3600000, got 5/);
    expect(message).toMatch(/unknown key scheduler.cron/);
  });

  for (const enabled of [true, false]) {
    it(`GET /api/v1/schedules/{project}/{domain} answers with the scheduler ${enabled ? "running" : "disabled"}`, async () => {
      const dataDir = newDataDir();
      dirs.push(dataDir);
      const config = loadServerConfig({
        overrides: {
          port: 0,
          dataDir,
          engine: { codeRoot: SERVER_ROOT, workers: 1 },
          scheduler: { enabled, catchUp: "none" },
        },
        home: tmpdir(),
        cwd: SERVER_ROOT,
      });
      const server = await startServer({ config });
      try {
        const res = await fetch(`${server.url}/api/v1/schedules/${PD.project}/${PD.domain}?count=2`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/application\/json/);
        expect(await res.json()).toEqual({
          ...PD,
          schedulerRunning: enabled,
          catchUp: "none",
          maxCatchUp: 100,
          schedules: [],
        });
      } finally {
        await server.close();
      }
    });
  }
});
