import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { create as createTar } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { REPO_ROOT, SNACKS, startTestServer, type TestServer } from "./remote-run-fixture.js";

const PB_FILES = readdirSync(SNACKS).filter((f) => f.endsWith(".pb")).length;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const rowsOf = (stdout: string) =>
  stdout
    .split("\n")
    .slice(1)
    .filter((l) => /^(task|workflow|launch plan)\s/.test(l));

describe("flyte register files", () => {
  it("registers the Python SDK's conformance package, then again as a no-op", async () => {
    const first = await runCli(["register", "files", SNACKS, "--version", "v1"], { env: t.env });
    expect(first.stderr).not.toContain("error");
    expect(first.code).toBe(0);
    const rows = rowsOf(first.stdout);
    expect(rows.length).toBe(PB_FILES);
    expect(rows.every((r) => / v1\s+created$/.test(r))).toBe(true);
    expect(first.stdout).toContain(`${PB_FILES} entities: ${PB_FILES} created`);
    expect(first.stderr).toContain(`registered ${PB_FILES}/${PB_FILES}`);
    // Tasks before workflows before launch plans.
    const kinds = rows.map((r) => r.split(/\s{2,}/)[0]);
    expect(kinds.indexOf("workflow")).toBeGreaterThan(kinds.lastIndexOf("task"));

    const again = await runCli(["register", "files", SNACKS, "--version", "v1", "-o", "json"], { env: t.env });
    expect(again.code).toBe(0);
    const doc = JSON.parse(again.stdout) as { entities: { status: string }[]; summary: Record<string, number> };
    expect(doc.summary).toMatchObject({ created: 0, exists: PB_FILES, conflict: 0, failed: 0 });
  });
});

