import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerError_Kind, ErrorDocumentSchema } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literals, literalMap } from "@flyte-ts/idl";
import { MemoryStore, readProto, writeProto } from "@flyte-ts/storage";
import { RuntimeErrorCode, WorkerPool, type ExecuteArgs } from "../src/index.js";
import { FIXTURES, PACKAGE_ROOT } from "./helpers.js";

const ROOT = "memory://bridge-test";
const store = new MemoryStore({ root: ROOT });
const pool = new WorkerPool({ size: 1, root: PACKAGE_ROOT });
beforeAll(() => pool.start());
afterAll(() => pool.close());

let n = 0;
async function attempt(taskName: string, inputs: Parameters<typeof literalMap>[0] = {}): Promise<ExecuteArgs> {
  n += 1;
  await writeProto(store, `${ROOT}/n${n}/inputs.pb`, LiteralMapSchema, literalMap(inputs));
  return {
    inputs: `${ROOT}/n${n}/inputs.pb`,
    outputPrefix: `${ROOT}/n${n}/0`,
    rawOutputDataPrefix: `${ROOT}/raw/n${n}`,
    checkpointPath: `${ROOT}/raw/n${n}/ck`,
    resolver: "default",
    taskModule: FIXTURES,
    taskName,
  };
}

describe("the blob bridge (worker blob calls served by the pool from the attempt's store)", () => {
  it("runs a task whose inputs and outputs live in a memory:// store of this process", async () => {
    const args = await attempt("add", { a: literals.integer(7), b: literals.integer(8) });
    const r = await pool.run({ args, store }).result;
    expect(r.outcome).toBe("outputs");
    const out = await readProto(store, `${args.outputPrefix}/outputs.pb`, LiteralMapSchema);
    expect(out.literals.o0).toEqual(literals.integer(15));
  });

  it("keeps store errors' meaning across the bridge (a missing checkpoint reads as none)", async () => {
    const first = await attempt("checkpointed");
    expect(await pool.run({ args: first, store }).result).toMatchObject({ error: { recoverable: true } });
    const retry = { ...first, outputPrefix: `${first.outputPrefix}-1`, prevCheckpoint: first.checkpointPath ?? "" };
    expect((await pool.run({ args: retry, store }).result).outcome).toBe("outputs");
    const missingInputs = { ...(await attempt("add")), inputs: `${ROOT}/nowhere/inputs.pb` };
    expect(await pool.run({ args: missingInputs, store }).result).toMatchObject({
      error: { code: RuntimeErrorCode.InputsUnreadable, origin: "SYSTEM" },
    });
  });

  it("writes the pool's own error documents (a crashed worker) into the same store", async () => {
    const args = await attempt("exits");
    const r = await pool.run({ args, store }).result;
    expect(r).toMatchObject({ outcome: "error", error: { code: RuntimeErrorCode.WorkerCrashed } });
    const doc = await readProto(store, `${args.outputPrefix}/error.pb`, ErrorDocumentSchema);
    expect(doc.error?.kind).toBe(ContainerError_Kind.RECOVERABLE);
  });

  it("without a store to bridge, a memory:// attempt fails with a message naming the URI", async () => {
    const args = await attempt("add", { a: literals.integer(1), b: literals.integer(1) });
    const r = await pool.run({ args }).result;
    expect(r.outcome === "error" && r.error.message).toContain("memory://bridge-test");
  });
});
