import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { FAILING_AND_SLEEPING, REPO_ROOT, startTestServer, tempModule, type TestServer } from "./remote-run-fixture.js";

let t: TestServer;
const scratch = mkdtempSync(join(tmpdir(), "flyte-cli-remote-run-"));
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  rmSync(scratch, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
const cli = (args: string[], cwd = REPO_ROOT) => runCli(args, { cwd, env: t.env });
const executionName = (stdout: string) => (stdout.trim().split("/").pop() ?? "").trim();

describe("flyte run --remote", () => {
  it("fast-registers the code, runs a workflow on the server and prints its outputs; unchanged code registers nothing new", async () => {
    const args = ["run", "--remote", "examples/basic-workflow.ts", "basicWorkflow", "--a", "3", "--b", "hello "];
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^o0\s+5$/m);
    expect(r.stdout).toMatch(/^o1\s+hello world$/m);
    // Per-node progress with phases and durations, on stderr.
    expect(r.stderr).toMatch(/n0\s+t1\s+SUCCEEDED\s+\d/);
    expect(r.stderr).toMatch(/n1\s+t2\s+SUCCEEDED\s+\d/);
    expect(r.stderr).toMatch(/uploaded \d+ files .* → file:\/\/.*\/fast[0-9a-f]+\.tar\.gz/);
    expect(r.stderr).toMatch(/at version [0-9a-f]{20} \(4 new entities\)/);
    const again = await cli(args);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("(nothing new)");
  });

  it("runs a single task (Flyte's single-task execution), -o json", async () => {
    const r = await cli(["run", "--remote", "examples/basic-workflow.ts", "t1", "--a", "40", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { phase: string; outputs: Record<string, unknown> };
    expect(report.phase).toBe("SUCCEEDED");
    expect(report.outputs).toEqual({ t1IntOutput: 42, c: "world" });
  });

  it("runs a launch plan by its name, with the defaults it declares", async () => {
    const r = await cli(["run", "--remote", "examples/launch-plans.ts", "default_4_lp"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^o0\s+16$/m);
    const given = await cli([
      "run",
      "--remote",
      "examples/launch-plans.ts",
      "default_4_lp",
      "--val",
      "5",
      "-o",
      "json",
    ]);
    expect((JSON.parse(given.stdout) as { outputs: unknown }).outputs).toEqual({ o0: 25 });
  });

  it("--wait=false and --no-wait print the execution id at once; watch follows it to the end", async () => {
    const r = await cli([
      "run",
      "--remote",
      "examples/basic-workflow.ts",
      "basicWorkflow",
      "--a",
      "1",
      "--b",
      "x",
      "--wait=false",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^flytesnacks\/development\/[a-z0-9]+\n$/);
    expect(r.stderr).toContain("/console/projects/flytesnacks/domains/development/executions/");
    const watched = await cli(["execution", "watch", executionName(r.stdout)]);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/^o0\s+3$/m);
    expect(watched.stderr).toContain("SUCCEEDED");

    const noWait = await cli(["run", "--remote", "examples/hello-world.ts", "helloWorld", "--no-wait", "-o", "json"]);
    expect(noWait.code, noWait.stderr).toBe(0);
    const started = JSON.parse(noWait.stdout) as { execution: string; url: string };
    expect(started.url).toContain(started.execution.split("/")[2]);
  });

  it("uploads a local file input through the data proxy; outputs --out downloads the result file", async () => {
    const csv = join(scratch, "data.csv");
    writeFileSync(csv, "x,y\n1,10\n3,30\n");
    const r = await cli([
      "run",
      "--remote",
      "examples/files-and-directories.ts",
      "normalizeCsvFile",
      "--csvUrl",
      csv,
      "--columnNames",
      '["x","y"]',
      "--columnsToNormalize",
      '["x"]',
      "--wait=false",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const name = executionName(r.stdout);
    const watched = await cli(["execution", "watch", name]);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/^o0\s+file:\/\/.*normalized\.csv$/m);
    const out = join(scratch, "results");
    const got = await cli(["execution", "outputs", name, "--out", out]);
    expect(got.code, got.stderr).toBe(0);
    expect(readFileSync(join(out, "o0", "normalized.csv"), "utf8")).toBe("x,y\n-1,10\n1,30\n");
    const written = JSON.parse(readFileSync(join(out, "outputs.json"), "utf8")) as Record<string, string>;
    expect(Object.keys(written)).toEqual(["o0"]);
    expect(written.o0).toMatch(/^file:\/\/.*normalized\.csv$/);
  });

  it("uploads a local folder input; outputs --out copies the result folder", async () => {
    const csvDir = join(scratch, "csvs");
    mkdirSync(join(csvDir, "more"), { recursive: true });
    writeFileSync(join(csvDir, "a.csv"), "x\n1\n3\n");
    writeFileSync(join(csvDir, "more", "b.csv"), "x\n5\n7\n");
    const r = await cli([
      "run",
      "--remote",
      "examples/files-and-directories.ts",
      "normalizeCsvFolder",
      "--csvDir",
      csvDir,
      "--columnsToNormalize",
      '["x"]',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const name = /remotely as ([a-z0-9]+)/.exec(r.stderr)?.[1] ?? "";
    const out = join(scratch, "folder-results");
    const got = await cli(["execution", "outputs", name, "--out", out]);
    expect(got.code, got.stderr).toBe(0);
    expect(readFileSync(join(out, "o0", "a.csv"), "utf8")).toBe("x\n-1\n1\n");
    expect(readFileSync(join(out, "o0", "more", "b.csv"), "utf8")).toBe("x\n-1\n1\n");
  });

  it("uploads a local dataframe (written by a local run) for a remote run", async () => {
    const made = await cli([
      "run",
      "examples/dataframe-processing.ts",
      "makeTable",
      "--n",
      "4",
      "-o",
      "json",
      "--data-dir",
      join(scratch, "local-df"),
    ]);
    expect(made.code, made.stderr).toBe(0);
    const df = (JSON.parse(made.stdout) as { outputs: { o0: { uri: string } } }).outputs.o0;
    expect(df.uri.startsWith("/")).toBe(true);
    const r = await cli([
      "run",
      "--remote",
      "examples/dataframe-processing.ts",
      "meanAge",
      "--people",
      df.uri,
      "-o",
      "json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { outputs: unknown }).outputs).toEqual({ o0: 21.5 });
  });

  it("a failing run exits 1 with the node and the error; its logs hold what the task printed", async () => {
    const m = tempModule(FAILING_AND_SLEEPING);
    try {
      const r = await cli(["run", "--remote", "wf.ts", "failingWf", "--n", "7"], m.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/n0\s+explode\s+FAILED/);
      expect(r.stderr).toContain("boom: 7 is too big");
      expect(r.stderr).toMatch(/failed at node n0 \(explode\): user error/);
      const name = /remotely as ([a-z0-9]+)/.exec(r.stderr)?.[1] ?? "";
      const logs = await cli(["execution", "logs", name], m.dir);
      expect(logs.code, logs.stderr).toBe(0);
      expect(logs.stdout).toMatch(/node n0 \(explode\) attempt 1: .* file:\/\//);
      expect(logs.stdout).toContain("about to explode with n = 7");
      const links = await cli(["execution", "logs", name, "--no-content"], m.dir);
      expect(links.stdout).not.toContain("about to explode");
    } finally {
      m.cleanup();
    }
  });

  it("waits for a server on this machine that is still starting", async () => {
    const port = await freePort();
    const run = cli(["run", "--remote", "examples/hello-world.ts", "helloWorld", "--endpoint", `127.0.0.1:${port}`]);
    await new Promise((r) => setTimeout(r, 1500));
    const late = await startTestServer(port);
    try {
      const r = await run;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`waiting for the Flyte server at http://127.0.0.1:${port} to start`);
      expect(r.stdout).toMatch(/^o0\s+hello world$/m);
    } finally {
      await late.close();
    }
  }, 60_000);

  it("runs against `flyte start` in a child process, as the Quickstart does (workers from the built runtime)", async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "flyte-cli-start-"));
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, "apps/cli/bin/flyte.js"), "start", "--port", String(port), "--data-dir", dataDir],
      { cwd: scratch, env: { PATH: process.env.PATH ?? "", HOME: dataDir }, stdio: "ignore" },
    );
    try {
      const r = await runCli(
        ["run", "--remote", "examples/basic-workflow.ts", "basicWorkflow", "--a", "3", "--b", "hi"],
        { cwd: REPO_ROOT, env: { FLYTE_ENDPOINT: `127.0.0.1:${port}`, HOME: dataDir } },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^o1\s+hiworld$/m);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it("input errors are usage errors before anything is registered", async () => {
    const r = await cli(["run", "--remote", "examples/basic-workflow.ts", "basicWorkflow", "--a", "three", "--b", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("input 'a'");
    expect(r.stderr).not.toContain("uploaded");
    const bad = await cli(["run", "--remote", "examples/basic-workflow.ts", "t1", "--a", "1", "--wait=maybe"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--wait takes true or false");
  });
});
