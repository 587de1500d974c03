import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@flyte-ts/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStore } from "../src/index.js";
import { runStoreContract } from "./store-contract.js";

runStoreContract(
  "file",
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "flyte-file-store-"));
    const root = `file://${dir}/data`;
    return { store: new FileStore({ root }), root, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
  {
    atomicConcurrentOverwrite: { supported: true },
    signedUrls: { supported: false, reason: "file:// URLs are signed by the control plane with signLocalUrl" },
  },
);

describe("FileStore specifics", () => {
  let dir: string;
  let store: FileStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "flyte-file-specific-"));
    store = new FileStore({ root: `file://${dir}/` });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("maps file:///abs/path URIs to that path", async () => {
    await store.write(`file://${dir}/e/n0/data/inputs.pb`, new Uint8Array([7, 8]));
    expect(Array.from(await readFile(`${dir}/e/n0/data/inputs.pb`))).toEqual([7, 8]);
    expect(store.pathOf(`file://${dir}/e/x`)).toBe(`${dir}/e/x`);
    expect(() => store.pathOf(`file://${dir}/e/../../etc/passwd`)).toThrow(InvalidArgumentError);
  });

  it("leaves no temporary files behind, after success or failure", async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.write(`file://${dir}/t/blob`, new Uint8Array(1000 + i))),
    );
    async function* failing(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(10);
      await Promise.resolve();
      throw new Error("producer died");
    }
    await expect(store.write(`file://${dir}/t/blob`, failing())).rejects.toThrow();
    await expect(store.copy(`file://${dir}/t/missing`, `file://${dir}/t/copy`)).rejects.toBeInstanceOf(NotFoundError);
    expect(await readdir(`${dir}/t`)).toEqual(["blob"]);
  });

  it("reports a file/directory clash as BlobPathConflict", async () => {
    await store.write(`file://${dir}/a`, new Uint8Array([1]));
    const error: unknown = await store.write(`file://${dir}/a/b`, new Uint8Array([2])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedPreconditionError);
    expect(error).toMatchObject({ code: "BlobPathConflict" });
    await mkdir(`${dir}/d/sub`, { recursive: true });
    await expect(store.write(`file://${dir}/d/sub`, new Uint8Array([3]))).rejects.toMatchObject({
      code: "BlobPathConflict",
    });
    await expect(store.readStream(`file://${dir}/d/sub`)).rejects.toBeInstanceOf(NotFoundError);
  });
});
