import { fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  CompiledWorkflowClosureSchema,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { ClosureIndex } from "./closure-index.js";

/**
 * Executions of one workflow share its closure: encoded once per closure object (createExecution)
 * and decoded and indexed once per byte array (execution runners), instead of per execution. The
 * engine never mutates a closure; callers must not mutate one they have handed to the engine.
 */
const encoded = new WeakMap<CompiledWorkflowClosure, Uint8Array>();
const decoded = new WeakMap<Uint8Array, ClosureIndex>();

export function closureBytes(closure: CompiledWorkflowClosure): Uint8Array {
  let bytes = encoded.get(closure);
  if (!bytes) {
    bytes = toBinary(CompiledWorkflowClosureSchema, closure);
    encoded.set(closure, bytes);
    decoded.set(bytes, new ClosureIndex(closure));
  }
  return bytes;
}

export function closureIndexOf(bytes: Uint8Array): ClosureIndex {
  let index = decoded.get(bytes);
  if (!index) {
    index = new ClosureIndex(fromBinary(CompiledWorkflowClosureSchema, bytes));
    decoded.set(bytes, index);
  }
  return index;
}
