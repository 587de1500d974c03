import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { newDataDir } from "./server-fixture.js";

const BIN = fileURLToPath(new URL("../../cli/bin/flyte.js", import.meta.url));
const CLI_DIST = fileURLToPath(new URL("../../cli/dist/commands/start.js", import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (s: NodeJS.Signals) => void;
}

function flyte(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return {
    output: () => out,
    exit: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
    kill: (s) => child.kill(s),
  };
}

async function endpoint(run: Run, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = /Flyte is running at (http:\/\/[^\s]+)/.exec(run.output());
    if (m?.[1]) return m[1];
    if (Date.now() > deadline) throw new Error(`no endpoint printed:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("flyte start (a real child process of the built CLI)", { timeout: 90_000 }, () => {
  it("the CLI is built (npm test builds first)", () => {
    expect(existsSync(CLI_DIST), `${CLI_DIST} is missing: run \`npx tsc -b apps/cli\``).toBe(true);
  });

  it("prints the endpoint within about a second, answers /healthz, drains on SIGTERM and exits 0", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const t0 = Date.now();
    const run = flyte(["start", "--port", "0", "--data-dir", dir]);
    const url = await endpoint(run);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    // Loose on purpose (the whole suite shares 2 cores); the CLI prints its own "ready in N ms".
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(run.output()).toMatch(/ready in \d+ ms/);
    const projects = (await (await fetch(`${url}/api/v1/projects`)).json()) as { projects: { id: string }[] };
    expect(projects.projects.map((p) => p.id)).toContain("flytesnacks");
    run.kill("SIGTERM");
    const exit = await run.exit;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain("draining");
    expect(existsSync(join(dir, "flyte.db"))).toBe(true);
    expect(existsSync(join(dir, "engine.db"))).toBe(true);
  });

  it("bad configuration: a clear message naming the key, exit code 2; a port in use: exit code 1", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "port: lots\nengine:\n  workers: 0\n  colour: blue\n");
    const bad = flyte(["start", "--config", file, "--data-dir", dir]);
    expect((await bad.exit).code).toBe(2);
    expect(bad.output()).toContain("port must be an integer");
    expect(bad.output()).toContain("engine.workers must be an integer from 1");
    expect(bad.output()).toContain("unknown key engine.colour");
    const env = flyte(["start", "--data-dir", dir], { FLYTE_PORT: "99999" });
    expect((await env.exit).code).toBe(2);
    expect(env.output()).toContain("FLYTE_PORT");
    const flag = flyte(["start", "--port", "x"]);
    expect((await flag.exit).code).toBe(2);
    expect(flag.output()).toContain("--port must be a number");
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = String((taken.address() as AddressInfo).port);
    const busy = flyte(["start", "--port", port, "--data-dir", dir]);
    expect((await busy.exit).code).toBe(1);
    expect(busy.output()).toContain(`port ${port} on 127.0.0.1 is in use`);
    taken.close();
  });
});
