import { describe, expect, it } from "vitest";
import { clone } from "@bufbuild/protobuf";
import { checkNodeTransition, NodePhase } from "@flyte-ts/core";
import { literals, literalMap } from "@flyte-ts/idl";
import { CompiledWorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { conditional, gt, t, task, workflow, type WorkflowEntity } from "@flyte-ts/sdk";
import { MemoryStore, writeProto } from "@flyte-ts/storage";
import { RecoverableError } from "@flyte-ts/sdk";
import {
  Engine,
  MemoryCacheClient,
  MemoryEventSink,
  MemoryStateStore,
  type CacheKey,
  type EngineEvent,
  type TaskPlugin,
} from "../src/index.js";
import { nextActivePhase } from "../src/model/phases.js";
import { newRunner, nodeBySpec, NodeExecution_Phase, TaskExecution_Phase, until } from "./support/engine-test-kit.js";

/**
 * A sink that rules on node events as Admin does (`checkNodeTransition`): a node going back to
 * QUEUED, a duplicate or anything after a terminal phase is recorded as rejected.
 */
class AdminRulesSink extends MemoryEventSink {
  readonly rejected: string[] = [];
  readonly #phases = new Map<string, NodePhase>();

  override send(e: EngineEvent): Promise<void> {
    if (e.kind === "node") {
      const key = `${e.event.id?.executionId?.name ?? ""}/${e.event.id?.nodeId ?? ""}`;
      const from = this.#phases.get(key) ?? NodePhase.UNDEFINED;
      const verdict = checkNodeTransition(from, e.event.phase);
      if (verdict.verdict !== "apply") {
        this.rejected.push(`${key}: ${NodePhase[from]} → ${NodePhase[e.event.phase]} (${verdict.verdict})`);
      } else this.#phases.set(key, e.event.phase);
    }
    return super.send(e);
  }
}

/**
 * Like a worker pool with a queue: every attempt is reported queued, then running, then attempt 0
 * fails recoverably and later attempts succeed with their attempt number.
 */
function queueFirstPlugin(): TaskPlugin {
  const calls = new Map<string, number>();
  return {
    id: "queue-first",
    taskTypes: ["queue-first"],
    handle: async (ctx) => {
      const key = `${ctx.execution.name}#${ctx.nodeUniqueId}#${ctx.attempt}`;
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      if (n === 1) return { phase: "queued", reason: "waiting for a worker", recheckAfterMs: 1 };
      if (n === 2) return { phase: "running", recheckAfterMs: 1 };
      if (ctx.attempt === 0) {
        return { phase: "retryableFailure", error: { kind: "USER", code: "Recoverable", message: "once more" } };
      }
      await writeProto(
        ctx.blobs,
        ctx.paths.outputs,
        LiteralMapSchema,
        literalMap({ o0: literals.integer(ctx.attempt) }),
      );
      return { phase: "success" };
    },
    abort: () => Promise.resolve(),
    finalize: () => Promise.resolve(),
  };
}

const flaky = task({ name: "queued_flaky", inputs: { x: t.int }, outputs: t.int, retries: 2 }, ({ x }) => x);
const single = workflow({ name: "wf_queued_retry", inputs: { x: t.int }, outputs: t.int }, ({ x }) => flaky({ x }));
const inSub = workflow({ name: "wf_queued_retry_sub", inputs: { x: t.int }, outputs: t.int }, ({ x }) => single({ x }));
const inBranch = workflow({ name: "wf_queued_retry_branch", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
  conditional("pick")
    .if(gt(x, 0))
    .then(flaky({ x }))
    .else()
    .then(flaky({ x: 1 })),
);

async function runQueued(wf: { readonly entity: WorkflowEntity }, name: string) {
  const base = await newRunner().prepare(wf.entity);
  const closure = clone(CompiledWorkflowClosureSchema, base.closure);
  for (const ct of closure.tasks) if (ct.template) ct.template.type = "queue-first";
  const sink = new AdminRulesSink();
  const store = new MemoryStateStore();
  const errors: unknown[] = [];
  const engine = new Engine({
    store,
    sink,
    blobs: new MemoryStore({ root: "memory://queued-retry" }),
    plugins: [queueFirstPlugin()],
    settings: { sweepIntervalMs: 0 },
    metadataPrefix: "memory://queued-retry/meta",
    rawOutputPrefix: "memory://queued-retry/raw",
    onError: (e) => errors.push(e),
  });
  const id = { project: "p", domain: "d", name };
  await engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(3) }) });
  const result = await engine.waitFor(id);
  await engine.close();
  return { id, result, sink, store, errors };
}

