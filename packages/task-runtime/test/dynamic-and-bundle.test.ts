import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create as createTar } from "tar";
import { create } from "@bufbuild/protobuf";
import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { LiteralCollectionSchema, LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literals } from "@flyte-ts/idl";
import { joinUri, readProto } from "@flyte-ts/storage";
import { bundleDirFor, WorkerPool } from "../src/index.js";
import { PACKAGE_ROOT, sandbox, stringOf } from "./helpers.js";

const box = sandbox();
const bundleDir = join(box.dir, "bundles");
const pool = new WorkerPool({ size: 1, root: PACKAGE_ROOT, bundleDir });
beforeAll(() => pool.start());
afterAll(async () => {
  await pool.close();
  box.cleanup();
});

/** Packs the fixture bundle folder into a .tar.gz blob in the sandbox store, as fast registration would. */
async function uploadBundle(name: string): Promise<string> {
  const file = join(box.dir, `${name}.tar.gz`);
  await createTar({ gzip: true, file, cwd: fileURLToPath(new URL("./fixtures/bundle-src", import.meta.url)) }, ["."]);
  return `${box.root}/${name}.tar.gz`;
}

describe("dynamic tasks", () => {
  it("write futures.pb (a DynamicJobSpec) instead of outputs.pb", async () => {
    const args = await box.attempt("fanout", { n: literals.integer(3) });
    const r = await pool.run({ args, image: "example/image:1" }).result;
    expect(r).toEqual({ outcome: "futures", uri: joinUri(args.outputPrefix, "futures.pb") });
    expect(await box.store.head(joinUri(args.outputPrefix, "outputs.pb"))).toBeUndefined();
    const spec = await readProto(box.store, r.uri, DynamicJobSpecSchema);
    expect(spec.nodes).toHaveLength(3);
    expect(spec.minSuccesses).toBe(3n);
    expect(spec.tasks.map((t) => t.id?.name)).toEqual(["test.fixtures.tasks.add"]);
    const container = spec.tasks[0]?.target.case === "container" ? spec.tasks[0].target.value : undefined;
    expect(container?.image).toBe("example/image:1");
    expect(container?.args).toContain("test/fixtures/tasks.ts");
    expect(spec.outputs.map((b) => b.var)).toEqual(["o0"]);
  });
});

describe("checkpoints", () => {
  it("a retry reads what the previous attempt saved", async () => {
    const first = await box.attempt("checkpointed", {}, { n: 0 });
    const r1 = await pool.run({ args: first }).result;
    expect(r1).toMatchObject({ outcome: "error", error: { origin: "USER", recoverable: true } });
    const second = {
      ...first,
      outputPrefix: first.outputPrefix.replace(/\/0$/, "/1"),
      checkpointPath: `${first.checkpointPath ?? ""}-1`,
      prevCheckpoint: first.checkpointPath ?? "",
    };
    const r2 = await pool.run({ args: second }).result;
    expect(r2.outcome).toBe("outputs");
    expect(stringOf(await box.outputs(second), "o0")).toBe("resumed from step-1");
  });
});

describe("fast-registered code bundles", () => {
  it("extract a .tar.gz once, link the runtime's node_modules, and import the module from there", async () => {
    const uri = await uploadBundle("code-v1");
    for (const name of ["ada", "bob"]) {
      const args = {
        ...(await box.attempt("hello", { name: literals.string(name) })),
        taskModule: "hello.ts",
        distribution: uri,
      };
      const r = await pool.run({ args }).result;
      expect(r.outcome).toBe("outputs");
      expect(stringOf(await box.outputs(args), "o0")).toBe(`HELLO ${name.toUpperCase()}!`);
    }
    const extracted = bundleDirFor(uri, bundleDir);
    expect(readdirSync(bundleDir).filter((d) => d.includes(".tmp-"))).toEqual([]);
    expect(existsSync(join(extracted, "lib", "shout.ts"))).toBe(true);
    expect(readlinkSync(join(extracted, "node_modules"))).toMatch(/node_modules$/);
  });

  it("a dynamic task in a bundle writes sub-task templates that load from the same bundle", async () => {
    const uri = await uploadBundle("code-dyn");
    const names = create(LiteralSchema, {
      value: {
        case: "collection",
        value: create(LiteralCollectionSchema, { literals: [literals.string("a"), literals.string("b")] }),
      },
    });
    const args = { ...(await box.attempt("helloAll", { names })), taskModule: "hello.ts", distribution: uri };
    const r = await pool.run({ args }).result;
    expect(r.outcome).toBe("futures");
    const spec = await readProto(box.store, r.uri, DynamicJobSpecSchema);
    expect(spec.nodes).toHaveLength(2);
    const c = spec.tasks[0]?.target.case === "container" ? spec.tasks[0].target.value : undefined;
    expect(c?.args.slice(0, 3)).toEqual(["flyte-fast-execute", "--additional-distribution", uri]);
    expect(c?.args.slice(5, 7)).toEqual(["--", "flyte-execute"]);
    expect(c?.args.slice(-4)).toEqual(["task-module", "hello.ts", "task-name", "hello"]);
  });

  it("a bundle that is not a gzip archive is a SYSTEM error naming the bundle", async () => {
    await box.store.write(`${box.root}/broken.tar.gz`, new TextEncoder().encode("not a tarball"));
    const args = { ...(await box.attempt("hello")), taskModule: "hello.ts", distribution: `${box.root}/broken.tar.gz` };
    const r = await pool.run({ args }).result;
    expect(r).toMatchObject({ outcome: "error", error: { origin: "SYSTEM", code: "BundleExtractFailed" } });
    expect(r.outcome === "error" && r.error.message).toContain("broken.tar.gz");
  });
});
