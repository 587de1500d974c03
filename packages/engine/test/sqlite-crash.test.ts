import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStateStore } from "../src/state/sqlite-store.js";
import type { ExecutionId } from "../src/model/ids.js";
import { CRASH_EXECUTIONS, checkCrashPayload } from "./fixtures/sqlite-crash-payload.js";

const writer = fileURLToPath(new URL("./fixtures/sqlite-crash-writer.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "engine-sqlite-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the writer acknowledged before it was killed. */
interface Acks {
  readonly nodes: Set<number>;
  readonly terminals: Set<number>;
  readonly batches: Map<number, { node: number; task: number }>;
  readonly violations: string[];
  stderr: string;
}

/** Runs the writer until it has acknowledged `minAcks` batches, then SIGKILLs it mid-loop. */
function runAndKill(path: string, first: number, minAcks: number, mode: Mode): Promise<Acks> {
  const acks: Acks = { nodes: new Set(), terminals: new Set(), batches: new Map(), violations: [], stderr: "" };
  const child = spawn(process.execPath, ["--import", "tsx", writer, path, String(first), mode], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let buffered = "";
    let killed = false;
    child.stderr.on("data", (d: Buffer) => (acks.stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const [what, a, b, c] = line.split(" ");
        if (what === "node") acks.nodes.add(Number(a));
        else if (what === "terminal") acks.terminals.add(Number(a));
        else if (what === "batch") acks.batches.set(Number(a), { node: Number(b), task: Number(c) });
        else if (what === "violation") acks.violations.push(line);
      }
      // Kill at a point that varies from run to run, while the writer is busy writing.
      if (!killed && acks.batches.size >= minAcks) {
        killed = true;
        setTimeout(() => child.kill("SIGKILL"), Math.random() * 3);
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(acks);
      else reject(new Error(`writer exited with ${String(code)} before it was killed: ${acks.stderr}`));
    });
  });
}

type Mode = "single" | "group";
const exec = (e: number): ExecutionId => ({ project: "crash", domain: "development", name: `e${e}` });

/** Checks the reopened file against everything acknowledged so far; returns the highest iteration seen. */
async function checkConsistent(path: string, acked: Acks[]): Promise<number> {
  const store = new SqliteStateStore({ path });
  let highest = -1;
  try {
    for (let e = 0; e < CRASH_EXECUTIONS; e++) {
      const id = exec(e);
      expect((await store.getExecution(id))?.closure).toStrictEqual(new Uint8Array([1, 2, 3]));
      const nodes = new Map((await store.getNodes(id)).map((n) => [Number(n.uniqueId.slice(1)), n]));
      const events = await store.listEvents(id);
      // Sequence numbers are 1..n without gaps, and every payload is whole and belongs to one iteration.
      expect(events.map((ev) => ev.seq)).toStrictEqual(events.map((_, k) => k + 1));
      const eventIters = new Map<number, number[]>();
      for (const ev of events) {
        const iter = checkCrashPayload(ev.payload, ev.kind === "node" ? 2 : 3);
        expect(iter, `event ${ev.seq} of e${e} is torn`).toBeDefined();
        if (iter === undefined) continue;
        eventIters.set(iter, [...(eventIters.get(iter) ?? []), ev.seq]);
      }
      for (const [i, n] of nodes) {
        highest = Math.max(highest, i);
        expect(i % CRASH_EXECUTIONS).toBe(e);
        // The batch (node Succeeded + its two events) landed entirely or not at all.
        expect(n.phase === "Succeeded", `node n${i}: batch half-applied`).toBe(eventIters.get(i)?.length === 2);
        const attempts = await store.getAttempts(id, n.uniqueId);
        for (const a of attempts) {
          expect(
            a.phase === "Running" || (a.phase === "Succeeded" && a.phaseVersion === 1 && a.outputsUri === `out/${i}`),
          ).toBe(true);
        }
        if (n.phase === "Succeeded") expect(attempts.map((a) => a.phase)).toStrictEqual(["Succeeded"]);
      }
      expect([...eventIters.keys()].every((i) => nodes.has(i))).toBe(true);
      for (const acks of acked) {
        for (const i of acks.nodes)
          if (i % CRASH_EXECUTIONS === e) expect(nodes.has(i), `acked node n${i} lost`).toBe(true);
        for (const i of acks.terminals) {
          if (i % CRASH_EXECUTIONS !== e) continue;
          expect((await store.getAttempts(id, `n${i}`)).map((a) => [a.phase, a.phaseVersion])).toStrictEqual([
            ["Succeeded", 1],
          ]);
        }
        for (const [i, seqs] of acks.batches) {
          if (i % CRASH_EXECUTIONS !== e) continue;
          expect(nodes.get(i)?.phase, `acked batch ${i} lost`).toBe("Succeeded");
          expect(eventIters.get(i)).toStrictEqual([seqs.node, seqs.task]);
        }
      }
    }
  } finally {
    await store.close();
  }
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
  } finally {
    raw.close();
  }
  return highest;
}

describe("SqliteStateStore survives kill -9 (real child process)", () => {
  for (const mode of ["single", "group"] as const) {
    it(`keeps every acknowledged write, tears nothing, never overwrites a terminal attempt (${mode} commit)`, async () => {
      const path = join(dir, `crash-${mode}.db`);
      const rounds: Acks[] = [];
      let next = 0;
      for (const minAcks of [120, 10, 60]) {
        const acks = await runAndKill(path, next, minAcks, mode);
        rounds.push(acks);
        expect(acks.violations).toStrictEqual([]);
        expect(acks.batches.size).toBeGreaterThanOrEqual(minAcks);
        // The kill left committed pages in the WAL for the next open to recover.
        expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
        next = (await checkConsistent(path, rounds)) + 1;
        expect(next).toBeGreaterThanOrEqual(Math.max(...acks.batches.keys()) + 1);
      }
    }, 120_000);
  }
});
