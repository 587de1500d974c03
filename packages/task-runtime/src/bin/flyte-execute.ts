#!/usr/bin/env node
// The task entrypoint of Flyte's container contract (pyflyte-execute's counterpart). This file is
// a composition root: it alone reads the process environment and argv.
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createStore } from "@flyte-ts/storage";
import { parseExecuteArgs, USAGE, UsageError, type ExecuteArgs } from "../args/execute-args.js";
import { executeTask } from "../execute/execute-task.js";
import { storeConfigForUris, type S3Defaults } from "../execute/store-for-uris.js";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

function s3Defaults(env: NodeJS.ProcessEnv): S3Defaults {
  const endpoint = env.FLYTE_AWS_ENDPOINT ?? env.AWS_ENDPOINT_URL;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return {
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(region ? { region } : {}),
  };
}

function flyteEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith("FLYTE_") && v !== undefined) out[k] = v;
  return out;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  let args: ExecuteArgs;
  try {
    args = parseExecuteArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`flyte-execute: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const uris = [args.inputs, args.outputPrefix, args.rawOutputDataPrefix, args.checkpointPath, args.prevCheckpoint]
    .concat(args.distribution)
    .filter((u): u is string => u !== undefined);
  let configs;
  try {
    configs = storeConfigForUris(uris, s3Defaults(process.env));
  } catch (e) {
    process.stderr.write(`flyte-execute: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
  const store = createStore(configs);
  const bundle = args.distribution
    ? {
        uri: args.distribution,
        destDir: resolve(
          args.destDir ??
            join(tmpdir(), "flyte-bundles", createHash("sha256").update(args.distribution).digest("hex").slice(0, 16)),
        ),
      }
    : undefined;
  const result = await executeTask({
    store,
    inputs: args.inputs,
    outputPrefix: args.outputPrefix,
    rawOutputDataPrefix: args.rawOutputDataPrefix,
    checkpointPath: args.checkpointPath,
    prevCheckpoint: args.prevCheckpoint,
    taskModule: args.taskModule,
    taskName: args.taskName,
    root: process.cwd(),
    bundle,
    worker: `flyte-execute/${process.pid}`,
    env: flyteEnv(process.env),
  });
  switch (result.outcome) {
    case "outputs":
    case "futures":
      process.stderr.write(`flyte-execute: wrote ${result.uri}\n`);
      break;
    case "error":
      process.stderr.write(
        `flyte-execute: task failed (${result.error.origin}, ${result.error.recoverable ? "recoverable" : "non-recoverable"}) ${result.error.code}: ${result.error.message}\nflyte-execute: wrote ${result.uri}\n`,
      );
      break;
    default: {
      const never: never = result;
      throw new Error(`unknown outcome ${JSON.stringify(never)}`);
    }
  }
  return EXIT_OK;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `flyte-execute: could not record the attempt: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  },
);