describe("retries are invisible at node level: the node stays RUNNING while the next attempt is queued", () => {
  it("nextActivePhase: a started node never goes back to Queued", () => {
    expect(nextActivePhase("Queued", "Queued")).toBe("Queued");
    expect(nextActivePhase("Queued", "Running")).toBe("Running");
    expect(nextActivePhase("Running", "Queued")).toBe("Running");
    expect(nextActivePhase("DynamicRunning", "Queued")).toBe("DynamicRunning");
    expect(nextActivePhase("DynamicRunning", "Running")).toBe("Running");
  });

  for (const [label, wf] of [
    ["a task node", single],
    ["a task in a sub-workflow", inSub],
    ["a task as a branch's taken case", inBranch],
  ] as const) {
    it(`${label}: node QUEUED → RUNNING → SUCCEEDED, attempt 1 QUEUED → RUNNING → SUCCEEDED`, async () => {
      const name = `queued-retry-${wf.entity.label.replace(/\W+/g, "-")}`.slice(0, 40);
      const { id, result, sink, store, errors } = await runQueued(wf, name);
      expect(result.record.phase).toBe("Succeeded");
      expect(result.outputs?.literals.o0).toEqual(literals.integer(1));
      expect(sink.rejected).toEqual([]);
      expect(errors).toEqual([]);
      // The retried node is the one on its second attempt.
      const taskNodes = (await store.getNodes(id)).filter((n) => n.attempt === 1);
      expect(taskNodes).toHaveLength(1);
      const uniqueId = taskNodes[0]?.uniqueId ?? "";
      const phases = sink
        .nodeEvents()
        .filter((e) => e.id?.nodeId === uniqueId)
        .map((e) => e.phase);
      expect(phases).toEqual([NodeExecution_Phase.QUEUED, NodeExecution_Phase.RUNNING, NodeExecution_Phase.SUCCEEDED]);
      const attempts = sink
        .taskEvents()
        .filter((e) => e.parentNodeExecutionId?.nodeId === uniqueId)
        .map((e) => `${e.retryAttempt}:${TaskExecution_Phase[e.phase]}`);
      expect(attempts).toEqual(["0:QUEUED", "0:RUNNING", "0:FAILED", "1:QUEUED", "1:RUNNING", "1:SUCCEEDED"]);
      expect(taskNodes[0]?.phase).toBe("Succeeded");
    });
  }

  it("a cache-serializable retry waiting for someone else's reservation stays RUNNING", async () => {
    /** The moment the failed attempt releases its reservation, another owner takes it. */
    class Contended extends MemoryCacheClient {
      stolen: CacheKey | undefined;
      override async releaseReservation(key: CacheKey, ownerId: string): Promise<void> {
        await super.releaseReservation(key, ownerId);
        if (this.stolen) return;
        this.stolen = key;
        await super.getOrExtendReservation(key, "someone-else", 60_000);
      }
    }
    const cache = new Contended();
    let calls = 0;
    const serial = task(
      {
        name: "queued_serial_retry",
        inputs: { n: t.int },
        outputs: t.int,
        retries: 1,
        cache: { version: "1", serialize: true },
      },
      ({ n }) => {
        if (calls++ === 0) throw new RecoverableError("once more");
        return n * 3;
      },
    );
    const wf = workflow({ name: "wf_serial_retry", inputs: { n: t.int }, outputs: t.int }, ({ n }) => serial({ n }));
    const r = newRunner({ cache });
    const rejected = new AdminRulesSink();
    r.sink.subscribe((e) => void rejected.send(e));
    const run = await r.start(wf.entity, { n: 2 });
    await until(async () =>
      (await r.store.getNodes(run.id)).some(
        (n) => n.specNodeId === "n0" && n.message === "waiting on serialized cache",
      ),
    );
    const waiting = await nodeBySpec(r, run.id, "n0");
    expect(waiting.attempt).toBe(1);
    expect(waiting.phase).toBe("Running");
    const key = cache.stolen;
    expect(key).toBeDefined();
    if (key) await cache.releaseReservation(key, "someone-else");
    const done = await run.done;
    expect(done.record.phase).toBe("Succeeded");
    expect(calls).toBe(2);
    expect(rejected.rejected).toEqual([]);
    const phases = r.sink
      .nodeEvents()
      .filter((e) => e.id?.executionId?.name === run.id.name && e.id.nodeId === "n0")
      .map((e) => e.phase);
    expect(phases).toEqual([NodeExecution_Phase.QUEUED, NodeExecution_Phase.RUNNING, NodeExecution_Phase.SUCCEEDED]);
  });
});
