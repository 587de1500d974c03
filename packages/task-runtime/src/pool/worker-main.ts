// Entry of one warm worker process (forked by WorkerPool). It runs one attempt at a time with
// `executeTask`; modules stay loaded between attempts. Crashes are not caught here on purpose:
// the pool sees the exit and fails only the attempt that was running.
import { closeSync, openSync, writeSync } from "node:fs";
import { createStore, type BlobStore } from "@flyte-ts/storage";
import { executeTask } from "../execute/execute-task.js";
import { BridgeStore } from "./blob-bridge.js";
import type { BlobReply, FromWorker, ToWorker, WorkerTask } from "./protocol.js";

/** Running from TS sources means the process was started with tsx's loader already in place. */
const underTsx = import.meta.url.endsWith(".ts");
const stores = new Map<string, BlobStore>();

function send(msg: FromWorker): void {
  process.send?.(msg);
}

const blobCalls = new Map<number, (reply: BlobReply) => void>();
let nextBlobCall = 1;
const bridge = new BridgeStore(
  (call) =>
    new Promise<BlobReply>((resolve) => {
      const reqId = nextBlobCall++;
      blobCalls.set(reqId, resolve);
      send({ type: "blob", reqId, call });
    }),
);

function storeFor(task: WorkerTask): BlobStore {
  if (task.storage === "bridge") return bridge;
  const key = JSON.stringify(task.storage);
  let store = stores.get(key);
  if (!store) {
    store = createStore(task.storage);
    stores.set(key, store);
  }
  return store;
}

type Write = typeof process.stdout.write;

/** Sends this process's stdout/stderr writes to the attempt's log file until the returned undo. */
function captureOutput(logPath: string | undefined): () => void {
  if (logPath === undefined) return () => undefined;
  const fd = openSync(logPath, "a");
  const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const to = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === "string") writeSync(fd, chunk);
    else writeSync(fd, chunk);
    const cb = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    cb?.();
    return true;
  }) as Write;
  process.stdout.write = to;
  process.stderr.write = to;
  return () => {
    process.stdout.write = original.out;
    process.stderr.write = original.err;
    closeSync(fd);
  };
}

function applyEnv(env: Readonly<Record<string, string>>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

async function run(id: number, task: WorkerTask): Promise<void> {
  const restoreEnv = applyEnv(task.env);
  const restoreOutput = captureOutput(task.logPath);
  try {
    const { storage: _storage, logPath: _logPath, ...rest } = task;
    const result = await executeTask({ ...rest, store: storeFor(task), registerTs: !underTsx });
    send({ type: "done", id, result });
  } catch (e) {
    send({ type: "failed", id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  } finally {
    restoreOutput();
    restoreEnv();
  }
}

process.on("message", (msg: ToWorker) => {
  switch (msg.type) {
    case "run":
      void run(msg.id, msg.task);
      break;
    case "blobReply": {
      const { type: _type, reqId, ...reply } = msg;
      blobCalls.get(reqId)?.(reply);
      blobCalls.delete(reqId);
      break;
    }
    case "shutdown":
      process.exit(0);
      break;
    default: {
      const never: never = msg;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
});

// An orphaned worker (the pool's process died) must not finish an attempt the engine will run
// again after its restart: leave at once.
process.on("disconnect", () => process.exit(0));

send({ type: "ready" });
