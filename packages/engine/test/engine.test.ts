import { describe, expect, it } from "vitest";
import { create, clone } from "@bufbuild/protobuf";
import { CompiledWorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { NodeSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { literals, literalMap } from "@flyte-ts/idl";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { MemoryStore, futuresCompiledPath, attemptOutputDir, writeProto } from "@flyte-ts/storage";
import { conditional, dynamic, eq, executeTaskEntity, t, task, waitForSignal, workflow } from "@flyte-ts/sdk";
import {
  Engine,
  InProcessPlugin,
  MemoryEventSink,
  MemorySignalSource,
  MemoryStateStore,
  ManualClock,
  type ExecutionId,
  type TaskPlugin,
} from "../src/index.js";

const sweepTask = task({ name: "sweep_task", outputs: t.int }, () => 0);
import {
  expectNothingActive,
  gate,
  newRunner,
  nodeBySpec,
  nodeEventPhases,
  NodeExecution_Phase,
  nodesOf,
  until,
} from "./support/engine-test-kit.js";

describe("execution config", () => {
  it("max parallelism caps concurrently running task nodes", async () => {
    let running = 0;
    let peak = 0;
    const work = task({ name: "par_work", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((res) => setTimeout(res, 10));
      running--;
      return x;
    });
    const wf = workflow(
      { name: "wf_par", inputs: { x: t.int }, outputs: { a: t.int, b: t.int, c: t.int, d: t.int, e: t.int } },
      ({ x }) => ({
        a: work({ x }),
        b: work({ x }),
        c: work({ x }),
        d: work({ x }),
        e: work({ x }),
      }),
    );
    const r = newRunner();
    await r.runToLiterals(wf.entity, { x: 1 }, { maxParallelism: 2 });
    expect(peak).toBe(2);
    peak = 0;
    await r.runToLiterals(wf.entity, { x: 1 }, { maxParallelism: 0 });
    expect(peak).toBe(5);
  });

  it("recovery mode reuses succeeded nodes of the earlier execution (RECOVERED, not rerun)", async () => {
    let firstCalls = 0;
    let fail = true;
    const first = task({ name: "rec_first", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      firstCalls++;
      return x + 1;
    });
    const second = task({ name: "rec_second", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      if (fail) throw new Error("flaky downstream");
      return x * 10;
    });
    const wf = workflow({ name: "wf_recover", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
      second({ x: first({ x }) }),
    );
    const r = newRunner();
    const failed = await r.runToLiterals(wf.entity, { x: 1 }).catch((e: { execution: ExecutionId }) => e.execution);
    fail = false;
    const { id, outputs } = await r.runToLiterals(wf.entity, { x: 1 }, { recoverFrom: failed as ExecutionId });
    expect(outputs.literals.o0).toEqual(literals.integer(20));
    expect(firstCalls).toBe(1);
    expect((await nodeBySpec(r, id, "n0")).phase).toBe("Recovered");
    expect(nodeEventPhases(r, id, "n0")).toEqual([NodeExecution_Phase.RECOVERED]);
    expect((await nodeBySpec(r, id, "n1")).phase).toBe("Succeeded");
  });
});

describe("recovery of dynamic nodes", () => {
  it("reruns the sub-workflow from the old futures: the parent task and succeeded children are recovered", async () => {
    let parentRuns = 0;
    const counts = new Map<number, number>();
    let failAt: number | undefined = 2;
    const step = task({ name: "rd_step", inputs: { i: t.int }, outputs: t.int }, ({ i }) => {
      counts.set(i, (counts.get(i) ?? 0) + 1);
      if (i === failAt) throw new Error(`step ${i} failed`);
      return i;
    });
    const fan = dynamic({ name: "rd_fan", inputs: { n: t.int }, outputs: t.list(t.int) }, ({ n }) => {
      parentRuns++;
      return Array.from({ length: n }, (_, i) => step({ i }));
    });
    const wf = workflow({ name: "wf_rd", inputs: { n: t.int }, outputs: t.list(t.int) }, ({ n }) => fan({ n }));
    const r = newRunner();
    const failed = await r.runToLiterals(wf.entity, { n: 3 }).catch((e: { execution: ExecutionId }) => e.execution);
    expect(parentRuns).toBe(1);
    failAt = undefined;
    const { id, outputs } = await r.runToLiterals(wf.entity, { n: 3 }, { recoverFrom: failed as ExecutionId });
    expect(outputs.literals.o0).toEqual(literals.collection([0, 1, 2].map((i) => literals.integer(i))));
    expect(parentRuns).toBe(1);
    expect([...counts.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 2],
    ]);
    const children = (await nodesOf(r, id)).filter(
      (n) => n.parentUniqueId === "n0" && n.specNodeId !== "start-node" && n.specNodeId !== "end-node",
    );
    expect(children.map((n) => n.phase).sort()).toEqual(["Recovered", "Recovered", "Succeeded"]);
  });
});

describe("branches, dynamic, failure nodes", () => {
  const inc = task({ name: "bd_inc", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x + 1);
  const dec = task({ name: "bd_dec", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x - 1);

  it("a branch runs the taken case and marks the other cases SKIPPED", async () => {
    const wf = workflow({ name: "wf_branch_skip", inputs: { x: t.int }, outputs: t.int }, ({ x }) =>
      conditional("sign").if(eq(x, 0)).then(inc({ x })).else().then(dec({ x })),
    );
    const r = newRunner();
    const { id, outputs } = await r.runToLiterals(wf.entity, { x: 5 });
    expect(outputs.literals.o0).toEqual(literals.integer(4));
    const children = (await nodesOf(r, id)).filter((n) => n.parentUniqueId !== undefined);
    expect(children.map((n) => n.phase).sort()).toEqual(["Skipped", "Succeeded"]);
    const skipped = children.find((n) => n.phase === "Skipped");
    expect(nodeEventPhases(r, id, skipped?.uniqueId ?? "")).toEqual([NodeExecution_Phase.SKIPPED]);
  });

  it("a dynamic node compiles once and keeps the result next to futures.pb", async () => {
    const fan = dynamic({ name: "bd_fan", inputs: { n: t.int }, outputs: t.int }, ({ n }) => {
      let x = inc({ x: 0 });
      for (let i = 1; i < n; i++) x = inc({ x });
      return x;
    });
    const wf = workflow({ name: "wf_dyn", inputs: { n: t.int }, outputs: t.int }, ({ n }) => fan({ n }));
    const r = newRunner();
    const { id, outputs } = await r.runToLiterals(wf.entity, { n: 4 });
    expect(outputs.literals.o0).toEqual(literals.integer(4));
    const dyn = (await nodesOf(r, id)).find((n) => n.specNodeId === "n0" && n.parentUniqueId === undefined);
    if (!dyn) throw new Error("no dynamic node");
    expect(await r.blobs.head(futuresCompiledPath(attemptOutputDir(dyn.dataDir, 0)))).toBeDefined();
    const children = (await nodesOf(r, id)).filter((n) => n.parentUniqueId === dyn.uniqueId);
    expect(children.filter((n) => n.phase === "Succeeded").length).toBe(6); // start, 4 tasks, end
    expect(nodeEventPhases(r, id, dyn.uniqueId)).toContain(NodeExecution_Phase.DYNAMIC_RUNNING);
    const ev = r.sink
      .nodeEvents()
      .find((e) => e.id?.nodeId === dyn.uniqueId && e.phase === NodeExecution_Phase.DYNAMIC_RUNNING);
    const md = ev?.targetMetadata.case === "taskNodeMetadata" ? ev.targetMetadata.value.dynamicWorkflow : undefined;
    expect(md?.id?.name).toBe("dynamic_n0");
    expect(md?.compiledWorkflow?.primary?.template?.nodes.filter((n) => n.target.case === "taskNode").length).toBe(4);
    expect(md?.dynamicJobSpecUri).toMatch(/n0\/data\/0\/futures\.pb$/);
    expect(ev?.isDynamic).toBe(true);
  });

  it("runs the workflow's failure node, then fails with the original error", async () => {
    const seen: number[] = [];
    const boom = task({ name: "fn_boom", inputs: { x: t.int }, outputs: t.int }, () => {
      throw new Error("original failure");
    });
    const cleanup = task({ name: "fn_cleanup", inputs: { x: t.int } }, ({ x }) => {
      seen.push(x);
    });
    const wf = workflow({ name: "wf_with_failure_node", inputs: { x: t.int }, outputs: t.int }, ({ x }) => boom({ x }));
    const holder = workflow({ name: "wf_cleanup_holder", inputs: { x: t.int } }, ({ x }) => {
      cleanup({ x });
    });
    const r = newRunner();
    const build = await r.prepare(wf.entity);
    const cleanupBuild = await r.prepare(holder.entity);
    const closure = clone(CompiledWorkflowClosureSchema, build.closure);
    closure.tasks.push(...cleanupBuild.closure.tasks);
    const template = closure.primary?.template;
    const cleanupNode = cleanupBuild.closure.primary?.template?.nodes.find((n) => n.target.case === "taskNode");
    if (!template || !cleanupNode) throw new Error("closure without template");
    template.failureNode = create(NodeSchema, { ...clone(NodeSchema, cleanupNode), id: "fn0" });
    const id = { project: "p", domain: "d", name: "with-failure-node" };
    await r.engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(7) }) });
    const result = await r.engine.waitFor(id);
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.message).toBe("original failure");
    expect(seen).toEqual([7]);
    expect((await nodeBySpec(r, id, "fn0")).phase).toBe("Succeeded");
    await expectNothingActive(r, id);
  });
});

