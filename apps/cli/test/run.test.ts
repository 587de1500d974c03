import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../../..");
const bin = resolve(repo, "apps/cli/bin/flyte.js");
const example = (name: string) => resolve(repo, "examples", name);
const noStack = /\n\s+at .+:\d+:\d+/;
/** Every temp folder of this file (the CLI's own data folders too, through TMPDIR), removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), "flyte-run-test-"));

interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `flyte` bin in a child process, as a user's shell (or a script) would. */
function flyte(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<BinResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: opts.cwd ?? repo, env: { PATH: process.env.PATH ?? "", TMPDIR: scratch, ...opts.env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

interface RunReport {
  phase: string;
  entity: string;
  execution: string;
  outputs?: Record<string, unknown>;
  error?: { node?: string; nodeName?: string; kind: string; code: string; message: string };
  nodes: { id: string; name: string; phase: string }[];
}

/** A project of the user's own: its package.json, the SDK installed, a module of entities. */
function userProject(): string {
  const project = mkdtempSync(join(scratch, "project-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
  mkdirSync(join(project, "node_modules", "@flyte-ts"), { recursive: true });
  symlinkSync(resolve(repo, "packages/sdk"), join(project, "node_modules", "@flyte-ts", "sdk"));
  writeFileSync(
    join(project, "pipeline.ts"),
    [
      'import { approve, RecoverableError, t, task, waitForSignal, workflow } from "@flyte-ts/sdk";',
      "export const check = task({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => {",
      "  if (n > 2) throw new Error(`n is too big: ${n}`);",
      "  return n;",
      "});",
      "export const pipeline = workflow({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => check({ n }));",
      "export const nap = task({ inputs: { ms: t.int }, outputs: t.int }, async ({ ms }) => {",
      "  await new Promise((r) => setTimeout(r, ms));",
      "  return ms;",
      "});",
      "export const slow = workflow({ inputs: { ms: t.int }, outputs: t.int }, ({ ms }) => nap({ ms }));",
      "export const draft = task({ inputs: { data: t.string }, outputs: t.string }, ({ data }) => `report on ${data}`);",
      "export const publish = task(",
      "  { inputs: { report: t.string, title: t.string }, outputs: t.string },",
      "  ({ report, title }) => `${title}: ${report}`,",
      ");",
      "export const review = workflow({ inputs: { data: t.string }, outputs: t.string }, ({ data }) => {",
      "  const report = draft({ data });",
      '  const title = waitForSignal("title", t.string, { timeout: "1h" });',
      '  const approved = approve(report, "review-report", { timeout: "2h" });',
      "  return publish({ report: approved, title });",
      "});",
      "let calls = 0;",
      "export const flaky = task({ inputs: { n: t.int }, outputs: t.int, retries: 3 }, ({ n }) => {",
      "  calls += 1;",
      "  if (calls < 3) throw new RecoverableError(`flaky failure ${calls}`);",
      "  return n * calls;",
      "});",
      "export const retrying = workflow({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => flaky({ n }));",
    ].join("\n"),
  );
  return project;
}

describe("flyte run (local, through the engine)", () => {
  let work: string;
  beforeAll(() => {
    if (!existsSync(resolve(repo, "apps/cli/dist/commands/run/run-command.js")))
      throw new Error("apps/cli is not built: run `npx tsc -b apps/cli` (npm test builds it first)");
    work = mkdtempSync(join(scratch, "work-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("runs hello-world and prints its output as a table, progress on stderr", async () => {
    const r = await flyte(["run", example("hello-world.ts"), "helloWorld"]);
    expect(r.stderr).not.toMatch(noStack);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^OUTPUT\s+TYPE\s+VALUE$/m);
    expect(r.stdout).toMatch(/^o0\s+string\s+hello world$/m);
    expect(r.stderr).toMatch(/^\s+n0\s+sayHello\s+RUNNING$/m);
    expect(r.stderr).toMatch(/^\s+n0\s+sayHello\s+SUCCEEDED\s+\d+ms$/m);
    expect(r.stderr).toMatch(/^SUCCEEDED in .+ \(execution local\/development\/local-/m);
    expect(r.stderr).not.toContain("\u001b["); // not a terminal: no colours, no redraws
  });

  it("takes inputs as --input name=value, and as --name value sugar", async () => {
    const pairs = await flyte([
      "run",
      example("basic-workflow.ts"),
      "basicWorkflow",
      "--input",
      "a=3",
      "--input",
      "b=hi ",
    ]);
    expect(pairs.code, pairs.stderr).toBe(0);
    expect(pairs.stdout).toMatch(/^o0\s+int\s+5$/m);
    expect(pairs.stdout).toMatch(/^o1\s+string\s+hi world$/m);

    const sugar = await flyte([
      "run",
      example("basic-workflow.ts"),
      "basicWorkflow",
      "--a",
      "-3",
      "--b=x",
      "-o",
      "json",
    ]);
    expect(sugar.code, sugar.stderr).toBe(0);
    const report = JSON.parse(sugar.stdout) as RunReport;
    expect(report.phase).toBe("SUCCEEDED");
    expect(report.entity).toBe("examples.basic-workflow.basicWorkflow");
    expect(report.outputs).toEqual({ o0: -1, o1: "xworld" });
    expect(report.nodes.map((n) => [n.id, n.name, n.phase])).toEqual([
      ["n0", "t1", "SUCCEEDED"],
      ["n1", "t2", "SUCCEEDED"],
    ]);
  });

  it("reads an inputs file (YAML or JSON); flags win over it", async () => {
    const yaml = join(work, "inputs.yaml");
    writeFileSync(yaml, "a: 3\nb: 'hey '\n");
    const fromFile = await flyte(["run", example("basic-workflow.ts"), "basicWorkflow", "--inputs-file", yaml]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(/^o0\s+int\s+5$/m);
    expect(fromFile.stdout).toMatch(/^o1\s+string\s+hey world$/m);

    const json = join(work, "inputs.json");
    writeFileSync(json, JSON.stringify({ a: "one", b: "j" })); // a wrong value the flag replaces
    const overridden = await flyte([
      "run",
      example("basic-workflow.ts"),
      "basicWorkflow",
      "--inputs-file",
      json,
      "--a",
      "10",
      "-o",
      "yaml",
    ]);
    expect(overridden.code, overridden.stderr).toBe(0);
    expect(overridden.stdout).toMatch(/^ {2}o0: 12$/m);
    expect(overridden.stdout).toMatch(/^ {2}o1: jworld$/m);
  });

  it("runs branches (kebab-case flag for a camelCase input) and reports skipped cases", async () => {
    const r = await flyte(["run", example("conditions.ts"), "multiplier", "--my-input", "0.5", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report.outputs).toEqual({ o0: 1 });
    expect(report.nodes.find((n) => n.name === "double")?.phase).toBe("SUCCEEDED");
    expect(report.nodes.find((n) => n.name === "square")?.phase).toBe("SKIPPED");
  });

  it("runs a map task, showing each mapped index as a node", async () => {
    const r = await flyte(["run", example("map-task.ts"), "myMapWorkflow", "--a", "[1,2,3]"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^o0\s+string\s+111213$/m);
    for (const i of [0, 1, 2]) expect(r.stderr).toMatch(new RegExp(`^\\s+n0-0-${i}\\s+\\S+\\s+SUCCEEDED`, "m"));
    expect(r.stderr).toMatch(/^\s+n1\s+coalesce\s+SUCCEEDED/m);
  });

  it("runs dynamic workflows (dynamic-workflow, merge-sort) and a defaulted input", async () => {
    const dyn = await flyte(["run", example("dynamic-workflow.ts"), "dynamicWf", "--s1", "hello", "--s2", "world"]);
    expect(dyn.code, dyn.stderr).toBe(0);
    expect(dyn.stdout).toMatch(/^o0\s+int\s+3$/m);
    expect(dyn.stderr).toMatch(/^\s+n0-0-n\d+\s+derivedCount\s+SUCCEEDED/m);

    const numbers = [9, 4, 12, 1, 7, 3, 11, 2];
    const sort = await flyte([
      "run",
      example("merge-sort.ts"),
      "mergeSort",
      "--numbers",
      JSON.stringify(numbers),
      "--numbersCount",
      "8",
      "--runLocallyAt",
      "3",
      "-o",
      "json",
    ]);
    expect(sort.code, sort.stderr).toBe(0);
    expect((JSON.parse(sort.stdout) as RunReport).outputs).toEqual({ o0: [...numbers].sort((a, b) => a - b) });

    // runLocallyAt defaults to 5.
    const defaulted = await flyte([
      "run",
      example("merge-sort.ts"),
      "mergeSort",
      "--numbers",
      "[3,1,2]",
      "--numbersCount",
      "3",
    ]);
    expect(defaulted.code, defaulted.stderr).toBe(0);
    expect(defaulted.stdout).toMatch(/^o0\s+list<int>\s+\[1,2,3\]$/m);
  });

  it("takes a real local file as a File input (relative to the current folder) and writes the output file", async () => {
    const dir = mkdtempSync(join(work, "files-"));
    writeFileSync(join(dir, "data.csv"), "x,y\n1,5\n3,6\n");
    const r = await flyte(
      [
        "run",
        example("files-and-directories.ts"),
        "normalizeCsvFile",
        "--csvUrl",
        "./data.csv",
        "--columnNames",
        '["x","y"]',
        "--columnsToNormalize",
        '["x"]',
        "--data-dir",
        "out",
        "-o",
        "json",
      ],
      { cwd: dir },
    );
    expect(r.stderr).not.toMatch(noStack);
    expect(r.code, r.stderr).toBe(0);
    const out = (JSON.parse(r.stdout) as RunReport).outputs?.o0 as string;
    expect(out.startsWith(join(dir, "out"))).toBe(true);
    expect(readFileSync(out, "utf8")).toBe("x,y\n-1,5\n1,6\n");

    const missing = await flyte(
      ["run", example("files-and-directories.ts"), "normalizeCsvFile", "--csvUrl", "./nope.csv"],
      { cwd: dir },
    );
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stderr).toContain("input 'csvUrl': no such file ./nope.csv");
  });

  it("takes a local folder as a Directory input and a stored dataframe as a DataFrame input", async () => {
    const dir = mkdtempSync(join(work, "dir-"));
    mkdirSync(join(dir, "csvs"));
    writeFileSync(join(dir, "csvs", "a.csv"), "x,y\n1,5\n3,6\n");
    const folder = await flyte(
      [
        "run",
        example("files-and-directories.ts"),
        "normalizeCsvFolder",
        "--csvDir",
        "csvs",
        "--columnsToNormalize",
        '["x"]',
        "-o",
        "json",
      ],
      { cwd: dir },
    );
    expect(folder.code, folder.stderr).toBe(0);
    const outDir = (JSON.parse(folder.stdout) as RunReport).outputs?.o0 as string;
    expect(readFileSync(join(outDir, "a.csv"), "utf8")).toBe("x,y\n-1,5\n1,6\n");

    const made = await flyte(["run", example("dataframe-processing.ts"), "makeTable", "--n", "4", "-o", "json"]);
    expect(made.code, made.stderr).toBe(0);
    const df = (JSON.parse(made.stdout) as RunReport).outputs?.o0 as { uri: string; rows: number };
    expect(df.rows).toBe(4);
    const mean = await flyte(["run", example("dataframe-processing.ts"), "meanAge", "--people", df.uri, "-o", "json"]);
    expect(mean.code, mean.stderr).toBe(0);
    expect(typeof (JSON.parse(mean.stdout) as RunReport).outputs?.o0).toBe("number");
  });

  it("runs a launch plan by its name, with its defaults; a fixed input cannot be given", async () => {
    const lp = await flyte(["run", example("launch-plans.ts"), "default_4_lp"]);
    expect(lp.code, lp.stderr).toBe(0);
    expect(lp.stdout).toMatch(/^o0\s+int\s+16$/m);
    const fixed = await flyte(["run", example("launch-plans.ts"), "always2Lp", "--val", "3"]);
    expect(fixed.code, fixed.stderr).toBe(2);
    expect(fixed.stderr).toContain("input 'val' is fixed by launch plan 'always_2_lp'");
  });

  it("exits 2 on a wrong input type, naming the input and the expected type", async () => {
    const r = await flyte(["run", example("basic-workflow.ts"), "basicWorkflow", "--a", "three", "--b", "x"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("input 'a': expected int, got \"three\"");
    expect(r.stderr).not.toMatch(noStack);
    expect(r.stdout).toBe("");
    const list = await flyte(["run", example("map-task.ts"), "myMapWorkflow", "--a", '[1,"x"]']);
    expect(list.code, list.stderr).toBe(2);
    expect(list.stderr).toMatch(/input 'a'.*expected/);
  });

  it("exits 2 on missing inputs, listing each with its type", async () => {
    const r = await flyte(["run", example("basic-workflow.ts"), "basicWorkflow"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      "missing required inputs of workflow 'examples.basic-workflow.basicWorkflow': a (int), b (string)",
    );
    expect(r.stderr).toContain("--a <int> --b <string>");
  });

  it("exits 2 on an unknown entity or input, suggesting the closest names", async () => {
    const entity = await flyte(["run", example("basic-workflow.ts"), "basicWorkflo"]);
    expect(entity.code, entity.stderr).toBe(2);
    expect(entity.stderr).toContain(
      "has no task, workflow or launch plan named 'basicWorkflo'. Did you mean 'basicWorkflow'?",
    );
    expect(entity.stderr).toMatch(/^\s+t1 \(task\)$/m);
    const input = await flyte(["run", example("basic-workflow.ts"), "basicWorkflow", "--aa", "1", "--b", "x"]);
    expect(input.code, input.stderr).toBe(2);
    expect(input.stderr).toContain("has no input 'aa' (did you mean 'a'");
    const file = await flyte(["run", join(work, "nope.ts"), "wf"]);
    expect(file.code, file.stderr).toBe(2);
    expect(file.stderr).toContain("no such file");
  });

  it("exits 1 when the workflow fails: failing node, error kind and message, no stack trace", async () => {
    const branch = await flyte(["run", example("conditions.ts"), "multiplier", "--myInput", "20"]);
    expect(branch.code, branch.stderr).toBe(1);
    expect(branch.stderr).toMatch(/^\s+n0\s+fractions\s+FAILED/m);
    expect(branch.stderr).toContain("failed at node n0 (fractions): user error [UserProvidedError]");
    expect(branch.stderr).toContain("The input must be between 0 and 10");
    expect(branch.stderr).not.toMatch(noStack);
    expect(branch.stdout).toBe("");

    // A task body that throws, in a project of the user's own.
    const project = userProject();
    const ok = await flyte(["run", "pipeline.ts", "pipeline", "--n", "1"], { cwd: project });
    expect(ok.code, ok.stderr).toBe(0);
    const failed = await flyte(["run", "pipeline.ts", "pipeline", "--n", "5", "-o", "json"], { cwd: project });
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain("failed at node n0 (check): user error");
    expect(failed.stderr).toContain("n is too big: 5");
    expect(failed.stderr).not.toMatch(noStack);
    const report = JSON.parse(failed.stdout) as RunReport;
    expect(report.phase).toBe("FAILED");
    expect(report.error).toMatchObject({ node: "n0", nodeName: "check", kind: "user" });
    expect(report.error?.message).toContain("n is too big: 5");
  });

  it("answers gates from --signal and --approve; a signal nobody gives stops the run, naming it", async () => {
    const project = userProject();
    const ok = await flyte(
      ["run", "pipeline.ts", "review", "--data", "q3", "--signal", "title=Q3", "--approve", "review-report"],
      { cwd: project },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^o0\s+string\s+Q3: report on q3$/m);
    expect(ok.stderr).toMatch(/^\s+n2\s+review-report\s+SUCCEEDED/m);

    const missing = await flyte(["run", "pipeline.ts", "review", "--data", "q3", "--signal", "title=Q3"], {
      cwd: project,
    });
    expect(missing.code, missing.stderr).toBe(1);
    expect(missing.stderr).toContain("review was aborted");
    expect(missing.stderr).toContain(
      "the run waits for signal 'review-report' (boolean), which was not given: add --signal review-report=<boolean> (or --approve review-report)",
    );
  });

  it("shows retries of a task: each new attempt, and why the last one failed", async () => {
    const project = userProject();
    const r = await flyte(["run", "pipeline.ts", "retrying", "--n", "2", "-o", "json"], { cwd: project });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\s+n0\s+flaky\s+RUNNING\s+attempt 2 \(the last one failed: flaky failure 1\)$/m);
    expect(r.stderr).toMatch(/^\s+n0\s+flaky\s+RUNNING\s+attempt 3 \(the last one failed: flaky failure 2\)$/m);
    const report = JSON.parse(r.stdout) as RunReport & { nodes: { attempts: number }[] };
    expect(report.outputs).toEqual({ o0: 6 });
    expect(report.nodes[0]).toMatchObject({ id: "n0", phase: "SUCCEEDED", attempts: 3 });
  });

  it("aborts the run on Ctrl-C (SIGINT) and exits 1 at once, though a task body still sleeps", async () => {
    const project = userProject();
    const child = spawn(process.execPath, [bin, "run", "pipeline.ts", "slow", "--ms", "60000"], {
      cwd: project,
      env: { PATH: process.env.PATH ?? "", TMPDIR: scratch },
    });
    let stderr = "";
    let interrupted = false;
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      // Once: a second Ctrl-C is not handled (it ends the process the default way).
      if (!interrupted && /nap\s+RUNNING/.test(stderr)) interrupted = child.kill("SIGINT");
    });
    const started = Date.now();
    const code = await new Promise<number | null>((done) => child.on("exit", done));
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(stderr).toMatch(/^\s+n0\s+nap\s+ABORTED/m);
    expect(stderr).toContain("slow was aborted");
    expect(stderr).toContain("aborted by the user (interrupt)");
  });

  it("refuses at once (exit 2) what a local run cannot execute: raw container tasks, reference entities", async () => {
    const container = await flyte(["run", example("container-task.ts"), "containerWf", "--a", "1", "--b", "2"]);
    expect(container.code, container.stderr).toBe(2);
    expect(container.stderr).toContain(
      "uses raw container task 'ellipse-area-metadata-shell', which local runs cannot execute yet",
    );
    const refs = await flyte(["run", example("references.ts"), "usesReferences"]);
    expect(refs.code, refs.stderr).toBe(2);
    expect(refs.stderr).toMatch(/uses reference entities \(task '[^']+'.*\), which exist only on a server/);
  });

  it("describes a file's entities, and an entity's inputs (types, defaults, descriptions), with --help", async () => {
    const listing = await flyte(["run", example("basic-workflow.ts"), "--help"]);
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stdout).toMatch(/^ENTITY\s+KIND\s+INPUTS$/m);
    expect(listing.stdout).toMatch(/^basicWorkflow\s+workflow\s+\(a: int, b: string\)$/m);
    expect(listing.stdout).toMatch(/^t2\s+task\s+\(a: string, b: string\)$/m);

    const wf = await flyte(["run", example("basic-workflow.ts"), "basicWorkflow", "--help"]);
    expect(wf.code, wf.stderr).toBe(0);
    expect(wf.stdout).toContain("workflow 'examples.basic-workflow.basicWorkflow'");
    expect(wf.stdout).toMatch(/^\s+--a <int>\s+required\s+a number to add 2 to$/m);
    expect(wf.stdout).toMatch(/^\s+o1\s+string$/m);

    const lp = await flyte(["run", example("launch-plans.ts"), "morning_greeting", "-h"]);
    expect(lp.code, lp.stderr).toBe(0);
    expect(lp.stdout).toMatch(/^\s+--day <string>\s+default weekday$/m);
    expect(lp.stdout).toMatch(/^\s+--when <datetime>\s+required$/m);

    // No entity given, without --help: a usage error that lists what there is.
    const none = await flyte(["run", example("map-task.ts")]);
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toContain("give the entity to run");
    expect(none.stderr).toMatch(/myMapWorkflow\s+workflow\s+\(a: list<int>\)/);
  });

  it("--remote without a server says how to start one (exit 3), and documents run in --help", async () => {
    const remote = await flyte(["run", example("hello-world.ts"), "helloWorld", "--remote", "--connect-timeout", "0"], {
      env: { FLYTE_ENDPOINT: "127.0.0.1:1", HOME: scratch },
    });
    expect(remote.code, remote.stderr).toBe(3);
    expect(remote.stderr).toContain("Start one with `flyte start`");
    const help = await flyte(["help", "run"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("Usage: flyte run [options] <file> <entity> [--<input> <value> ...]");
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("--inputs-file");
  });

  it("colours phases on a terminal unless NO_COLOR is set", async (ctx) => {
    if (!existsSync("/usr/bin/script")) {
      console.log("skipped: util-linux `script` (to give the CLI a terminal) is not installed");
      ctx.skip();
    }
    const onTerminal = (env: Record<string, string>) =>
      new Promise<string>((done) => {
        const cmd = `${process.execPath} ${bin} run ${example("hello-world.ts")} helloWorld`;
        execFile(
          "/usr/bin/script",
          ["-qec", cmd, "/dev/null"],
          { cwd: repo, env: { PATH: process.env.PATH ?? "", TMPDIR: scratch, TERM: "xterm", ...env }, timeout: 60_000 },
          (_err, stdout) => done(stdout),
        );
      });
    const coloured = await onTerminal({});
    expect(coloured).toContain("\u001b[32mSUCCEEDED");
    expect(coloured).toMatch(/o0\s+string\s+hello world/);
    const plain = await onTerminal({ NO_COLOR: "1" });
    expect(plain).toMatch(/o0\s+string\s+hello world/);
    expect(plain).not.toContain("\u001b[32m");
  });
});
