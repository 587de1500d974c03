import { expect } from "vitest";
import { NodeExecution_Phase, TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import {
  isTerminalAttempt,
  isTerminalNode,
  LocalEngineRunner,
  type ExecutionId,
  type LocalRunnerOptions,
  type NodeRecord,
} from "../../src/index.js";

/** A local runner without cache and without the safety sweep (tests see only event-driven wake-ups). */
export function newRunner(options: LocalRunnerOptions = {}): LocalEngineRunner {
  return new LocalEngineRunner({ cache: false, ...options, settings: { sweepIntervalMs: 0, ...options.settings } });
}

/** Waits (real time, short sleeps) until `cond` holds; fails after `timeoutMs`. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A promise with its resolver, for task bodies a test releases. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

export async function nodesOf(r: LocalEngineRunner, id: ExecutionId): Promise<NodeRecord[]> {
  return r.store.getNodes(id);
}

export async function nodeBySpec(r: LocalEngineRunner, id: ExecutionId, specNodeId: string): Promise<NodeRecord> {
  const found = (await nodesOf(r, id)).filter((n) => n.specNodeId === specNodeId);
  expect(found.length, `node ${specNodeId}`).toBeGreaterThan(0);
  return found[found.length - 1] as NodeRecord;
}

/** No node and no task attempt of the execution is left non-terminal (brief §12 item 7). */
export async function expectNothingActive(r: LocalEngineRunner, id: ExecutionId): Promise<void> {
  for (const n of await nodesOf(r, id)) {
    expect(isTerminalNode(n.phase), `node ${n.uniqueId} (${n.specNodeId}) is ${n.phase}`).toBe(true);
    for (const a of await r.store.getAttempts(id, n.uniqueId)) {
      expect(isTerminalAttempt(a.phase), `attempt ${a.attempt} of ${n.uniqueId} is ${a.phase}`).toBe(true);
    }
  }
}

/** Node event phases of one node (by unique id), in order. */
export function nodeEventPhases(r: LocalEngineRunner, id: ExecutionId, uniqueId: string): NodeExecution_Phase[] {
  return r.sink
    .nodeEvents()
    .filter((e) => e.id?.executionId?.name === id.name && e.id.nodeId === uniqueId)
    .map((e) => e.phase);
}

export function taskEventPhases(
  r: LocalEngineRunner,
  id: ExecutionId,
  uniqueId: string,
): { attempt: number; phase: TaskExecution_Phase }[] {
  return r.sink
    .taskEvents()
    .filter(
      (e) => e.parentNodeExecutionId?.executionId?.name === id.name && e.parentNodeExecutionId.nodeId === uniqueId,
    )
    .map((e) => ({ attempt: e.retryAttempt, phase: e.phase }));
}

export { NodeExecution_Phase, TaskExecution_Phase };
