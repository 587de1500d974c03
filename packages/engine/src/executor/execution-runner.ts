import { toBinary } from "@bufbuild/protobuf";
import {
  NodeExecutionEventSchema,
  TaskExecutionEventSchema,
  WorkflowExecutionEventSchema,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { readProto, workflowInputsPath } from "@flyte-ts/storage";
import type { EventSink, EngineEvent } from "../events/event-sink.js";
import { executionKey } from "../model/ids.js";
import { assertNever, isTerminalNode, isTerminalWorkflow } from "../model/phases.js";
import type { AttemptRecord, ExecutionRecord, NodeRecord, StateStore } from "../state/state-store.js";
import type { ClosureIndex } from "./closure-index.js";
import { closureIndexOf } from "./closure-cache.js";
import type { EngineServices } from "./engine-services.js";
import { evaluateNode } from "./node-executor.js";
import { Scope, failurePolicyOf, nodesWithStartEnd, type ScopeSpec } from "./scope.js";
import { evaluateWorkflow } from "./workflow-executor.js";
import { WriteBuffer } from "./write-buffer.js";
import type { BatchCommitter } from "./batch-committer.js";

export const WORKFLOW_KEY = "\u0000workflow";
/** The waiting pool of nodes held back by the execution's max parallelism. */
export const EXECUTION_POOL = "\u0000execution";
const SWEEP_KEY = "\u0000sweep";
export const ROOT_SCOPE = "root";
export const FAILURE_SCOPE = "failure";
const MAX_ROUND_FAILURES = 10;
/** Writes after which a drain commits even though its queue is not empty yet. */
const MAX_BATCH_WRITES = 256;

export interface ExecutionRunnerOptions {
  readonly record: ExecutionRecord;
  readonly store: StateStore;
  readonly sink: EventSink;
  readonly services: EngineServices;
  readonly onTerminal: (record: ExecutionRecord) => void;
  readonly onError: (error: unknown) => void;
  /** The engine's shared committer (see `BatchCommitter`); absent: this runner commits alone. */
  readonly committer?: BatchCommitter | undefined;
}

/**
 * Drives one execution: a queue of things to evaluate (nodes, the workflow), drained one at a
 * time. A node is queued when something it depends on changed (an upstream finished, its task
 * reported, a timer fired); nothing polls. Holds the execution's rows in memory and writes every
 * change through the `StateStore`.
 */
export class ExecutionRunner {
  exec: ExecutionRecord;
  readonly store: StateStore;
  readonly sink: EventSink;
  readonly services: EngineServices;
  readonly closure: CompiledWorkflowClosure;
  readonly rootIndex: ClosureIndex;
  readonly records = new Map<string, NodeRecord>();
  readonly attempts = new Map<string, AttemptRecord>();
  readonly children = new Map<string, Set<string>>();
  readonly scopes = new Map<string, Scope>();
  readonly located = new Map<string, { readonly scope: Scope; readonly node: Node }>();
  readonly outputs = new Map<string, LiteralMap>();
  readonly inputs = new Map<string, LiteralMap>();
  /** Nodes counted against max parallelism (task, array, launch plan nodes that started). */
  readonly active = new Set<string>();
  /** Nodes ready to start but held back by a parallelism limit, by pool (EXECUTION_POOL or an array scope id), FIFO. */
  readonly #waiting = new Map<string, Set<string>>();
  /** Started, non-terminal nodes by scope id (array parallelism counts these). */
  readonly #activeByScope = new Map<string, Set<string>>();
  /** Timers by node key, then by slot (a node may have a sleep and a timeout pending at once). */
  readonly #timers = new Map<string, Map<string, () => void>>();
  /** Subscriptions by node key, then by subscription key (one per signal, child, cache key). */
  readonly #subscriptions = new Map<string, Map<string, () => void>>();
  readonly #queue = new Set<string>();
  #draining = false;
  /** Settles when the current drain ends (what `halt` waits for before the store may close). */
  #idle: Promise<void> | undefined;
  #halted = false;
  #roundFailures = 0;
  abortReason: string | undefined;
  readonly #onTerminal: (record: ExecutionRecord) => void;
  readonly #onError: (error: unknown) => void;
  /** This turn's writes and events: committed in one batch when the drain ends (or the execution's row changes). */
  readonly #writes: WriteBuffer;

  constructor(options: ExecutionRunnerOptions) {
    this.exec = options.record;
    this.store = options.store;
    this.sink = options.sink;
    this.services = options.services;
    this.rootIndex = closureIndexOf(options.record.closure);
    this.closure = this.rootIndex.closure;
    this.#onTerminal = options.onTerminal;
    this.#onError = options.onError;
    this.#writes = new WriteBuffer({
      store: this.store,
      sink: this.sink,
      onSinkError: (e) => this.#onError(e),
      committer: options.committer,
    });
  }

  get id(): ExecutionRecord["id"] {
    return this.exec.id;
  }

  get key(): string {
    return executionKey(this.exec.id);
  }

  /**
   * Loads stored rows (after a restart) and starts evaluating. `known`: the inputs of an execution
   * just created (nothing stored to load yet).
   */
  async start(known?: LiteralMap): Promise<void> {
    for (const rec of known ? [] : await this.store.getNodes(this.exec.id)) {
      this.#index(rec);
      if (!isTerminalNode(rec.phase)) {
        const last = (await this.store.getAttempts(this.exec.id, rec.uniqueId)).at(-1);
        if (last) this.attempts.set(rec.uniqueId, last);
      }
    }
    const inputs =
      known ?? (await readProto(this.services.blobs, workflowInputsPath(this.exec.executionDir), LiteralMapSchema));
    const template = this.closure.primary?.template;
    this.wake(WORKFLOW_KEY);
    this.openScope({
      id: ROOT_SCOPE,
      kind: "dag",
      owner: undefined,
      nodes: template ? nodesWithStartEnd(template) : [],
      ...(this.closure.primary?.connections ? { connections: this.closure.primary.connections } : {}),
      closure: this.rootIndex,
      failurePolicy: failurePolicyOf(template),
      interruptibleDefault: template?.metadataDefaults?.interruptible ?? false,
      inputs,
    });
    if (this.exec.phase === "HandlingFailureNode") this.openFailureScope();
    this.#armSweep();
  }

  /**
   * The safety net for lost wake-ups (ARCHITECTURE.md §5): every `sweepIntervalMs` the workflow
   * and each started, non-terminal node is evaluated once. Evaluations are idempotent, so a sweep
   * never changes what happens, only that it eventually happens.
   */
  #armSweep(): void {
    const every = this.services.settings.sweepIntervalMs;
    if (every <= 0) return;
    this.wakeAfter(SWEEP_KEY, every, "sweep");
  }

  #sweep(): void {
    this.wake(WORKFLOW_KEY);
    for (const [uniqueId, rec] of this.records)
      if (!isTerminalNode(rec.phase) && this.located.has(uniqueId)) this.wake(uniqueId);
    this.#armSweep();
  }

  openFailureScope(): void {
    const failureNode = this.closure.primary?.template?.failureNode;
    if (!failureNode || this.scopes.has(FAILURE_SCOPE)) return;
    this.openScope({
      id: FAILURE_SCOPE,
      kind: "failure",
      owner: undefined,
      nodes: [failureNode],
      closure: this.rootIndex,
      failurePolicy: "failImmediately",
      interruptibleDefault: false,
      enclosingScopeId: ROOT_SCOPE,
    });
  }

  /** Opens a scope once; every node in it is queued so ready ones start (and resumed ones continue). */
  openScope(spec: ScopeSpec): Scope {
    const existing = this.scopes.get(spec.id);
    if (existing) return existing;
    const scope = new Scope(spec, this.exec.executionDir);
    this.scopes.set(spec.id, scope);
    for (const node of scope.nodes.values()) {
      const uniqueId = scope.uniqueIdOf(node.id);
      this.located.set(uniqueId, { scope, node });
      const rec = this.records.get(uniqueId);
      if (!rec || !isTerminalNode(rec.phase)) this.wake(uniqueId);
    }
    return scope;
  }

  /** Queues a node row for this turn's batch and keeps the in-memory indexes in step. */
  putNode(rec: NodeRecord): Promise<void> {
    this.#writes.add({ op: "putNode", execution: this.exec.id, record: rec });
    this.#index(rec);
    return Promise.resolve();
  }

  /**
   * Queues a task attempt row. The caller has checked the in-memory attempt is not terminal (the
   * store's own refusal is the same rule: this runner is the execution's only writer).
   */
  putAttempt(rec: AttemptRecord): void {
    this.#writes.add({ op: "putAttempt", execution: this.exec.id, record: rec });
    this.attempts.set(rec.nodeUniqueId, rec);
  }

  /** Queues the event for the execution's log; the sink gets it once stored (a sink failure never changes state). */
  emit(event: EngineEvent): Promise<void> {
    this.#writes.addEvent(
      { op: "appendEvent", execution: this.exec.id, kind: event.kind, payload: eventBytes(event) },
      event,
    );
    return Promise.resolve();
  }

  /** Commits this turn's writes now (and sends their events). */
  flush(): Promise<void> {
    return this.#writes.flush();
  }

  /** Stops evaluating (engine shutdown): timers and subscriptions are dropped; state stays as stored. */
  halt(): Promise<void> {
    this.#halted = true;
    for (const key of [...this.#timers.keys(), ...this.#subscriptions.keys()]) this.release(key);
    this.#queue.clear();
    return this.#idle ?? Promise.resolve();
  }

  wake(key: string): void {
    if (this.#halted || isTerminalWorkflow(this.exec.phase)) return;
    this.#queue.add(key);
    if (!this.#draining) {
      this.#draining = true;
      this.#idle = new Promise<void>((resolve) => queueMicrotask(() => void this.#drain().finally(resolve)));
    }
  }

  /** Queues `key` after `ms` (timeouts, sleeps, backoff); replaces an earlier timer of the same key and slot. */
  wakeAfter(key: string, ms: number, slot = "handler"): void {
    let slots = this.#timers.get(key);
    if (!slots) this.#timers.set(key, (slots = new Map<string, () => void>()));
    slots.get(slot)?.();
    const owned = slots;
    owned.set(
      slot,
      this.services.clock.setTimer(ms, () => {
        owned.delete(slot);
        this.wake(key);
      }),
    );
  }

  /** Whether `key` already holds the subscription `subKey` (so handlers can subscribe once). */
  isSubscribed(key: string, subKey: string): boolean {
    return this.#subscriptions.get(key)?.has(subKey) ?? false;
  }

  subscribe(key: string, subKey: string, unsubscribe: () => void): void {
    let subs = this.#subscriptions.get(key);
    if (!subs) this.#subscriptions.set(key, (subs = new Map<string, () => void>()));
    subs.get(subKey)?.();
    subs.set(subKey, unsubscribe);
  }

  /** Drops timers and subscriptions of a node that ended. */
  release(key: string): void {
    for (const cancel of this.#timers.get(key)?.values() ?? []) cancel();
    this.#timers.delete(key);
    for (const u of this.#subscriptions.get(key)?.values() ?? []) u();
    this.#subscriptions.delete(key);
  }

  /** Holds `uniqueId` back until a slot of `pool` frees up. */
  addWaiting(pool: string, uniqueId: string): void {
    let set = this.#waiting.get(pool);
    if (!set) this.#waiting.set(pool, (set = new Set<string>()));
    set.add(uniqueId);
  }

  removeWaiting(uniqueId: string): void {
    for (const set of this.#waiting.values()) set.delete(uniqueId);
  }

  /** A slot of `pool` freed up: the longest-waiting node tries to start. */
  wakeWaiting(pool: string): void {
    const set = this.#waiting.get(pool);
    const next = set?.values().next();
    if (!set || !next || next.done) return;
    set.delete(next.value);
    this.wake(next.value);
  }

  /** How many nodes of the scope have started and are not terminal. */
  activeIn(scopeId: string): number {
    return this.#activeByScope.get(scopeId)?.size ?? 0;
  }

  /** Reports an error that must not change state (sink failure, best-effort cleanup). */
  reportError(e: unknown): void {
    this.#onError(e);
  }

  requestAbort(reason: string): void {
    this.abortReason ??= reason;
    this.wake(WORKFLOW_KEY);
  }

  /**
   * Changes the execution row: queued with the turn's writes, except a terminal phase, which is
   * committed (with everything before it) before the terminal listeners hear of it.
   */
  async setExecution(next: ExecutionRecord): Promise<void> {
    if (!isTerminalWorkflow(next.phase)) {
      this.#writes.add({ op: "updateExecution", record: next });
      this.exec = next;
      return;
    }
    await this.#writes.flush({ op: "updateExecution", record: next });
    this.exec = next;
    for (const key of [...this.#timers.keys(), ...this.#subscriptions.keys()]) this.release(key);
    this.#queue.clear();
    this.outputs.clear();
    this.inputs.clear();
    this.#onTerminal(next);
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        while (this.#queue.size > 0) {
          const key = this.#queue.values().next().value as string;
          this.#queue.delete(key);
          if (this.#halted || isTerminalWorkflow(this.exec.phase)) break;
          try {
            if (key === SWEEP_KEY) this.#sweep();
            else if (key === WORKFLOW_KEY) await evaluateWorkflow(this);
            else await evaluateNode(this, key);
            this.#roundFailures = 0;
            // A drain that never runs dry (tasks finishing while it works) still commits regularly.
            if (this.#writes.size >= MAX_BATCH_WRITES) await this.#writes.flush();
          } catch (e) {
            this.#roundFailed(key, e);
          }
        }
        try {
          await this.#writes.flush();
        } catch (e) {
          this.#roundFailed(WORKFLOW_KEY, e);
        }
        if (this.#queue.size === 0 || this.#halted || isTerminalWorkflow(this.exec.phase)) break;
      }
    } finally {
      this.#draining = false;
    }
  }

  /** An unexpected error (store or blob I/O): retry with backoff, then fail the execution. */
  #roundFailed(key: string, e: unknown): void {
    this.#onError(e);
    this.#roundFailures++;
    if (this.#roundFailures <= MAX_ROUND_FAILURES) {
      this.wakeAfter(key, 10 * 2 ** this.#roundFailures, "backoff");
      return;
    }
    this.abortReason ??= `engine error: ${e instanceof Error ? e.message : String(e)}`;
    this.wake(WORKFLOW_KEY);
  }

  #index(rec: NodeRecord): void {
    this.records.set(rec.uniqueId, rec);
    let active = this.#activeByScope.get(rec.scopeId);
    if (rec.phase !== "NotYetStarted" && !isTerminalNode(rec.phase)) {
      if (!active) this.#activeByScope.set(rec.scopeId, (active = new Set<string>()));
      active.add(rec.uniqueId);
    } else active?.delete(rec.uniqueId);
    if (rec.parentUniqueId !== undefined) {
      let set = this.children.get(rec.parentUniqueId);
      if (!set) this.children.set(rec.parentUniqueId, (set = new Set()));
      set.add(rec.uniqueId);
    }
  }
}

function eventBytes(e: EngineEvent): Uint8Array {
  switch (e.kind) {
    case "workflow":
      return toBinary(WorkflowExecutionEventSchema, e.event);
    case "node":
      return toBinary(NodeExecutionEventSchema, e.event);
    case "task":
      return toBinary(TaskExecutionEventSchema, e.event);
    default:
      return assertNever(e);
  }
}
