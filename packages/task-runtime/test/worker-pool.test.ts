import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContainerError_Kind } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { literals } from "@flyte-ts/idl";
import { RuntimeErrorCode, WorkerPool } from "../src/index.js";
import { intOf, PACKAGE_ROOT, sandbox, stringOf } from "./helpers.js";

const box = sandbox();
const pool = new WorkerPool({ size: 2, root: PACKAGE_ROOT, env: {} });

beforeAll(() => pool.start());
afterAll(async () => {
  await pool.close();
  box.cleanup();
});

describe("WorkerPool running real SDK tasks", () => {
  it("runs a task and writes outputs.pb", async () => {
    const args = await box.attempt("add", { a: literals.integer(2), b: literals.integer(40) });
    const r = await pool.run({ args }).result;
    expect(r).toEqual({ outcome: "outputs", uri: `${args.outputPrefix}/outputs.pb` });
    expect(intOf(await box.outputs(args), "o0")).toBe(42);
  });

  it("writes named outputs and keeps the attempt's stdout in its log file", async () => {
    const args = await box.attempt("greet", { name: literals.string("ada") });
    const logPath = join(box.dir, "greet.log");
    const r = await pool.run({ args, logPath }).result;
    expect(r.outcome).toBe("outputs");
    const out = await box.outputs(args);
    expect(stringOf(out, "greeting")).toBe("hello ada");
    expect(intOf(out, "length")).toBe(3);
    expect(readFileSync(logPath, "utf8")).toContain("greeting ada");
  });

  it("records a thrown error as USER, NON_RECOVERABLE", async () => {
    const args = await box.attempt("fails", { why: literals.string("cosmic rays") });
    const r = await pool.run({ args }).result;
    expect(r.outcome).toBe("error");
    const e = await box.error(args);
    expect(e?.code).toBe("USER:RangeError");
    expect(e?.message).toContain("bad luck: cosmic rays");
    expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(e?.kind).toBe(ContainerError_Kind.NON_RECOVERABLE);
  });

  it("records RecoverableError as USER, RECOVERABLE", async () => {
    const args = await box.attempt("flaky");
    await pool.run({ args }).result;
    const e = await box.error(args);
    expect(e?.code).toBe("USER:Recoverable");
    expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(e?.kind).toBe(ContainerError_Kind.RECOVERABLE);
  });

  it("rejects an input of the wrong type as a USER error naming the variable and both types", async () => {
    const args = await box.attempt("add", { a: literals.string("two"), b: literals.integer(1) });
    const r = await pool.run({ args }).result;
    expect(r.outcome).toBe("error");
    const e = await box.error(args);
    expect(e?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(e?.kind).toBe(ContainerError_Kind.NON_RECOVERABLE);
    expect(e?.code).toBe("TypeMismatch");
    expect(e?.message).toContain("input 'a'");
    expect(e?.message).toMatch(/int/);
    expect(e?.message).toMatch(/string/);
  });

  it("reports a missing export and a non-task export as SYSTEM errors", async () => {
    const missing = await box.attempt("nope");
    await pool.run({ args: missing }).result;
    const e1 = await box.error(missing);
    expect(e1?.origin).toBe(ExecutionError_ErrorKind.SYSTEM);
    expect(e1?.code).toBe(RuntimeErrorCode.TaskLoadFailed);
    expect(e1?.message).toContain("has no export 'nope'");
    const notTask = await box.attempt("notATask");
    await pool.run({ args: notTask }).result;
    expect((await box.error(notTask))?.code).toBe(RuntimeErrorCode.NotATask);
    const noModule = await box.attempt("add", {}, { module: "test/fixtures/absent.ts" });
    await pool.run({ args: noModule }).result;
    expect((await box.error(noModule))?.message).toContain("does not exist");
  });

  it("keeps modules loaded across attempts in a worker", async () => {
    const loads: number[] = [];
    for (let i = 0; i < 6; i++) {
      const args = await box.attempt("moduleLoads");
      await pool.run({ args }).result;
      loads.push(intOf(await box.outputs(args), "o0"));
    }
    expect(loads.every((n) => n === 1)).toBe(true);
  });
});
