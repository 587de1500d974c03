import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { create as createTar } from "tar";
import { ContainerError_Kind } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { literals } from "@flyte-ts/idl";
import type { ExecuteArgs } from "../src/index.js";
import { intOf, PACKAGE_ROOT, sandbox, stringOf } from "./helpers.js";

const box = sandbox();
afterAll(() => box.cleanup());

const BIN = fileURLToPath(new URL("../src/bin/flyte-execute.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs the real `flyte-execute` entrypoint (from sources, under tsx) in a child process. */
function flyteExecute(argv: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", TSX, BIN, ...argv], {
    cwd: PACKAGE_ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The exact argument list the SDK writes into a TS task's container (task-template.ts). */
function sdkArgs(a: ExecuteArgs): string[] {
  return [
    "--inputs",
    a.inputs,
    "--output-prefix",
    a.outputPrefix,
    "--raw-output-data-prefix",
    a.rawOutputDataPrefix,
    "--checkpoint-path",
    a.checkpointPath ?? "",
    "--prev-checkpoint",
    '""',
    "--resolver",
    "default",
    "--",
    "task-module",
    a.taskModule,
    "task-name",
    a.taskName,
  ];
}

describe("flyte-execute (the CLI entrypoint)", () => {
  it("runs a task from the SDK's args and writes outputs.pb, exit 0", async () => {
    const args = await box.attempt("add", { a: literals.integer(20), b: literals.integer(22) });
    const r = flyteExecute(sdkArgs(args));
    expect(r.stderr).toContain("wrote");
    expect(r.code).toBe(0);
    expect(intOf(await box.outputs(args), "o0")).toBe(42);
  });

  it("writes error.pb for a failing task and still exits 0", async () => {
    const args = await box.attempt("fails", { why: literals.string("cli") });
    const r = flyteExecute(sdkArgs(args));
    expect(r.code).toBe(0);
    const e = await box.error(args);
    expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(e?.kind).toBe(ContainerError_Kind.NON_RECOVERABLE);
    expect(e?.worker).toMatch(/^flyte-execute\//);
  });

  it("gives the task the FLYTE_* variables of its environment", async () => {
    const args = await box.attempt("envOf", { name: literals.string("FLYTE_ATTEMPT_NUMBER") });
    expect(flyteExecute(sdkArgs(args), { FLYTE_ATTEMPT_NUMBER: "1" }).code).toBe(0);
    expect(stringOf(await box.outputs(args), "o0")).toBe("1");
  });

  it("runs fast-registered code: flyte-fast-execute --additional-distribution ... -- flyte-execute ...", async () => {
    const file = join(box.dir, "cli-code.tar.gz");
    await createTar({ gzip: true, file, cwd: fileURLToPath(new URL("./fixtures/bundle-src", import.meta.url)) }, ["."]);
    const args = { ...(await box.attempt("hello", { name: literals.string("cli") })), taskModule: "hello.ts" };
    const dest = join(box.dir, "dest");
    const argv = ["flyte-fast-execute", "--additional-distribution", `${box.root}/cli-code.tar.gz`, "--dest-dir", dest];
    const r = flyteExecute([...argv, "--", "flyte-execute", ...sdkArgs(args)]);
    expect(r.stderr).toContain("wrote");
    expect(r.code).toBe(0);
    expect(stringOf(await box.outputs(args), "o0")).toBe("HELLO CLI!");
  });

  it("exits 2 with a clear message for a bad command line", () => {
    const missing = flyteExecute([
      "--inputs",
      "file:///tmp/x/inputs.pb",
      "--",
      "task-module",
      "m.ts",
      "task-name",
      "t",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required option --output-prefix");
    expect(missing.stderr).toContain("usage: flyte-execute");
    const unknown = flyteExecute(["--bogus", "1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const memory = flyteExecute([
      ...[
        "--inputs",
        "memory://x/inputs.pb",
        "--output-prefix",
        "memory://x/0",
        "--raw-output-data-prefix",
        "memory://x/r",
      ],
      ...["--", "task-module", "m.ts", "task-name", "t"],
    ]);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain("memory://");
  });

  it("prints usage for --help", () => {
    const r = flyteExecute(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("task-module <module path> task-name <export name>");
  });
});
