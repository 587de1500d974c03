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

describe("flyte run --remote progress of nested nodes", () => {
  it("shows the nodes of a sub-workflow indented under their parent", async () => {
    const r = await runCli(["run", "--remote", "examples/subworkflows.ts", "parentWf", "--a", "2"], {
      cwd: REPO_ROOT,
      env: t.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^ {2}n1 +mySubwf +SUCCEEDED/m);
    // Children are named from the sub-workflow's template and indented one level.
    expect(r.stderr).toMatch(/^ {4}n1-0-n0 +t1 +SUCCEEDED +\d/m);
    expect(r.stderr).toMatch(/^ {4}n1-0-n1 +t1 +SUCCEEDED +\d/m);
    expect(r.stdout).toMatch(/^o0\s+4$/m);
    expect(r.stdout).toMatch(/^o2\s+world$/m);
  });
});
