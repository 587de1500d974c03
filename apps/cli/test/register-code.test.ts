import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { list } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { FAILING_AND_SLEEPING, REPO_ROOT, startTestServer, tempModule, type TestServer } from "./remote-run-fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe("flyte register code", () => {
  it("packages, uploads and registers a file at a content-hash version; unchanged code is a no-op", async () => {
    const args = ["register", "code", "examples/named-outputs.ts"];
    const first = await runCli(args, { cwd: REPO_ROOT, env: t.env });
    expect(first.code, first.stderr).toBe(0);
    const version = /version ([0-9a-f]{20})\n/.exec(first.stderr)?.[1];
    expect(version).toBeDefined();
    expect(first.stdout).toMatch(new RegExp(`^task\\s+examples\\.named-outputs\\.\\S+\\s+${version}\\s+created$`, "m"));
    const bundle = /code bundle (file:\/\/\S+\.tar\.gz)/.exec(first.stderr)?.[1] ?? "";
    // The bundle carries the root's package.json ("type": "module"): workers load the modules as ES modules.
    const listed: string[] = [];
    await list({ file: fileURLToPath(bundle), onReadEntry: (e) => void listed.push(e.path) });
    expect(listed).toContain("package.json");
    expect(listed).toContain("examples/named-outputs.ts");
    expect(listed.some((p) => p.includes("node_modules"))).toBe(false);
    const again = await runCli(args, { cwd: REPO_ROOT, env: t.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`version ${version}`);
    expect(again.stdout).toMatch(/0 created, \d+ already registered identically/);
  });

  it("registers a folder at --version; changed code at the same version is a conflict", async () => {
    const m = tempModule(FAILING_AND_SLEEPING);
    try {
      const args = ["register", "code", ".", "--version", "v1", "-d", "staging", "-o", "json"];
      const first = await runCli(args, { cwd: m.dir, env: t.env });
      expect(first.code, first.stderr).toBe(0);
      const doc = JSON.parse(first.stdout) as { entities: { name: string; status: string }[] };
      expect(doc.entities.map((e) => `${e.name}:${e.status}`)).toContain("wf.sleepyWf:created");
      writeFileSync(join(m.dir, "wf.ts"), FAILING_AND_SLEEPING.replace("about to explode", "about to go off"));
      const changed = await runCli(args, { cwd: m.dir, env: t.env });
      expect(changed.code).toBe(1);
      const after = JSON.parse(changed.stdout) as { entities: { name: string; status: string }[] };
      // The new bundle URI changes every TypeScript task's command line.
      expect(after.entities.filter((e) => e.status === "conflict").map((e) => e.name)).toEqual(
        expect.arrayContaining(["wf.explode", "wf.nap"]),
      );
      const dry = await runCli(["register", "code", ".", "--dry-run"], { cwd: m.dir, env: t.env });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/dry-run$/m);
      expect(dry.stderr).toContain("not uploaded: dry run");
    } finally {
      m.cleanup();
    }
  });

  it("refuses paths outside the root and files that are missing", async () => {
    const outside = await runCli(["register", "code", "/etc/hostname"], { cwd: REPO_ROOT, env: t.env });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("outside the package root");
    const missing = await runCli(["register", "code", "nope.ts"], { cwd: REPO_ROOT, env: t.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or folder");
  });
});
