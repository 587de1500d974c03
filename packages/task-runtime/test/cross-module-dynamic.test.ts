import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { LiteralCollectionSchema, LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literals } from "@flyte-ts/idl";
import { readProto } from "@flyte-ts/storage";
import { WorkerPool } from "../src/index.js";
import { PACKAGE_ROOT, sandbox } from "./helpers.js";

const box = sandbox();
// The production worker (built, tsx registered through its API): it sees which user modules a
// task module imports and names their entities as packaging did.
const pool = new WorkerPool({
  size: 1,
  root: PACKAGE_ROOT,
  workerEntry: { path: join(PACKAGE_ROOT, "dist", "pool", "worker-main.js"), execArgv: [] },
});
afterAll(async () => {
  await pool.close();
  box.cleanup();
});

describe("a dynamic task calling tasks from another module", () => {
  it("serializes them under their own module's name and path", async () => {
    const xs = create(LiteralSchema, {
      value: {
        case: "collection",
        value: create(LiteralCollectionSchema, { literals: [literals.integer(1), literals.integer(2)] }),
      },
    });
    const args = await box.attempt("doubleAll", { xs }, { module: "test/fixtures/cross/fan-out.ts" });
    const r = await pool.run({ args }).result;
    expect(r.outcome === "error" ? r.error.message : r.outcome).toBe("futures");
    const spec = await readProto(box.store, r.uri, DynamicJobSpecSchema);
    expect(spec.tasks.map((t) => t.id?.name)).toEqual(["test.fixtures.cross.shared-tasks.double"]);
    const c = spec.tasks[0]?.target.case === "container" ? spec.tasks[0].target.value : undefined;
    expect(c?.args.slice(-4)).toEqual(["task-module", "test/fixtures/cross/shared-tasks.ts", "task-name", "double"]);
  });
});
