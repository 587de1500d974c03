import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { REPO_ROOT, startTestServer, type TestServer } from "./remote-run-fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const cli = (args: string[]) => runCli(args, { cwd: REPO_ROOT, env: t.env });

describe("flyte signal", () => {
  it("sets the waitForSignal and approve signals of a remote run of examples/gates.ts", async () => {
    const r = await cli(["run", "--remote", "examples/gates.ts", "reportingWf", "--data", "q3", "--wait=false"]);
    expect(r.code, r.stderr).toBe(0);
    const name = r.stdout.trim().split("/").pop() ?? "";

    const early = await cli(["signal", "set", "titel", "--execution", name, "--value", "x"]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(`has no signal 'titel'`);
    expect(early.stderr).toContain("--timeout <seconds>");

    // The workflow sleeps 10 s before it reaches the gates.
    const title = await cli(["signal", "set", "title", "--execution", name, "--value", "Q3", "--timeout", "60"]);
    expect(title.code, title.stderr).toBe(0);
    expect(title.stdout).toContain(`set signal title of flytesnacks/development/${name} to Q3`);

    const wrongType = await cli([
      "signal",
      "set",
      "review-report",
      "--execution",
      name,
      "--value",
      "maybe",
      "--timeout",
      "30",
    ]);
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain("signal 'review-report'");
    expect(wrongType.stderr).toContain("bool");

    const approve = await cli([
      "signal",
      "set",
      "review-report",
      "--execution",
      name,
      "--value",
      "true",
      "--timeout",
      "30",
    ]);
    expect(approve.code, approve.stderr).toBe(0);

    const list = await cli(["signal", "list", "--execution", name, "-o", "json"]);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as { signal: string; type: string; value: unknown }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        { signal: "title", type: expect.stringMatching(/string/i) as unknown, value: "Q3" },
        { signal: "review-report", type: expect.stringMatching(/bool/i) as unknown, value: true },
      ]),
    );
    const table = await cli(["signal", "list", "--execution", name]);
    expect(table.stdout).toMatch(/^title\s+\S+\s+"Q3"$/m);

    const again = await cli(["signal", "set", "title", "--execution", name, "--value", "other"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already set to "Q3"');

    const watched = await cli(["execution", "watch", name]);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/^o0\s+Q3: report on q3$/m);
  }, 90_000);

  it("needs --execution and --value", async () => {
    const noExec = await cli(["signal", "list"]);
    expect(noExec.code).toBe(2);
    expect(noExec.stderr).toContain("--execution <name>");
    const noValue = await cli(["signal", "set", "x", "--execution", "abc"]);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain("--value <value>");
    const help = await cli(["signal", "set", "--help"]);
    expect(help.stdout).toContain("Examples:");
  });
});