describe("restart", () => {
  it("a new engine resumes every non-terminal execution from the store; finished work is not redone", async () => {
    const calls = { before: 0, after: 0 };
    const before = task({ name: "rs_before", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      calls.before++;
      return x + 1;
    });
    const after = task({ name: "rs_after", inputs: { x: t.int, s: t.string }, outputs: t.string }, ({ x, s }) => {
      calls.after++;
      return `${s}${x}`;
    });
    const wf = workflow({ name: "wf_restart", inputs: { x: t.int }, outputs: t.string }, ({ x }) =>
      after({ x: before({ x }), s: waitForSignal("prefix", t.string) }),
    );
    const closure = (await newRunner().prepare(wf.entity)).closure;
    const store = new MemoryStateStore();
    const blobs = new MemoryStore({ root: "memory://restart" });
    const signals = new MemorySignalSource();
    const plugin = () =>
      new InProcessPlugin({
        taskTypes: ["ts-task"],
        tasks: Object.fromEntries(
          [before, after].map((f) => [
            f.entity.name ?? "",
            (i: Parameters<typeof executeTaskEntity>[1]) => executeTaskEntity(f.entity, i),
          ]),
        ),
      });
    const make = () =>
      new Engine({
        store,
        sink: new MemoryEventSink(),
        blobs,
        plugins: [plugin()],
        signals,
        metadataPrefix: "memory://restart/meta",
        rawOutputPrefix: "memory://restart/raw",
      });
    const one = make();
    const id = { project: "p", domain: "d", name: "restart-1" };
    await one.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(1) }) });
    await until(() => signals.pending().length === 1);
    await one.close();
    const two = make();
    expect(await two.resume()).toEqual([id]);
    signals.set(id, "prefix", literals.string("v"));
    const result = await two.waitFor(id);
    expect(result.record.phase).toBe("Succeeded");
    expect(result.outputs?.literals.o0).toEqual(literals.string("v2"));
    expect(calls).toEqual({ before: 1, after: 1 });
    const n0 = (await store.getNodes(id)).find((n) => n.specNodeId === "n0");
    expect((await store.getAttempts(id, n0?.uniqueId ?? "")).length).toBe(1);
  });

  it("resumes nested work: a sub-workflow waiting on a signal continues after a restart", async () => {
    let calls = 0;
    const tail = task({ name: "rs_tail", inputs: { s: t.string }, outputs: t.string }, ({ s }) => {
      calls++;
      return s.toUpperCase();
    });
    const inner = workflow({ name: "wf_rs_inner", outputs: t.string }, () =>
      tail({ s: waitForSignal("word", t.string) }),
    );
    const outer = workflow({ name: "wf_rs_outer", outputs: t.string }, () => inner());
    const closure = (await newRunner().prepare(outer.entity)).closure;
    const store = new MemoryStateStore();
    const blobs = new MemoryStore({ root: "memory://restart3" });
    const signals = new MemorySignalSource();
    const make = () =>
      new Engine({
        store,
        sink: new MemoryEventSink(),
        blobs,
        signals,
        plugins: [
          new InProcessPlugin({
            taskTypes: ["ts-task"],
            tasks: { [tail.entity.name ?? ""]: (i) => executeTaskEntity(tail.entity, i) },
          }),
        ],
        metadataPrefix: "memory://restart3/meta",
        rawOutputPrefix: "memory://restart3/raw",
      });
    const one = make();
    const id = { project: "p", domain: "d", name: "restart-3" };
    await one.createExecution({ id, closure, inputs: literalMap({}) });
    await until(() => signals.pending().length === 1);
    await one.close();
    const two = make();
    await two.resume();
    signals.set(id, "word", literals.string("done"));
    const result = await two.waitFor(id);
    expect(result.outputs?.literals.o0).toEqual(literals.string("DONE"));
    expect(calls).toBe(1);
    const nested = (await store.getNodes(id)).filter((n) => n.parentUniqueId !== undefined);
    expect(nested.every((n) => n.phase === "Succeeded")).toBe(true);
  });

  it("an attempt interrupted by a restart continues as the same attempt", async () => {
    const hold = gate();
    let calls = 0;
    const slow = task({ name: "rs_slow", inputs: { x: t.int }, outputs: t.int }, async ({ x }) => {
      calls++;
      if (calls === 1) await hold.promise;
      return x * 2;
    });
    const wf = workflow({ name: "wf_restart_mid", inputs: { x: t.int }, outputs: t.int }, ({ x }) => slow({ x }));
    const closure = (await newRunner().prepare(wf.entity)).closure;
    const store = new MemoryStateStore();
    const blobs = new MemoryStore({ root: "memory://restart2" });
    const make = () =>
      new Engine({
        store,
        sink: new MemoryEventSink(),
        blobs,
        plugins: [
          new InProcessPlugin({
            taskTypes: ["ts-task"],
            tasks: { [slow.entity.name ?? ""]: (i) => executeTaskEntity(slow.entity, i) },
          }),
        ],
        metadataPrefix: "memory://restart2/meta",
        rawOutputPrefix: "memory://restart2/raw",
      });
    const one = make();
    const id = { project: "p", domain: "d", name: "restart-2" };
    await one.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(4) }) });
    await until(async () => (await store.getNodes(id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    await one.close();
    const two = make();
    await two.resume();
    const result = await two.waitFor(id);
    expect(result.outputs?.literals.o0).toEqual(literals.integer(8));
    const n0 = (await store.getNodes(id)).find((n) => n.specNodeId === "n0");
    const attempts = await store.getAttempts(id, n0?.uniqueId ?? "");
    expect(attempts.map((a) => [a.attempt, a.phase])).toEqual([[0, "Succeeded"]]);
    hold.open();
  });
});

