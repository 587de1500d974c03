import type { ExecutionId } from "../src/model/ids.js";
import type { AttemptRecord, ExecutionRecord, NodeRecord } from "../src/state/state-store.js";

/** Records for the state store contract: one minimal and one with every optional field set. */

export function execId(name: string, project = "flytesnacks", domain = "development"): ExecutionId {
  return { project, domain, name };
}

/** Every byte value, zeros included, at an offset inside a larger buffer (a view, not a copy). */
export function allBytes(): Uint8Array {
  const backing = new Uint8Array(256 + 7);
  for (let i = 0; i < 256; i++) backing[i + 3] = i;
  return backing.subarray(3, 3 + 256);
}

export function minimalExecution(id: ExecutionId, overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id,
    phase: "Ready",
    closure: new Uint8Array([10, 0, 18, 3, 0, 255, 1]),
    config: { maxParallelism: 0, overwriteCache: false },
    executionDir: `s3://bucket/metadata/${id.project}-${id.domain}-${id.name}`,
    rawOutputPrefix: "s3://bucket/raw/ab",
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

export function fullExecution(id: ExecutionId): ExecutionRecord {
  return {
    ...minimalExecution(id),
    phase: "Failing",
    closure: allBytes(),
    config: {
      maxParallelism: 25,
      overwriteCache: true,
      interruptible: false,
      recoverFrom: execId("earlier", "p2", "staging"),
      parent: { execution: execId("parent"), nodeUniqueId: "n0-0-dn3" },
    },
    error: {
      kind: "USER",
      code: "USER:ValueError",
      message: 'bad value ✗ \u0000 "quoted"',
      errorUri: "s3://e/error.pb",
    },
    outputsUri: "s3://bucket/metadata/end-node/data/0/outputs.pb",
    abortReason: "terminated by alice",
    updatedAtMs: 1_700_000_000_123.5,
  };
}

export function minimalNode(uniqueId: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  return {
    uniqueId,
    specNodeId: uniqueId,
    scopeId: "root",
    phase: "NotYetStarted",
    attempt: 0,
    systemFailures: 0,
    dataDir: `s3://bucket/metadata/${uniqueId}/data`,
    updatedAtMs: 1_700_000_000_500,
    ...overrides,
  };
}

export function fullNode(uniqueId: string): NodeRecord {
  return {
    ...minimalNode(uniqueId),
    specNodeId: "n1",
    scopeId: "n0-0-n1",
    parentUniqueId: "n0",
    phase: "Failed",
    attempt: 2,
    systemFailures: 1,
    queuedAtMs: 1_700_000_000_001,
    lastAttemptStartedAtMs: 1_700_000_000_002,
    stoppedAtMs: 1_700_000_000_003,
    message: "retries exhausted — 日本語",
    error: { kind: "SYSTEM", code: "RetriesExhausted", message: "3 of 3" },
    outputsUri: "s3://bucket/metadata/n1/data/2/outputs.pb",
    handlerState: { taken: "n1-else", counts: [1, 2, 3.25], nested: { ok: true, none: null }, empty: {} },
    cacheStatus: 2,
    reservationStatus: 0,
  };
}

export function attempt(nodeUniqueId: string, n: number, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    nodeUniqueId,
    attempt: n,
    phase: "Running",
    phaseVersion: 0,
    startedAtMs: 1_700_000_001_000 + n,
    ...overrides,
  };
}

export function fullAttempt(nodeUniqueId: string, n: number): AttemptRecord {
  return {
    ...attempt(nodeUniqueId, n),
    phase: "Failed",
    phaseVersion: 7,
    pluginState: ["pid", 4242, { restarts: 0 }],
    stoppedAtMs: 1_700_000_002_000,
    outputsUri: "s3://o/outputs.pb",
    error: { kind: "UNKNOWN", code: "PluginError", message: "lost", errorUri: "s3://o/error.pb" },
  };
}

export function byUniqueId(a: NodeRecord, b: NodeRecord): number {
  return a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0;
}
