import { describe, expect, it } from "vitest";
import { ContainerError_Kind } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { ExecutionError_ErrorKind } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { InvalidArgumentError, SystemError } from "@flyte-ts/core";
import { RecoverableError } from "@flyte-ts/sdk";
import { classifyThrown, errorDocument, errorInfoOf, RuntimeErrorCode } from "./task-error.js";

describe("classifyThrown", () => {
  it("an ordinary error from the body is USER, non-recoverable, named after its class", () => {
    const info = classifyThrown(new RangeError("too big"), "run");
    expect(info).toMatchObject({ code: "USER:RangeError", origin: "USER", recoverable: false });
    expect(info.message).toMatch(/^RangeError: too big\n\s+at /);
  });

  it("keeps a FlyteError's code, kind and retryable flag (RecoverableError is USER, recoverable)", () => {
    expect(classifyThrown(new RecoverableError("again"), "run")).toEqual({
      code: "USER:Recoverable",
      message: "again",
      origin: "USER",
      recoverable: true,
    });
    expect(classifyThrown(new InvalidArgumentError("bad", { code: "TypeMismatch" }), "run")).toMatchObject({
      code: "TypeMismatch",
      origin: "USER",
      recoverable: false,
    });
    expect(classifyThrown(new SystemError("StorageIOError", "disk"), "run")).toMatchObject({
      origin: "SYSTEM",
      recoverable: true,
    });
  });

  it("recognises FlyteErrors from another copy of the SDK by shape, not by class", () => {
    const foreign = Object.assign(new Error("from a bundle"), {
      code: "USER:Recoverable",
      kind: "user",
      retryable: true,
    });
    expect(classifyThrown(foreign, "run")).toMatchObject({ origin: "USER", recoverable: true });
  });

  it("anything else thrown while loading is SYSTEM, recoverable; non-errors are described", () => {
    expect(classifyThrown(new Error("boom"), "load")).toMatchObject({
      code: RuntimeErrorCode.TaskLoadFailed,
      origin: "SYSTEM",
      recoverable: true,
    });
    expect(classifyThrown("just a string", "run").message).toBe("just a string");
    expect(classifyThrown({ a: 1 }, "run").message).toBe('{"a":1}');
  });
});

describe("errorDocument", () => {
  it("writes Flyte's ContainerError and reads back the same facts", () => {
    const info = { code: "USER:X", message: "m", origin: "USER" as const, recoverable: true };
    const doc = errorDocument(info, "w1", 1_000);
    expect(doc.error?.kind).toBe(ContainerError_Kind.RECOVERABLE);
    expect(doc.error?.origin).toBe(ExecutionError_ErrorKind.USER);
    expect(doc.error?.worker).toBe("w1");
    expect(doc.error?.timestamp?.seconds).toBe(1n);
    expect(errorInfoOf(doc)).toEqual(info);
    const sys = errorDocument({ ...info, origin: "SYSTEM", recoverable: false }, "w1");
    expect(errorInfoOf(sys)).toMatchObject({ origin: "SYSTEM", recoverable: false });
  });
});
