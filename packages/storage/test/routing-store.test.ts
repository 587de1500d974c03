import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FailedPreconditionError, InvalidArgumentError } from "@flyte-ts/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileStore, MemoryStore, RoutingStore, createStore } from "../src/index.js";
import { runStoreContract } from "./store-contract.js";

runStoreContract(
  "routing (memory + file, addressed through the file root)",
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "flyte-routing-store-"));
    const root = `file://${dir}/data`;
    const store = new RoutingStore({ stores: [new MemoryStore({ root: "memory://other" }), new FileStore({ root })] });
    return { store, root, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
  {
    atomicConcurrentOverwrite: { supported: true },
    signedUrls: {
      supported: false,
      reason: "the routed-to file store signs nothing; the router says SignedUrlUnsupported",
    },
  },
);

describe("RoutingStore and createStore", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "flyte-routing-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("routes by root and copies across stores", async () => {
    const store = createStore([
      { kind: "memory", root: "memory://meta" },
      { kind: "file", root: `file://${dir}` },
    ]);
    expect(store).toBeInstanceOf(RoutingStore);
    await store.write("memory://meta/e/n0/data/inputs.pb", new Uint8Array([1, 2, 3]));
    await store.copy("memory://meta/e/n0/data/inputs.pb", `file://${dir}/raw/inputs.pb`);
    expect(Array.from(await store.read(`file://${dir}/raw/inputs.pb`))).toEqual([1, 2, 3]);
    expect(store.contains("memory://meta/x")).toBe(true);
    expect(store.contains("s3://bucket/x")).toBe(false);
    await expect(store.read("s3://bucket/x")).rejects.toMatchObject({ code: "InvalidBlobUri" });
  });

  it("says which store cannot sign a URL", async () => {
    const store = new RoutingStore({ stores: [new MemoryStore({ root: "memory://m" })] });
    const error: unknown = await store
      .signedUrl("memory://m/x", { method: "GET", expiresInSec: 60 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedPreconditionError);
    expect(error).toMatchObject({ code: "SignedUrlUnsupported" });
  });

  it("builds one store per kind and refuses a root of the wrong scheme", () => {
    expect(createStore({ kind: "memory", root: "memory://x" })).toBeInstanceOf(MemoryStore);
    expect(createStore({ kind: "file", root: `file://${dir}` })).toBeInstanceOf(FileStore);
    expect(createStore([{ kind: "file", root: `file://${dir}` }])).toBeInstanceOf(FileStore);
    expect(() => createStore({ kind: "file", root: "s3://bucket/x" })).toThrow(InvalidArgumentError);
    expect(() => createStore({ kind: "s3", root: "s3://bucket", partSizeBytes: 1024 })).toThrow(/partSizeBytes/);
  });
});
