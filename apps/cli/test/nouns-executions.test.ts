import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { FIX, startNounsServer, waitFor, type NounsServer } from "./nouns-fixture.js";

let s: NounsServer;
beforeAll(async () => {
  s = await startNounsServer();
});
afterAll(async () => {
  await s?.close();
});

const cli = (args: string[], cwd?: string) => runCli(args, { env: s.env, ...(cwd ? { cwd } : {}) });
const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

/** `flyte create execution` of quad_lp; returns the execution name printed on stdout. */
async function launchQuad(x: number): Promise<string> {
  const r = await cli(["create", "execution", "--launchplan", "quad_lp", "--input", `x=${x}`]);
  expect(r.stderr).toContain("launched quad_lp@");
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

describe("flyte create execution", () => {
  it("launches a launch plan with typed inputs and shows the run with get execution/node-execution/task-execution", async () => {
    const name = await launchQuad(3);
    expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
    await waitFor(s.client, name);

    const one = await cli(["get", "execution", name, "-o", "json"]);
    expect(one.code).toBe(0);
    const exec = json<{ id: { name: string }; closure: { phase: string }; spec: { launch_plan: { name: string } } }>(
      one.stdout,
    );
    expect(exec.closure.phase).toBe("SUCCEEDED");
    expect(exec.spec.launch_plan.name).toBe("quad_lp");

    const table = await cli(["get", "execution", name]);
    expect(table.stdout.split("\n")[0]).toMatch(
      /^NAME\s+LAUNCH PLAN\s+VERSION\s+PHASE\s+MODE\s+STARTED\s+DURATION\s+STATE\s+TAGS\s+NOTIFICATIONS\s+ERROR$/,
    );
    expect(table.stdout).toMatch(new RegExp(`^${name}\\s+quad_lp\\s+v\\d\\s+SUCCEEDED\\s+MANUAL\\s+\\d{4}-`, "m"));

    const nodes = await cli(["get", "node-execution", name, "-o", "json"]);
    expect(nodes.code).toBe(0);
    const ids = json<{ id: { node_id: string }; closure: { phase: string } }[]>(nodes.stdout).map((n) => n.id.node_id);
    expect(ids).toEqual(expect.arrayContaining(["n0", "n1"]));

    const node = await cli(["get", "node-execution", name, "n0", "-o", "yaml"]);
    expect(node.code).toBe(0);
    expect(node.stdout).toMatch(/^ {2}node_id: n0$/m);
    expect(node.stdout).toMatch(/^ {2}phase: SUCCEEDED$/m);

    const missingNode = await cli(["get", "node-execution", name, "n7"]);
    expect(missingNode.code).toBe(1);
    expect(missingNode.stderr).toMatch(/node 'n7' not found in execution .* Did you mean 'n[01]'/);

    const attempts = await cli(["get", "task-execution", name, "n0"]);
    expect(attempts.code).toBe(0);
    expect(attempts.stdout.split("\n")[0]).toMatch(/^ATTEMPT\s+TASK\s+VERSION\s+PHASE/);
    expect(attempts.stdout).toMatch(new RegExp(`^0\\s+${FIX}.double\\s+v\\d\\s+SUCCEEDED`, "m"));
    const attempt = await cli(["get", "task-execution", name, "n0", "0", "-o", "json"]);
    expect(json<{ id: { retry_attempt: number } }>(attempt.stdout).id.retry_attempt).toBe(0);
    const noNode = await cli(["get", "task-execution", name, "n9"]);
    expect(noNode.code).toBe(1);
    expect(noNode.stderr).toMatch(/node 'n9' not found in execution .* Did you mean 'n[01]'/);
    const noAttempt = await cli(["get", "task-execution", name, "n0", "4"]);
    expect(noAttempt.code).toBe(1);
    expect(noAttempt.stderr).toContain("has no attempt 4 (NOT_FOUND); its attempts: 0");
  });

  it("reads inputs from a file, takes a version and a name, prints the id with -o yaml", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flyte-cli-inputs-"));
    writeFileSync(join(dir, "inputs.yaml"), "x: 5\n");
    const r = await cli(
      ["create", "execution", "--launchplan", "quad_lp", "--version", "v1", "--inputs-file", "inputs.yaml"].concat([
        "--name",
        "from-file",
        "-o",
        "yaml",
      ]),
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^name: from-file$/m);
    expect(r.stdout).toMatch(/^project: flytesnacks$/m);
    const done = await waitFor(s.client, "from-file");
    expect(done.closure?.phase).toBe(Phase.SUCCEEDED);
    expect(done.spec?.launchPlan?.version).toBe("v1");
  });

  it("uploads a local file input through the data proxy; a missing file is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flyte-cli-file-"));
    writeFileSync(join(dir, "data.txt"), "a\nb\n");
    const r = await cli(["create", "execution", "--launchplan", "test.scheduled.fileWf", "--input", "f=data.txt"], dir);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const data = await s.client.getExecutionData({
      id: { project: "flytesnacks", domain: "development", name: r.stdout.trim() },
    });
    const f = data.fullInputs?.literals.f?.value;
    const uri = f?.case === "scalar" && f.value.value.case === "blob" ? f.value.value.value.uri : "";
    expect(uri).toMatch(/data\.txt$/);
    expect(uri).not.toContain(dir);

    const missing = await cli(
      ["create", "execution", "--launchplan", "test.scheduled.fileWf", "--input", "f=nope.txt"],
      dir,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file nope.txt");
  });

  it("names the input and the expected type of a bad input, and the closest input name", async () => {
    const badType = await cli(["create", "execution", "--launchplan", "quad_lp", "--input", "x=three"]);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain(`input 'x': expected int, got "three"`);

    const badName = await cli(["create", "execution", "--launchplan", "quad_lp", "--input", "y=1"]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain("launch plan 'quad_lp' has no input 'y' (did you mean 'x'?)");

    const missing = await cli(["create", "execution", "--launchplan", "quad_lp"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required input of launch plan 'quad_lp': x (int)");

    const malformed = await cli(["create", "execution", "--launchplan", "quad_lp", "--input", "x"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--input must be name=value");

    const unknownLp = await cli(["create", "execution", "--launchplan", "quad-lp", "--input", "x=1"]);
    expect(unknownLp.code).toBe(1);
    expect(unknownLp.stderr).toContain("Did you mean 'quad_lp'?");

    const noFlag = await cli(["create", "execution"]);
    expect(noFlag.code).toBe(2);
    expect(noFlag.stderr).toContain("--launchplan");
  });
});

describe("flyte get execution lists", () => {
  it("filters by phase and launch plan, sorts, and pages with a token on stderr", async () => {
    const names = [await launchQuad(1), await launchQuad(2), await launchQuad(4)];
    for (const n of names) await waitFor(s.client, n);

    const succeeded = await cli(["get", "execution", "--filter", "phase=succeeded", "-o", "json"]);
    expect(succeeded.code).toBe(0);
    const listed = json<{ id: { name: string }; closure: { phase: string } }[]>(succeeded.stdout);
    expect(listed.map((e) => e.id.name)).toEqual(expect.arrayContaining(names));
    expect(listed.every((e) => e.closure.phase === "SUCCEEDED")).toBe(true);

    const none = await cli(["get", "execution", "--filter", "phase=FAILED,launch_plan.name=quad_lp", "-o", "json"]);
    expect(json<unknown[]>(none.stdout)).toEqual([]);

    const asc = json<{ id: { name: string } }[]>(
      (await cli(["get", "execution", "--sort-by", "created_at:asc", "--all", "--limit", "2", "-o", "json"])).stdout,
    ).map((e) => e.id.name);
    const desc = json<{ id: { name: string } }[]>((await cli(["get", "execution", "-o", "json"])).stdout).map(
      (e) => e.id.name,
    );
    expect(asc).toEqual([...desc].reverse());

    const page = await cli(["get", "execution", "--limit", "2"]);
    expect(page.stdout.trim().split("\n")).toHaveLength(3);
    expect(page.stderr).toMatch(/^more results: rerun with --token \S+ \(or --all\)$/m);
  });

  it("suggests the closest execution of an unknown name", async () => {
    const name = await launchQuad(6);
    const typo = name.slice(0, -1) + (name.endsWith("a") ? "b" : "a");
    const r = await cli(["get", "execution", typo]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`execution '${typo}' not found in flytesnacks/development (NOT_FOUND)`);
    expect(r.stderr).toContain(`Did you mean '${name}'?`);
    await waitFor(s.client, name);
  });
});

describe("flyte delete|update execution", () => {
  it("terminates a running execution with a reason", async () => {
    const r = await cli(["create", "execution", "--launchplan", `${FIX}.gated`]);
    expect(r.code).toBe(0);
    const name = r.stdout.trim();
    await waitFor(s.client, name, (e) => e.closure?.phase === Phase.RUNNING);
    const del = await cli(["delete", "execution", name, "--reason", "wrong inputs"]);
    expect(del.code).toBe(0);
    expect(del.stdout).toBe(`terminated execution ${name}\n`);
    const done = await waitFor(s.client, name);
    expect(done.closure?.phase).toBe(Phase.ABORTED);
    const shown = await cli(["get", "execution", name]);
    expect(shown.stdout).toMatch(/ABORTED.*aborted: wrong inputs/);

    const missing = await cli(["delete", "execution", "nosuchexecution"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("execution 'nosuchexecution' not found");
  });

  it("archives and re-activates an execution; archived ones leave the default list", async () => {
    const name = await launchQuad(7);
    await waitFor(s.client, name);
    const archive = await cli(["update", "execution", name, "--archive"]);
    expect(archive.code).toBe(0);
    expect(archive.stdout).toBe(`archived execution ${name}\n`);
    const listed = json<{ id: { name: string } }[]>((await cli(["get", "execution", "--all", "-o", "json"])).stdout);
    expect(listed.map((e) => e.id.name)).not.toContain(name);
    const one = json<{ closure: { state_change_details: { state: string } } }>(
      (await cli(["get", "execution", name, "-o", "json"])).stdout,
    );
    expect(one.closure.state_change_details.state).toBe("EXECUTION_ARCHIVED");

    expect((await cli(["update", "execution", name, "--activate"])).code).toBe(0);
    const again = json<{ id: { name: string } }[]>((await cli(["get", "execution", "--all", "-o", "json"])).stdout);
    expect(again.map((e) => e.id.name)).toContain(name);

    const tags = await cli(["update", "execution", name, "--tags", "a,b"]);
    expect(tags.code).toBe(2);
    expect(tags.stderr).toContain("tags are fixed when it is created");
    const neither = await cli(["update", "execution", name]);
    expect(neither.code).toBe(2);
  });
});
