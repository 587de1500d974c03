import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { literalMap, literals } from "@flyte-ts/idl";
import { FileStore } from "@flyte-ts/storage";
import { executeTaskEntity, map, t, task, waitForSignal, workflow } from "@flyte-ts/sdk";
import { Engine, InProcessPlugin, MemoryEventSink, MemorySignalSource, SqliteStateStore } from "../src/index.js";
import { newRunner, until } from "./support/engine-test-kit.js";

const dir = mkdtempSync(join(tmpdir(), "engine-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let calls = 0;
const square = task({ name: "sq_sqlite", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
  calls++;
  return x * x;
});
const join2 = task(
  { name: "join_sqlite", inputs: { xs: t.list(t.int), s: t.string }, outputs: t.string },
  ({ xs, s }) => `${s}:${xs.join(",")}`,
);
const wf = workflow({ name: "wf_sqlite", inputs: { xs: t.list(t.int) }, outputs: t.string }, ({ xs }) =>
  join2({ xs: map(square)({ x: xs }), s: waitForSignal("label", t.string) }),
);

describe("the engine on a real SQLite file and file:// blobs", () => {
  it("runs, stops, and a new engine over the same files resumes and finishes without redoing work", async () => {
    const closure = (await newRunner().prepare(wf.entity)).closure;
    const dbPath = join(dir, "state.db");
    const blobs = new FileStore({ root: pathToFileURL(join(dir, "blobs")).href });
    const signals = new MemorySignalSource();
    const make = (store: SqliteStateStore) =>
      new Engine({
        store,
        sink: new MemoryEventSink(),
        blobs,
        signals,
        plugins: [
          new InProcessPlugin({
            taskTypes: ["ts-task"],
            tasks: {
              // The map's sub-node runs the mapped task's body (the array node names it map_<task>).
              map_sq_sqlite: (i) => executeTaskEntity(square.entity, i),
              join_sqlite: (i) => executeTaskEntity(join2.entity, i),
            },
          }),
        ],
        metadataPrefix: pathToFileURL(join(dir, "blobs", "metadata")).href,
        rawOutputPrefix: pathToFileURL(join(dir, "blobs", "raw")).href,
        settings: { sweepIntervalMs: 0 },
      });
    const store1 = new SqliteStateStore({ path: dbPath });
    const one = make(store1);
    const id = { project: "p", domain: "d", name: "sqlite-1" };
    await one.createExecution({
      id,
      closure,
      inputs: literalMap({ xs: literals.collection([1, 2, 3].map((x) => literals.integer(x))) }),
    });
    await until(
      async () =>
        signals.pending().length === 1 &&
        (await store1.getNodes(id)).some((n) => n.specNodeId === "n0" && n.phase === "Succeeded"),
    );
    expect(calls).toBe(3);
    await one.close();
    await store1.close();

    const store2 = new SqliteStateStore({ path: dbPath });
    const two = make(store2);
    expect(await two.resume()).toEqual([id]);
    signals.set(id, "label", literals.string("sq"));
    const result = await two.waitFor(id);
    expect(result.record.phase).toBe("Succeeded");
    expect(result.outputs?.literals.o0).toEqual(literals.string("sq:1,4,9"));
    expect(calls).toBe(3);
    const events = await store2.listEvents(id);
    expect(events.length).toBeGreaterThan(10);
    await two.close();
    await store2.close();
  });
});
