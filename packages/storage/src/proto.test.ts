import { create, toBinary } from "@bufbuild/protobuf";
import { NotFoundError, SystemError } from "@flyte-ts/core";
import { literalMap, literals } from "@flyte-ts/idl";
import {
  ErrorDocumentSchema,
  ContainerErrorSchema,
  ContainerError_Kind,
} from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { describe, expect, it } from "vitest";
import { readProto, readProtoIfExists, writeProto } from "./proto.js";
import { MemoryStore } from "./stores/memory.js";

const uri = "memory://proto/exec/n0/data/0/outputs.pb";

describe("protobuf read/write", () => {
  it("round-trips a LiteralMap in binary wire format", async () => {
    const store = new MemoryStore({ root: "memory://proto" });
    const outputs = literalMap({ o0: literals.integer(42), o1: literals.string("hi") });
    await writeProto(store, uri, LiteralMapSchema, outputs);
    expect(await store.read(uri)).toEqual(toBinary(LiteralMapSchema, outputs));
    const back = await readProto(store, uri, LiteralMapSchema);
    expect(back).toEqual(outputs);
  });

  it("keeps unknown fields through a read and a write", async () => {
    const store = new MemoryStore({ root: "memory://proto" });
    const known = toBinary(LiteralMapSchema, literalMap({ x: literals.integer(1) }));
    // Field 999, varint 42: tag (999 << 3 | 0) = 7992 = varint b8 3e, value 2a.
    const withUnknown = new Uint8Array([...known, 0xb8, 0x3e, 0x2a]);
    await store.write(uri, withUnknown);
    const message = await readProto(store, uri, LiteralMapSchema);
    await writeProto(store, "memory://proto/copy.pb", LiteralMapSchema, message);
    const rewritten = await store.read("memory://proto/copy.pb");
    expect(Array.from(rewritten.slice(-3))).toEqual([0xb8, 0x3e, 0x2a]);
  });

  it("reads an error document", async () => {
    const store = new MemoryStore({ root: "memory://proto" });
    const doc = create(ErrorDocumentSchema, {
      error: create(ContainerErrorSchema, {
        code: "USER:ValueError",
        message: "boom",
        kind: ContainerError_Kind.RECOVERABLE,
      }),
    });
    await writeProto(store, "memory://proto/error.pb", ErrorDocumentSchema, doc);
    expect((await readProtoIfExists(store, "memory://proto/error.pb", ErrorDocumentSchema))?.error?.code).toBe(
      "USER:ValueError",
    );
  });

  it("reports missing and malformed blobs with codes", async () => {
    const store = new MemoryStore({ root: "memory://proto" });
    await expect(readProto(store, uri, LiteralMapSchema)).rejects.toBeInstanceOf(NotFoundError);
    expect(await readProtoIfExists(store, uri, LiteralMapSchema)).toBeUndefined();
    await store.write(uri, new Uint8Array([0xff, 0xff, 0xff]));
    const error: unknown = await readProto(store, uri, LiteralMapSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SystemError);
    expect(error).toMatchObject({ code: "MalformedProto", retryable: false });
    expect((error as SystemError).message).toContain("flyteidl.core.LiteralMap");
  });
});
