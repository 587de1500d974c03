/** Shared set-up of the task-runtime tests: a file:// store in a temp dir and attempt paths in it. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ErrorDocumentSchema, type ErrorDocument } from "@flyte-ts/idl/gen/flyteidl/core/errors_pb";
import { LiteralMapSchema, type Literal, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap } from "@flyte-ts/idl";
import { FileStore, joinUri, readProto, writeProto, type BlobStore } from "@flyte-ts/storage";
import type { ExecuteArgs } from "../src/index.js";

/** The folder holding this package (module paths of fixtures are relative to it). */
export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const FIXTURES = "test/fixtures/tasks.ts";

// Worker processes and the CLI import `@flyte-ts/*` through node_modules, i.e. from the packages'
// builds (only this test process reads sources, through vitest's aliases).
for (const pkg of ["sdk", "storage", "idl", "core", "task-runtime"]) {
  if (!existsSync(join(PACKAGE_ROOT, "..", pkg, "dist", "index.js"))) {
    throw new Error(`packages/${pkg} is not built: run \`npx tsc -b packages/task-runtime\` before these tests`);
  }
}

export interface Sandbox {
  readonly dir: string;
  readonly root: string;
  readonly store: BlobStore;
  /** A fresh attempt under the sandbox, with `inputs` written to its inputs.pb. */
  attempt(
    taskName: string,
    inputs?: Record<string, Literal>,
    opts?: { module?: string; n?: number },
  ): Promise<ExecuteArgs>;
  outputs(args: ExecuteArgs): Promise<LiteralMap>;
  error(args: ExecuteArgs): Promise<ReturnType<typeof readErrorShape>>;
  cleanup(): void;
}

function readErrorShape(doc: ErrorDocument) {
  return doc.error;
}

export function sandbox(): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "flyte-trt-"));
  const root = pathToFileURL(dir).href;
  const store = new FileStore({ root });
  let n = 0;
  return {
    dir,
    root,
    store,
    async attempt(taskName, inputs = {}, opts = {}) {
      n += 1;
      const node = joinUri(root, "meta", `n${n}`);
      const inputsUri = joinUri(node, "inputs.pb");
      await writeProto(store, inputsUri, LiteralMapSchema, literalMap(inputs));
      return {
        inputs: inputsUri,
        outputPrefix: joinUri(node, String(opts.n ?? 0)),
        rawOutputDataPrefix: joinUri(root, "raw", `n${n}`),
        checkpointPath: joinUri(root, "raw", `n${n}`, "_flytecheckpoints"),
        resolver: "default",
        taskModule: opts.module ?? FIXTURES,
        taskName,
      };
    },
    outputs: (args) => readProto(store, joinUri(args.outputPrefix, "outputs.pb"), LiteralMapSchema),
    async error(args) {
      return readErrorShape(await readProto(store, joinUri(args.outputPrefix, "error.pb"), ErrorDocumentSchema));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The integer value of an output literal. */
export function intOf(map: LiteralMap, name: string): number {
  const v = map.literals[name]?.value;
  if (v?.case === "scalar" && v.value.value.case === "primitive" && v.value.value.value.value.case === "integer") {
    return Number(v.value.value.value.value.value);
  }
  throw new Error(`output ${name} is not an integer: ${JSON.stringify(v)}`);
}

export function stringOf(map: LiteralMap, name: string): string {
  const v = map.literals[name]?.value;
  if (v?.case === "scalar" && v.value.value.case === "primitive" && v.value.value.value.value.case === "stringValue") {
    return v.value.value.value.value.value;
  }
  throw new Error(`output ${name} is not a string`);
}