describe("createExecution", () => {
  it("rejects a taken id without touching the existing execution's inputs", async () => {
    const echo = task({ name: "ce_echo", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x);
    const wf = workflow({ name: "wf_ce", inputs: { x: t.int }, outputs: t.int }, ({ x }) => echo({ x }));
    const r = newRunner();
    const { closure } = await r.prepare(wf.entity);
    const id = { project: "p", domain: "d", name: "dup" };
    await r.engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(1) }) });
    await expect(
      r.engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(2) }) }),
    ).rejects.toMatchObject({
      code: "ExecutionAlreadyExists",
    });
    const result = await r.engine.waitFor(id);
    expect(result.outputs?.literals.o0).toEqual(literals.integer(1));
  });
});

describe("errors at the edges", () => {
  const echo = task({ name: "edge_echo", inputs: { x: t.int }, outputs: t.int }, ({ x }) => x);
  const wf = workflow({ name: "wf_edge", inputs: { x: t.int }, outputs: t.int }, ({ x }) => echo({ x }));

  it("a task type no plugin handles fails the node with NoPluginForTaskType, naming the type", async () => {
    const { closure } = await newRunner().prepare(wf.entity);
    const bad = clone(CompiledWorkflowClosureSchema, closure);
    for (const ct of bad.tasks) if (ct.template) ct.template.type = "spark";
    const r = newRunner();
    const id = { project: "p", domain: "d", name: "no-plugin" };
    await r.engine.createExecution({ id, closure: bad, inputs: literalMap({ x: literals.integer(1) }) });
    const result = await r.engine.waitFor(id);
    expect(result.record.phase).toBe("Failed");
    expect(result.record.error?.code).toBe("NoPluginForTaskType");
    expect(result.record.error?.message).toContain('"spark"');
    await expectNothingActive(r, id);
  });

  it("an event sink that fails never changes execution state; the error is reported", async () => {
    const { closure } = await newRunner().prepare(wf.entity);
    const errors: unknown[] = [];
    const store = new MemoryStateStore();
    const engine = new Engine({
      store,
      sink: { send: () => Promise.reject(new Error("sink down")) },
      blobs: new MemoryStore({ root: "memory://sink" }),
      plugins: [
        new InProcessPlugin({ taskTypes: ["ts-task"], tasks: { edge_echo: (i) => executeTaskEntity(echo.entity, i) } }),
      ],
      metadataPrefix: "memory://sink/meta",
      rawOutputPrefix: "memory://sink/raw",
      settings: { sweepIntervalMs: 0 },
      onError: (e) => errors.push(e),
    });
    const id = { project: "p", domain: "d", name: "sink-down" };
    await engine.createExecution({ id, closure, inputs: literalMap({ x: literals.integer(5) }) });
    const result = await engine.waitFor(id);
    expect(result.outputs?.literals.o0).toEqual(literals.integer(5));
    expect(errors.length).toBeGreaterThan(0);
    expect((await store.listEvents(id)).length).toBe(errors.length);
  });

  it("abort: unknown ids are NotFound, terminal executions are left alone", async () => {
    const r = newRunner();
    await expect(r.engine.abort({ project: "p", domain: "d", name: "nope" }, "x")).rejects.toMatchObject({
      code: "ExecutionNotFound",
    });
    const { id } = await r.runToLiterals(wf.entity, { x: 1 });
    await r.engine.abort(id, "too late");
    expect((await r.engine.getExecution(id))?.phase).toBe("Succeeded");
  });
});

