import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBinary } from "@bufbuild/protobuf";
import { literals, literalMap } from "@flyte-ts/idl";
import { ContainerError_Kind, ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { containerTask, entityOf, t, taskTemplate, type TaskEntity } from "@flyte-ts/sdk";
import { MemoryStore } from "@flyte-ts/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerPlugin, type ContainerPluginOptions } from "../../src/plugins/container/container-plugin.js";
import { detectRuntime } from "../../src/plugins/container/container-runtime.js";
import { runToEnd, testContext } from "./container-test-context.js";

const IMAGE = "localhost/flyte-ts-test-busybox:1";

/** A raw container task as the SDK serializes it (inputs in /var/inputs, outputs in /var/outputs). */
function template(script: string, outputs: Parameters<typeof containerTask>[0]["outputs"] = {}): TaskTemplate {
  const fn = containerTask({
    name: "shell",
    image: IMAGE,
    command: ["sh", "-c", script],
    inputs: { n: t.int, greeting: t.string, data: t.file(), words: t.list(t.string) },
    outputs,
    // Enforced in containers (--cpus/--memory); a local process ignores them.
    resources: { limits: { cpu: "500m", memory: "128Mi" } },
  });
  return taskTemplate(entityOf(fn) as TaskEntity, { image: "unused" });
}

const SCRIPT = [
  "set -e",
  "n=$(cat /var/inputs/n)",
  "echo $((n * 2)) > /var/outputs/doubled",
  'printf "%s, %s" "$(cat /var/inputs/greeting)" "$(cat /var/inputs/words/1)" > /var/outputs/message',
  "mkdir -p /var/outputs/folder/sub",
  "cp /var/inputs/data /var/outputs/copy",
  "cat /var/inputs/data > /var/outputs/folder/sub/a.txt",
  "test -f /var/inputs/inputs.pb",
  "cat /var/inputs/inputs.json | wc -c > /var/outputs/jsonSize",
  `grep -q '"n": 21' /var/inputs/inputs.json`,
  `grep -q '"data": "/var/inputs/data"' /var/inputs/inputs.json`,
  `grep -q '"words": \\[' /var/inputs/inputs.json`,
  'echo "templated: {{.inputs.greeting}} n={{ .Inputs.n }} task=$FLYTE_INTERNAL_TASK_NAME attempt=$FLYTE_ATTEMPT_NUMBER"',
  "echo to-stderr >&2",
].join("\n");

const OUTPUTS = {
  doubled: t.int,
  message: t.string,
  copy: t.file(),
  folder: t.directory(),
  jsonSize: t.int,
};

function value(lit: Literal | undefined): unknown {
  const s = lit?.value.case === "scalar" ? lit.value.value.value : undefined;
  if (s?.case === "primitive") return s.value.value.value;
  if (s?.case === "blob") return s.value.uri;
  return undefined;
}

describe("ContainerPlugin", () => {
  let dir: string;
  let blobs: MemoryStore;
  const root = "memory://bucket";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "container-plugin-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function inputsCtx(script: string, outputs: typeof OUTPUTS | Record<string, never> = OUTPUTS) {
    blobs = new MemoryStore({ root });
    const dataUri = `${root}/user/data.txt`;
    await blobs.write(dataUri, new TextEncoder().encode("hello file\n"));
    const inputs = literalMap({
      n: literals.integer(21),
      greeting: literals.string("hi there"),
      data: literals.blob(dataUri),
      words: literals.collection([literals.string("zero"), literals.string("one")]),
    });
    return testContext({ blobs, root, task: template(script, outputs), inputs });
  }

  function plugin(extra: Partial<ContainerPluginOptions> = {}): ContainerPlugin {
    return new ContainerPlugin({ workDir: join(dir, "work"), runtimes: [], allowLocalProcess: true, ...extra });
  }

  async function checkOutputs(ctx: Awaited<ReturnType<typeof inputsCtx>>) {
    const out = fromBinary(LiteralMapSchema, await blobs.read(ctx.paths.outputs)).literals;
    expect(value(out.doubled)).toBe(42n);
    expect(value(out.message)).toBe("hi there, one");
    expect(Number(value(out.jsonSize))).toBeGreaterThan(20);
    expect(value(out.copy)).toBe(`${ctx.rawOutputSandbox}/copy`);
    expect(new TextDecoder().decode(await blobs.read(`${ctx.rawOutputSandbox}/copy`))).toBe("hello file\n");
    expect(value(out.folder)).toBe(`${ctx.rawOutputSandbox}/folder`);
    expect(new TextDecoder().decode(await blobs.read(`${ctx.rawOutputSandbox}/folder/sub/a.txt`))).toBe("hello file\n");
  }

  it("runs a shell script as a local process: inputs as files, outputs read back", async () => {
    const ctx = await inputsCtx(SCRIPT);
    const p = plugin();
    const seen = await runToEnd(p, ctx);
    const last = seen.at(-1);
    expect(seen[0]?.phase).toBe("running");
    expect(last?.phase).toBe("success");
    await checkOutputs(ctx);
    const logUri = last?.logs?.[0]?.uri ?? "";
    const log = await readFile(fileURLToPath(logUri), "utf8");
    expect(log).toContain("templated: hi there n=21 task=shell attempt=0");
    expect(log).toContain("to-stderr");
    await p.finalize(ctx);
    expect(existsSync(join(fileURLToPath(logUri), "..", "inputs"))).toBe(false);
    expect(existsSync(fileURLToPath(logUri))).toBe(true);
    // After a restart (a new plugin, same persisted state) the attempt is done, not rerun.
    const again = await plugin().handle(ctx);
    expect(again.phase).toBe("success");
  });

  it("starts one process for concurrent handle calls of one attempt", async () => {
    const ctx = await inputsCtx("echo started-once", {});
    const p = plugin();
    const first = await Promise.all([p.handle(ctx), p.handle(ctx), p.handle(ctx)]);
    expect(first.map((t) => t.phase)).toEqual(["running", "running", "running"]);
    const last = (await runToEnd(p, ctx)).at(-1);
    expect(last?.phase).toBe("success");
    const log = await readFile(fileURLToPath(last?.logs?.[0]?.uri ?? ""), "utf8");
    expect(log.match(/started-once/g)).toHaveLength(1);
    await p.finalize(ctx);
  });

  it("refuses with a permanent failure when no runtime works and local processes are not allowed", async () => {
    const ctx = await inputsCtx(SCRIPT);
    // `false info` exits 1: a binary that exists but is not a working runtime.
    const p = plugin({
      allowLocalProcess: false,
      runtimes: [
        { kind: "podman", binary: "/nonexistent/podman" },
        { kind: "docker", binary: "false" },
      ],
    });
    const tr = await p.handle(ctx);
    expect(tr.phase).toBe("permanentFailure");
    if (tr.phase !== "permanentFailure") return;
    expect(tr.error.code).toBe("NoContainerRuntime");
    expect(tr.error.message).toContain("no container runtime (podman or docker) is available");
    expect(tr.error.message).toContain("container.allowLocalProcess: true");
    expect(await blobs.head(ctx.paths.outputs)).toBeUndefined();
  });

  it("reports a non-zero exit as a retryable USER error with the end of stderr", async () => {
    const ctx = await inputsCtx("echo first >&2; echo 'boom: bad input' >&2; exit 3");
    const last = (await runToEnd(plugin(), ctx)).at(-1);
    expect(last?.phase).toBe("retryableFailure");
    if (last?.phase !== "retryableFailure") return;
    expect(last.error.kind).toBe("USER");
    expect(last.error.message).toContain("exited with code 3");
    expect(last.error.message).toContain("boom: bad input");
  });

  it("turns _ERROR into a USER error document and a missing output into a recoverable one", async () => {
    const ctx = await inputsCtx("echo 'cannot parse row 7' > /var/outputs/_ERROR");
    expect((await runToEnd(plugin(), ctx)).at(-1)?.phase).toBe("success");
    const doc = fromBinary(ErrorDocumentSchema, await blobs.read(ctx.paths.error));
    expect(doc.error?.code).toBe("USER:ContainerError");
    expect(doc.error?.message).toContain("cannot parse row 7");
    expect(doc.error?.kind).toBe(ContainerError_Kind.NON_RECOVERABLE);

    const ctx2 = await inputsCtx("echo 5 > /var/outputs/doubled");
    expect((await runToEnd(plugin(), ctx2)).at(-1)?.phase).toBe("success");
    const doc2 = fromBinary(ErrorDocumentSchema, await blobs.read(ctx2.paths.error));
    expect(doc2.error?.code).toBe("OutputUploadFailed");
    expect(doc2.error?.message).toContain("output 'message'");
    expect(doc2.error?.kind).toBe(ContainerError_Kind.RECOVERABLE);
    expect(await blobs.head(ctx2.paths.outputs)).toBeUndefined();
  });

  it("fails a command that names an unknown input before running anything", async () => {
    const ctx = await inputsCtx("true", {});
    // Registered templates are not always SDK-checked: a hand-written one may name any input.
    if (ctx.task.target.case === "container") ctx.task.target.value.args = ["{{.inputs.nope}}"];
    const last = (await runToEnd(plugin(), ctx)).at(-1);
    expect(last?.phase).toBe("permanentFailure");
    if (last?.phase === "permanentFailure") expect(last.error.message).toContain("no input 'nope'");
  });

  it("abort kills the running process and everything it started", async () => {
    const ctx = await inputsCtx("sleep 30 & echo $! > /var/outputs/child; wait");
    const p = plugin();
    expect((await p.handle(ctx)).phase).toBe("running");
    const workDir = join(dir, "work");
    const started = Date.now();
    let childPid: number | undefined;
    while (childPid === undefined && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 50));
      const found = await findChildPid(workDir, ctx.generatedName);
      if (found) childPid = found;
    }
    expect(childPid).toBeDefined();
    await p.abort(ctx, "user asked");
    await ctx.nextWake(10_000);
    expect(Date.now() - started).toBeLessThan(20_000);
    const until = Date.now() + 5000;
    while (alive(childPid ?? 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(alive(childPid ?? 0)).toBe(false);
    await p.finalize(ctx);
  });

  describe("with podman", () => {
    let skipReason: string | undefined;
    let rootfs = "";

    beforeAll(async () => {
      const d = await detectRuntime([{ kind: "podman", binary: "podman" }]);
      const busybox = ["/bin/busybox", "/usr/bin/busybox"].find((b) => existsSync(b) && isStatic(b));
      if (!d.runtime) skipReason = `podman does not work here: ${d.rejected.join("; ")}`;
      else if (!busybox) skipReason = "no static busybox to build a rootfs from";
      if (skipReason || !busybox) return;
      // A fresh import each run, so the rootfs → `podman import` path is exercised every time.
      execFileSync("podman", ["image", "rm", "-f", IMAGE], { stdio: "ignore" });
      rootfs = join(dir, "rootfs");
      await mkdir(join(rootfs, "bin"), { recursive: true });
      await mkdir(join(rootfs, "tmp"), { recursive: true });
      await copyFile(busybox, join(rootfs, "bin", "busybox"));
      for (const c of ["sh", "cat", "echo", "mkdir", "cp", "wc", "test", "printf", "sleep", "grep"]) {
        await symlink("busybox", join(rootfs, "bin", c));
      }
    });
    afterAll(() => {
      if (!skipReason) execFileSync("podman", ["image", "rm", "-f", IMAGE], { stdio: "ignore" });
    });

    function skipUnlessPodman(test: { skip: () => void }): boolean {
      if (skipReason === undefined) return false;
      console.log(
        `skipping the podman leg: ${skipReason} (scripts/install-test-deps.sh installs podman, runc, busybox-static)`,
      );
      test.skip();
      return true;
    }

    const podmanPlugin = () =>
      plugin({
        runtimes: [{ kind: "podman", binary: "podman" }],
        allowLocalProcess: false,
        localImages: { [IMAGE]: rootfs },
        pull: "never",
        network: "none",
      });

    it("runs the same task in a container built from an imported busybox rootfs", async (test) => {
      if (skipUnlessPodman(test)) return;
      const ctx = await inputsCtx(SCRIPT);
      const p = podmanPlugin();
      expect((await p.mode())?.kind).toBe("container");
      const last = (await runToEnd(p, ctx)).at(-1);
      expect(last).toMatchObject({ phase: "success" });
      await checkOutputs(ctx);
      const log = await readFile(fileURLToPath(last?.logs?.[0]?.uri ?? ""), "utf8");
      expect(log).toContain("templated: hi there n=21 task=shell attempt=0");
      await p.finalize(ctx);
      expect(containers()).not.toContain(`flyte-${ctx.generatedName}`);
    }, 120_000);

    it("reports a failing container command with its stderr, and abort kills a running container", async (test) => {
      if (skipUnlessPodman(test)) return;
      const p = podmanPlugin();
      const failing = await inputsCtx("echo 'no such table' >&2; exit 4");
      const last = (await runToEnd(p, failing)).at(-1);
      expect(last).toMatchObject({ phase: "retryableFailure", error: { kind: "USER", code: "Error" } });
      if (last?.phase === "retryableFailure") expect(last.error.message).toContain("no such table");
      await p.finalize(failing);

      const ctx = await inputsCtx("sleep 60");
      expect((await p.handle(ctx)).phase).toBe("running");
      const name = `flyte-${ctx.generatedName}`;
      const until = Date.now() + 20_000;
      while (!containers(true).includes(name) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(containers(true)).toContain(name);
      const t0 = Date.now();
      await p.abort(ctx, "stop");
      await ctx.nextWake(20_000);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(containers(true)).not.toContain(name);
      await p.finalize(ctx);
      expect(containers()).not.toContain(name);
    }, 120_000);
  });
});

async function findChildPid(workDir: string, generatedName: string): Promise<number | undefined> {
  try {
    const text = await readFile(join(workDir, generatedName, "outputs", "child"), "utf8");
    const n = Number(text.trim());
    return n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Names of podman containers (running only, or all). */
function containers(runningOnly = false): string[] {
  const args = ["ps", "--format", "{{.Names}}", ...(runningOnly ? [] : ["-a"])];
  return execFileSync("podman", args, { encoding: "utf8" }).split("\n").filter(Boolean);
}

/** `ldd` fails on a static executable, which is what a one-binary rootfs needs. */
function isStatic(binary: string): boolean {
  try {
    execFileSync("ldd", [binary], { stdio: "ignore" });
    return false;
  } catch {
    return true;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