describe("flyte register files with a package of the TypeScript SDK", () => {
  it("registers a flyte package .tgz, is idempotent, and reports a changed re-registration as a conflict", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flyte-cli-pkg-"));
    const pkg = join(dir, "pkg.tgz");
    const made = await runCli(["package", "examples/basic-workflow.ts", "-o", pkg], { cwd: REPO_ROOT, env: t.env });
    expect(made.code).toBe(0);
    const args = ["register", "files", pkg, "--version", "v7", "-p", "flytesnacks", "-d", "staging"];
    const first = await runCli(args, { env: t.env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^task\s+examples\.basic-workflow\.t1\s+v7\s+created$/m);
    expect(first.stdout).toMatch(/^workflow\s+examples\.basic-workflow\.basicWorkflow\s+v7\s+created$/m);
    expect(first.stdout).toMatch(/^launch plan\s+examples\.basic-workflow\.basicWorkflow\s+v7\s+created$/m);
    expect(first.stdout).toContain("4 entities: 4 created");

    const second = await runCli(args, { env: t.env });
    expect(second.code).toBe(0);
    expect(rowsOf(second.stdout).every((r) => r.endsWith("exists"))).toBe(true);
    expect(second.stdout).toContain("4 entities: 0 created, 4 already registered identically");

    const other = join(dir, "other.tgz");
    await runCli(["package", "examples/basic-workflow.ts", "-o", other, "--image", "example.com/other:2"], {
      cwd: REPO_ROOT,
      env: t.env,
    });
    const conflict = await runCli(["register", "files", other, "--version", "v7", "-d", "staging"], { env: t.env });
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toMatch(/^task\s+examples\.basic-workflow\.t1\s+v7\s+conflict$/m);
    // The server's diff names the field that differs, old → new.
    expect(conflict.stderr).toContain(
      'template.container.image: "ghcr.io/flyte-ts/runtime:latest" → "example.com/other:2"',
    );
    expect(conflict.stderr).toContain("register changed entities under a new --version");
    expect(conflict.stdout).toMatch(/2 conflicting/);
    rmSync(dir, { recursive: true, force: true });
  });

  it("--dry-run shows the hydrated ids without registering", async () => {
    const r = await runCli(["register", "files", SNACKS, "--version", "dry1", "--dry-run"], { env: t.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^workflow\s+core\.control_flow\.chain_tasks\.chain_tasks_wf\s+dry1\s+dry-run$/m);
    const got = await runCli(["register", "files", SNACKS, "--version", "dry1", "-o", "json"], { env: t.env });
    expect((JSON.parse(got.stdout) as { summary: { created: number } }).summary.created).toBe(PB_FILES);
  });

  it("says what to do on usage errors and an unreachable server", async () => {
    const noVersion = await runCli(["register", "files", SNACKS], { env: t.env });
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toContain("--version <version>");
    const missing = await runCli(["register", "files", "/no/such/pkg.tgz", "--version", "v1"], { env: t.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("package not found: /no/such/pkg.tgz");
    const down = await runCli(["register", "files", SNACKS, "--version", "v1", "--endpoint", "127.0.0.1:1"], {
      env: t.env,
    });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain("cannot reach the Flyte server at http://127.0.0.1:1");
    const help = await runCli(["register", "files", "--help"], { env: t.env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
  });
});

describe("flyte register files with a fast-registration source archive", () => {
  it("uploads the archive, fills {{ .remote_package_path }} and {{ .dest_dir }}, and the tasks run from it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flyte-cli-fastpkg-"));
    try {
      const made = await runCli(["package", "examples/hello-world.ts", "-o", dir], { cwd: REPO_ROOT, env: t.env });
      expect(made.code, made.stderr).toBe(0);
      // As pyflyte writes a fast package: the command line holds placeholders for the archive.
      for (const f of readdirSync(dir).filter((x) => x.endsWith("_1.pb"))) {
        const spec = fromBinary(TaskSpecSchema, readFileSync(join(dir, f)));
        const c = spec.template?.target.case === "container" ? spec.template.target.value : undefined;
        if (!c) continue;
        c.args = [
          "flyte-fast-execute",
          "--additional-distribution",
          "{{ .remote_package_path }}",
          "--dest-dir",
          "{{ .dest_dir }}",
          "--",
          ...c.args,
        ];
        writeFileSync(join(dir, f), toBinary(TaskSpecSchema, spec));
      }
      await createTar({ gzip: true, cwd: REPO_ROOT, file: join(dir, "fastabc123.tar.gz") }, [
        "package.json",
        "examples/hello-world.ts",
      ]);
      const missing = mkdtempSync(join(tmpdir(), "flyte-cli-fastpkg-none-"));
      for (const f of readdirSync(dir).filter((x) => x.endsWith(".pb")))
        writeFileSync(join(missing, f), readFileSync(join(dir, f)));
      const noArchive = await runCli(["register", "files", missing, "--version", "fast1"], { env: t.env });
      expect(noArchive.code).toBe(2);
      expect(noArchive.stderr).toContain("has no fast*.tar.gz");
      rmSync(missing, { recursive: true, force: true });

      const r = await runCli(["register", "files", dir, "--version", "fast1"], { env: t.env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/source archive uploaded → file:\/\/\S+\/fastabc123\.tar\.gz/);
      const admin = createClient(AdminService, createConnectTransport({ baseUrl: t.server.url, httpVersion: "1.1" }));
      const task = await admin.getTask({
        id: {
          resourceType: ResourceType.TASK,
          project: "flytesnacks",
          domain: "development",
          name: "examples.hello-world.sayHello",
          version: "fast1",
        },
      });
      const args =
        task.closure?.compiledTask?.template?.target.case === "container"
          ? task.closure.compiledTask.template.target.value.args
          : [];
      expect(args.slice(0, 5)).toEqual([
        "flyte-fast-execute",
        "--additional-distribution",
        expect.stringMatching(/^file:\/\/.*fastabc123\.tar\.gz$/) as unknown,
        "--dest-dir",
        ".",
      ]);
      const created = await admin.createExecution({
        project: "flytesnacks",
        domain: "development",
        spec: {
          launchPlan: {
            resourceType: ResourceType.LAUNCH_PLAN,
            project: "flytesnacks",
            domain: "development",
            name: "examples.hello-world.helloWorld",
            version: "fast1",
          },
        },
      });
      const watched = await runCli(["execution", "watch", created.id?.name ?? ""], { env: t.env });
      expect(watched.code, watched.stderr).toBe(0);
      expect(watched.stdout).toMatch(/^o0\s+hello world$/m);

      // The same package as a .tgz: the archive is found inside it.
      const tgz = `${dir}.tgz`;
      await createTar({ gzip: true, cwd: dir, file: tgz }, readdirSync(dir));
      const fromTgz = await runCli(["register", "files", tgz, "--version", "fast2"], { env: t.env });
      rmSync(tgz, { force: true });
      expect(fromTgz.code, fromTgz.stderr).toBe(0);
      expect(fromTgz.stderr).toMatch(/source archive uploaded → file:\/\/\S+\/fastabc123\.tar\.gz/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
