import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toJson } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { literals } from "@flyte-ts/idl";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { FlyteDirectory } from "./directory.js";
import { FlyteFile } from "./file.js";
import type { Infer } from "./flyte-type.js";
import { memoryDataAccess, type MemoryDataAccess } from "./memory-data-access.js";
import { t } from "./t.js";

const enc = (s: string) => new TextEncoder().encode(s);
let work: string;
let data: MemoryDataAccess;
let ctx: { what: string; data: MemoryDataAccess };

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "flyte-types-"));
  data = memoryDataAccess({ localDir: join(work, "downloads") });
  ctx = { what: "input 'f' of task 'load'", data };
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("t.file", () => {
  it("is a Blob SINGLE with the format", () => {
    expect(toJson(LiteralTypeSchema, t.file("csv").literalType)).toEqual({ blob: { format: "csv" } });
    expect(toJson(LiteralTypeSchema, t.file().literalType)).toEqual({ blob: {} });
    expect(t.file("csv").name).toBe("File(csv)");
  });

  it("uploads a local path to a fresh raw URI and reads it back lazily", async () => {
    const local = join(work, "data.csv");
    await writeFile(local, "a,b\n1,2\n");
    const literal = await t.file("csv").toLiteral(new FlyteFile(local), ctx);
    const json = toJson(LiteralSchema, literal) as { scalar: { blob: { uri: string; metadata: unknown } } };
    expect(json.scalar.blob.metadata).toEqual({ type: { format: "csv" } });
    expect(json.scalar.blob.uri).toMatch(/^memory:\/\/raw\/[^/]+\/data\.csv$/);
    expect(new TextDecoder().decode(data.objects.get(json.scalar.blob.uri))).toBe("a,b\n1,2\n");

    const reads: string[] = [];
    const spy = { ...data, read: async (u: string) => (reads.push(u), data.read(u)) };
    const back = await t.file("csv").fromLiteral(literal, { ...ctx, data: spy });
    expect(back.isRemote).toBe(true);
    expect(reads).toEqual([]);
    expect(await back.text()).toBe("a,b\n1,2\n");
    const path = await back.download();
    expect(path.startsWith(join(work, "downloads"))).toBe(true);
    expect(await readFile(path, "utf8")).toBe("a,b\n1,2\n");
    expect(reads).toHaveLength(1);
  });

  it("passes remote URIs through without reading them", async () => {
    for (const uri of ["s3://bucket/x.csv", "file:///tmp/x.csv", "memory://other/x"]) {
      const literal = await t.file().toLiteral(new FlyteFile(uri), ctx);
      expect(toJson(LiteralSchema, literal)).toEqual({ scalar: { blob: { uri, metadata: { type: {} } } } });
    }
    expect(data.objects.size).toBe(0);
  });

  it("uploads in-memory bytes", async () => {
    const literal = await t.file().toLiteral(FlyteFile.fromBytes(enc("hi"), "hello.txt"), ctx);
    const back = await t.file().fromLiteral(literal, ctx);
    expect(back.name).toBe("hello.txt");
    expect(await back.text()).toBe("hi");
  });

  it("rejects non-files, directories and other formats", async () => {
    const err = async (p: Promise<unknown>) =>
      p.then(
        () => "",
        (e: unknown) => (isFlyteError(e) ? `${e.code}: ${e.message}` : String(e)),
      );
    expect(await err(t.file().toLiteral("./x.csv" as never, ctx))).toBe(
      `TypeMismatch: input 'f' of task 'load': expected File, got string "./x.csv" (wrap paths in new FlyteFile(path))`,
    );
    expect(await err(t.file("csv").fromLiteral(literals.blob("s3://b/x", "parquet"), ctx))).toContain(
      "of format parquet",
    );
    expect(await err(t.file().fromLiteral(literals.blob("s3://b/d", "", "multipart"), ctx))).toContain("a directory");
    expect(await err(t.file().fromLiteral(literals.string("s3://b/x"), ctx))).toContain(
      "expected File, got literal string",
    );
  });

  it("infers FlyteFile", () => {
    expectTypeOf<Infer<ReturnType<typeof t.file>>>().toEqualTypeOf<FlyteFile>();
  });
});

describe("t.directory", () => {
  it("is a Blob MULTIPART", () => {
    expect(toJson(LiteralTypeSchema, t.directory().literalType)).toEqual({ blob: { dimensionality: "MULTIPART" } });
  });

  it("uploads a local folder recursively and lists/reads/downloads it back", async () => {
    const dir = join(work, "images");
    await mkdir(join(dir, "sub"), { recursive: true });
    await writeFile(join(dir, "a.txt"), "A");
    await writeFile(join(dir, "sub", "b.txt"), "B");
    const literal = await t.directory().toLiteral(new FlyteDirectory(dir), ctx);
    const uri = (toJson(LiteralSchema, literal) as { scalar: { blob: { uri: string } } }).scalar.blob.uri;
    expect([...data.objects.keys()].sort()).toEqual([`${uri}/a.txt`, `${uri}/sub/b.txt`]);

    const back = await t.directory().fromLiteral(literal, ctx);
    expect(await back.list()).toEqual(["a.txt", "sub/b.txt"]);
    expect(new TextDecoder().decode(await back.read("sub/b.txt"))).toBe("B");
    expect(await back.file("a.txt").text()).toBe("A");
    const local = await back.download();
    expect(await readFile(join(local, "sub", "b.txt"), "utf8")).toBe("B");
  });

  it("uploads in-memory files", async () => {
    const literal = await t
      .directory()
      .toLiteral(FlyteDirectory.fromFiles({ "x/y.bin": enc("1"), "z.bin": enc("2") }, "out"), ctx);
    const back = await t.directory().fromLiteral(literal, ctx);
    expect(await back.list()).toEqual(["x/y.bin", "z.bin"]);
  });

  it("rejects a file literal", async () => {
    await expect(t.directory().fromLiteral(literals.blob("s3://b/x"), ctx)).rejects.toThrow(
      /expected Directory, got literal blob s3:\/\/b\/x \(a single file\)/,
    );
  });
});