describe("wake-ups", () => {
  it("a plugin that never calls wake() is still noticed by the periodic sweep (lost wake-up)", async () => {
    const clock = new ManualClock();
    let done = false;
    const silent: TaskPlugin = {
      id: "silent",
      taskTypes: ["silent"],
      handle: async (ctx) => {
        if (!done) return { phase: "running" };
        await writeProto(ctx.blobs, ctx.paths.outputs, LiteralMapSchema, literalMap({ o0: literals.integer(1) }));
        return { phase: "success" };
      },
      abort: () => Promise.resolve(),
      finalize: () => Promise.resolve(),
    };
    const wf = workflow({ name: "wf_sweep", outputs: t.int }, () => sweepTask());
    const base = await newRunner().prepare(wf.entity);
    const closure = clone(CompiledWorkflowClosureSchema, base.closure);
    for (const ct of closure.tasks) if (ct.template) ct.template.type = "silent";
    const store = new MemoryStateStore();
    const engine = new Engine({
      store,
      sink: new MemoryEventSink(),
      blobs: new MemoryStore({ root: "memory://sweep" }),
      plugins: [silent],
      clock,
      settings: { sweepIntervalMs: 10_000 },
      metadataPrefix: "memory://sweep/meta",
      rawOutputPrefix: "memory://sweep/raw",
    });
    const id = { project: "p", domain: "d", name: "sweep-1" };
    await engine.createExecution({ id, closure, inputs: literalMap({}) });
    await until(async () => (await store.getNodes(id)).some((n) => n.specNodeId === "n0" && n.phase === "Running"));
    done = true;
    await new Promise((res) => setTimeout(res, 20));
    expect((await engine.getExecution(id))?.phase).toBe("Running");
    clock.advance(10_000);
    const result = await engine.waitFor(id);
    expect(result.outputs?.literals.o0).toEqual(literals.integer(1));
    await engine.close();
  });
});
