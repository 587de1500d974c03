/**
 * A real engine process (node + tsx, SqliteStateStore in a temp dir, file:// blobs) runs two
 * 12-task chains and a 16-item map with retries; the test SIGKILLs it once some task bodies have
 * finished, starts a new process on the same database and storage that calls `resume()`, and
 * checks what the engine promises (ARCHITECTURE.md "Idempotency rules"):
 * - every execution completes, with the right outputs, and nothing is left non-terminal;
 * - every task attempt is recorded once: attempt numbers 0..k without gaps or repeats, the counts
 *   the retries imply (flaky map items: one failed + one succeeded attempt; everything else one);
 * - an attempt that was terminal in the store at the kill never runs again; one that was still
 *   running may run its body again after the restart, *as the same attempt number* (not a new
 *   attempt, no retry budget used);
 * - the event log holds at most one terminal event per task attempt, node and workflow, and
 *   exactly one for everything that finished after the restart.
 * Task bodies append each real run to a log file, so the test names the bodies that re-ran.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { fromBinary } from "@bufbuild/protobuf";
import { LiteralMapSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  NodeExecution_Phase,
  TaskExecution_Phase,
  WorkflowExecution_Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import {
  NodeExecutionEventSchema,
  TaskExecutionEventSchema,
  WorkflowExecutionEventSchema,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { FileStore, readProto } from "@flyte-ts/storage";
import { isTerminalAttempt, isTerminalNode, isTerminalWorkflow, type StoredEvent } from "../src/index.js";
import { SqliteStateStore } from "../src/state/sqlite-store.js";
import { CRASH_EXECUTIONS, crashPaths, type CrashExecution, type RunLine } from "./fixtures/engine-crash-layout.js";
import { isFlaky } from "./fixtures/engine-crash-workflows.js";

const child = fileURLToPath(new URL("./fixtures/engine-crash-engine.ts", import.meta.url));
const ENGINE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface ChildRun {
  readonly lines: string[];
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the child engine; with `killAfterBodies`, SIGKILLs it once that many task bodies have finished. */
function runChild(dir: string, mode: "start" | "resume", killAfterBodies?: number): Promise<ChildRun> {
  const proc = spawn(process.execPath, ["--import", "tsx", child, dir, mode], {
    cwd: ENGINE_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  let buffered = "";
  let bodies = 0;
  proc.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  proc.stdout.on("data", (d: Buffer) => {
    buffered += d.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (line.startsWith("body-done ")) bodies++;
    }
    // Mid-run: the next bodies are sleeping (running) right now; a small random delay varies the point.
    if (killAfterBodies !== undefined && bodies >= killAfterBodies && proc.exitCode === null && !proc.killed)
      setTimeout(() => proc.kill("SIGKILL"), Math.random() * 10);
  });
  return new Promise((resolve, reject) => {
    proc.on("error", reject);
    proc.on("exit", (code, signal) => resolve({ lines, stderr, code, signal }));
  });
}

const key = (exec: string, node: string, attempt: number) => `${exec}/${node}/${attempt}`;

/** Attempt keys that are terminal / not terminal in the store now, and the executions not finished. */
async function snapshot(dir: string): Promise<{ terminal: Set<string>; running: Set<string>; active: Set<string> }> {
  const store = new SqliteStateStore({ path: crashPaths(dir).db });
  const out = { terminal: new Set<string>(), running: new Set<string>(), active: new Set<string>() };
  try {
    for (const e of CRASH_EXECUTIONS) {
      const rec = await store.getExecution(e.id);
      if (!rec || !isTerminalWorkflow(rec.phase)) out.active.add(e.id.name);
      for (const n of await store.getNodes(e.id))
        for (const a of await store.getAttempts(e.id, n.uniqueId))
          (isTerminalAttempt(a.phase) ? out.terminal : out.running).add(key(e.id.name, n.uniqueId, a.attempt));
    }
  } finally {
    await store.close();
  }
  return out;
}

function runLines(dir: string): RunLine[] {
  return readFileSync(crashPaths(dir).runs, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as RunLine);
}

function intOf(l: Literal | undefined): number {
  const v = l?.value.case === "scalar" ? l.value.value.value : undefined;
  const p = v?.case === "primitive" ? v.value.value : undefined;
  if (p?.case !== "integer") throw new Error("expected an integer literal");
  return Number(p.value);
}

async function outputsOf(dir: string, uri: string | undefined, e: CrashExecution): Promise<number | number[]> {
  if (uri === undefined) throw new Error(`${e.id.name} has no outputs`);
  const blobs = new FileStore({ root: pathToFileURL(crashPaths(dir).blobs).href });
  const o0 = (await readProto(blobs, uri, LiteralMapSchema)).literals.o0;
  if (e.kind === "chain") return intOf(o0);
  return o0?.value.case === "collection" ? o0.value.value.literals.map(intOf) : [];
}

/** Terminal events in the log, counted by (task attempt | node | workflow). */
function terminalEvents(events: readonly StoredEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  const taskDone = new Set<TaskExecution_Phase>([
    TaskExecution_Phase.SUCCEEDED,
    TaskExecution_Phase.FAILED,
    TaskExecution_Phase.ABORTED,
  ]);
  const nodeDone = new Set<NodeExecution_Phase>([
    NodeExecution_Phase.SUCCEEDED,
    NodeExecution_Phase.FAILED,
    NodeExecution_Phase.ABORTED,
    NodeExecution_Phase.SKIPPED,
    NodeExecution_Phase.TIMED_OUT,
    NodeExecution_Phase.RECOVERED,
  ]);
  for (const ev of events) {
    if (ev.kind === "task") {
      const t = fromBinary(TaskExecutionEventSchema, ev.payload);
      if (taskDone.has(t.phase)) bump(`task ${t.parentNodeExecutionId?.nodeId ?? "?"}/${t.retryAttempt}`);
    } else if (ev.kind === "node") {
      const n = fromBinary(NodeExecutionEventSchema, ev.payload);
      if (nodeDone.has(n.phase)) bump(`node ${n.id?.nodeId ?? "?"}`);
    } else {
      const w = fromBinary(WorkflowExecutionEventSchema, ev.payload);
      if (w.phase >= WorkflowExecution_Phase.SUCCEEDED && w.phase !== WorkflowExecution_Phase.FAILING) bump("workflow");
    }
  }
  return counts;
}

describe("engine crash and resume (real child processes, SQLite, file:// storage)", () => {
  it.each([5, 22])(
    "SIGKILL after %i finished task bodies, then resume() in a new process",
    async (killAfter) => {
      const dir = mkdtempSync(join(tmpdir(), "engine-crash-"));
      dirs.push(dir);
      const first = await runChild(dir, "start", killAfter);
      expect(first.signal, `first engine was not killed: ${first.stderr}`).toBe("SIGKILL");
      expect(first.lines).not.toContain("all-finished");
      const before = await snapshot(dir);
      expect(before.active.size, "the kill came after every execution finished").toBeGreaterThan(0);
      expect(before.terminal.size).toBeGreaterThan(0);
      const runsBefore = runLines(dir).length;

      const second = await runChild(dir, "resume");
      expect(second.code, `resume failed: ${second.stderr}`).toBe(0);
      const resumed = (second.lines.find((l) => l.startsWith("resumed ")) ?? "").slice("resumed ".length).split(",");
      expect(new Set(resumed)).toEqual(before.active);
      expect(second.lines).toContain("all-finished");

      // Which bodies ran, in which process, for which attempt.
      const runs = new Map<string, RunLine["proc"][]>();
      for (const r of runLines(dir))
        if (r.event === "start")
          runs.set(key(r.exec, r.node, r.attempt), [...(runs.get(key(r.exec, r.node, r.attempt)) ?? []), r.proc]);
      const rerun = [...runs]
        .filter(([, procs]) => procs.includes("start") && procs.includes("resume"))
        .map(([k]) => k);
      console.log(
        `kill after ${killAfter} bodies: ${before.terminal.size} attempts terminal, ${before.running.size} running at the kill; ` +
          `${runsBefore} run-log lines before; bodies re-run after the restart (same attempt): ${rerun.join(", ") || "none"}`,
      );
      for (const [k, procs] of runs) {
        expect(procs.filter((p) => p === "start").length, `${k} ran twice in one process`).toBeLessThanOrEqual(1);
        expect(procs.filter((p) => p === "resume").length, `${k} ran twice in one process`).toBeLessThanOrEqual(1);
        if (before.terminal.has(k))
          expect(procs, `${k} was terminal at the kill but ran again`).not.toContain("resume");
      }
      const missingEvents: string[] = [];
      const store = new SqliteStateStore({ path: crashPaths(dir).db });
      try {
        for (const e of CRASH_EXECUTIONS) {
          const name = e.id.name;
          const rec = await store.getExecution(e.id);
          expect(rec?.phase, name).toBe("Succeeded");
          expect(await outputsOf(dir, rec?.outputsUri, e)).toEqual(e.expected);
          const events = terminalEvents(await store.listEvents(e.id));
          expect(events.get("workflow"), `${name}: workflow terminal events`).toBe(1);
          const stored = new Set<string>();
          for (const n of await store.getNodes(e.id)) {
            expect(isTerminalNode(n.phase), `${name}/${n.uniqueId} is ${n.phase}`).toBe(true);
            const nodeEvents = events.get(`node ${n.uniqueId}`) ?? 0;
            expect(nodeEvents, `${name}/${n.uniqueId}: node terminal events`).toBeLessThanOrEqual(1);
            const attempts = await store.getAttempts(e.id, n.uniqueId);
            if (attempts.length === 0) continue;
            // Every attempt once, numbered 0..k, all terminal, the last one succeeded.
            expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i));
            expect(attempts.every((a) => isTerminalAttempt(a.phase))).toBe(true);
            expect(attempts.at(-1)?.phase).toBe("Succeeded");
            expect(n.attempt).toBe(attempts.length - 1);
            const flaky = e.kind === "map" && isFlaky(e.xs[Number(n.specNodeId)] ?? -1);
            expect(
              attempts.map((a) => a.phase),
              `${name}/${n.uniqueId}`,
            ).toEqual(flaky ? ["Failed", "Succeeded"] : ["Succeeded"]);
            for (const a of attempts) {
              const k = key(name, n.uniqueId, a.attempt);
              stored.add(k);
              expect(runs.has(k), `${k} is recorded but its body never ran`).toBe(true);
              const taskEvents = events.get(`task ${n.uniqueId}/${a.attempt}`) ?? 0;
              // Finished after the restart: exactly one terminal event. Finished before: never a duplicate
              // (none at all if the kill fell between the attempt row and its event: putAttempt and
              // appendEvent are separate commits in executor/task-report.ts; counted and printed).
              if (before.terminal.has(k)) expect(taskEvents, `${k}: task terminal events`).toBeLessThanOrEqual(1);
              else expect(taskEvents, `${k}: task terminal events`).toBe(1);
              if (taskEvents === 0) missingEvents.push(k);
            }
          }
          const expectedAttempts = e.kind === "chain" ? 12 : e.xs.reduce((s, x) => s + (isFlaky(x) ? 2 : 1), 0);
          expect(stored.size, `${name}: attempts`).toBe(expectedAttempts);
          for (const k of runs.keys())
            if (k.startsWith(`${name}/`)) expect(stored.has(k), `${k} ran but is not recorded`).toBe(true);
        }
      } finally {
        await store.close();
      }
      if (missingEvents.length > 0)
        console.log(
          `terminal task events lost at the kill (attempt row written, event not): ${missingEvents.join(", ")}`,
        );
    },
    120_000,
  );
});
