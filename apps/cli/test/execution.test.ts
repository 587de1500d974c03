import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { FAILING_AND_SLEEPING, startTestServer, tempModule, type TestServer } from "./remote-run-fixture.js";

let t: TestServer;
let m: ReturnType<typeof tempModule>;
beforeAll(async () => {
  t = await startTestServer();
  m = tempModule(FAILING_AND_SLEEPING);
});
afterAll(async () => {
  await t.close();
  m.cleanup();
});

const cli = (args: string[]) => runCli(args, { cwd: m.dir, env: t.env });
const started = async (args: string[]): Promise<string> => {
  const r = await cli(["run", "--remote", "wf.ts", ...args, "--wait=false"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split("/").pop() ?? "";
};

describe("flyte execution", () => {
  it("terminate aborts a sleeping workflow; watch then exits 1 with the reason", async () => {
    const name = await started(["sleepyWf", "--seconds", "120"]);
    const stop = await cli(["execution", "terminate", name, "--reason", "changed my mind"]);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toBe(`terminated flytesnacks/development/${name}\n`);
    const watched = await cli(["execution", "watch", `flytesnacks/development/${name}`]);
    expect(watched.code).toBe(1);
    expect(watched.stderr).toContain("ABORTED");
    expect(watched.stderr).toContain("changed my mind");
    const twice = await cli(["execution", "terminate", name]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("already ended (ABORTED)");
    const outputs = await cli(["execution", "outputs", name]);
    expect(outputs.code).toBe(1);
    expect(outputs.stderr).toContain("is ABORTED: outputs exist once it succeeded");
  }, 60_000);

  it("relaunch runs it again with the same inputs; outputs prints and -o json them", async () => {
    const first = await started(["sleepyWf", "--seconds", "0"]);
    expect((await cli(["execution", "watch", first])).code).toBe(0);
    const again = await cli(["execution", "relaunch", first]);
    expect(again.code, again.stderr).toBe(0);
    const second = again.stdout.trim();
    expect(second).toMatch(/^[a-z0-9]+$/);
    expect(second).not.toBe(first);
    expect(again.stderr).toContain(`flyte execution watch ${second}`);
    const watched = await cli(["execution", "watch", second, "-o", "json"]);
    expect(watched.code, watched.stderr).toBe(0);
    expect((JSON.parse(watched.stdout) as { outputs: unknown }).outputs).toEqual({ o0: "rested" });
    const outputs = await cli(["execution", "outputs", second]);
    expect(outputs.stdout).toMatch(/^o0\s+rested$/m);
    const json = await cli(["execution", "outputs", second, "-o", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({ o0: "rested" });
  }, 60_000);

  it("recover re-runs a failed execution as a new one", async () => {
    const failed = await started(["failingWf", "--n", "3"]);
    expect((await cli(["execution", "watch", failed])).code).toBe(1);
    const recovered = await cli(["execution", "recover", failed, "-o", "json"]);
    expect(recovered.code, recovered.stderr).toBe(0);
    const doc = JSON.parse(recovered.stdout) as { name: string; url: string };
    expect(doc.name).not.toBe(failed);
    expect(doc.url).toContain(`/executions/${doc.name}`);
    const watched = await cli(["execution", "watch", doc.name]);
    expect(watched.code).toBe(1);
    expect(watched.stderr).toContain("boom: 3 is too big");
  }, 60_000);

  it("says what is wrong with an unknown or malformed execution, and documents every verb", async () => {
    const unknown = await cli(["execution", "watch", "nosuchexecution"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("nosuchexecution");
    const malformed = await cli(["execution", "logs", "a/b"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("project/domain/name");
    const down = await cli(["execution", "watch", "x", "--endpoint", "127.0.0.1:1"]);
    expect(down.code).toBe(3);
    for (const cmd of [["execution"], ["register"], ["register", "code"], ["signal"], ["signal", "list"]]) {
      const help = await cli([...cmd, "--help"]);
      expect(help.code, cmd.join(" ")).toBe(0);
      expect(help.stdout, cmd.join(" ")).toContain("Examples:");
    }
    const run = await cli(["run", "--help"]);
    expect(run.stdout).toContain("flyte run --remote");
    expect(run.stdout).toContain("--wait <bool>");
    for (const verb of ["relaunch", "recover", "terminate", "watch", "logs", "outputs"]) {
      const help = await cli(["execution", verb, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Examples:");
    }
  });
});
