import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { WorkflowExecutionEventRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import pgLib from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkEgressConfig } from "../../src/egress/egress-config.js";
import { EventEgress } from "../../src/egress/event-egress.js";
import { EventManager } from "../../src/managers/event-manager.js";
import { startPostgresCluster } from "../support/postgres-cluster.js";
import {
  EVENTS_PER_EXECUTION,
  openAdminDb,
  PD,
  queuedExecution,
  runExecution,
  startReceiver,
  waitFor,
  type AdminDb,
  type Receiver,
} from "./egress-harness.js";

const EXPECTED_ORDER = [
  "com.flyte.workflow_execution.phase:RUNNING",
  "com.flyte.node_execution.phase:QUEUED",
  "com.flyte.node_execution.phase:RUNNING",
  "com.flyte.task_execution.phase:QUEUED",
  "com.flyte.task_execution.phase:RUNNING",
  "com.flyte.task_execution.phase:SUCCEEDED",
  "com.flyte.node_execution.phase:SUCCEEDED",
  "com.flyte.workflow_execution.phase:SUCCEEDING",
  "com.flyte.workflow_execution.phase:SUCCEEDED",
];

const { Client } = pgLib;

const readLines = (path: string): Record<string, unknown>[] =>
  existsSync(path)
    ? readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

/** Per execution (subject), the `type:phase` sequence it received. */
function bySubject(events: Record<string, unknown>[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of events) {
    const list = out.get(e.subject as string) ?? [];
    list.push(`${e.type as string}:${e.flytephase as string}`);
    out.set(e.subject as string, list);
  }
  return out;
}

// The same suite on SQLite and on a throwaway PostgreSQL cluster (skipped, saying why, without one).
const pg = await startPostgresCluster();
if (!pg.ok) {
  describe("event egress on PostgreSQL", () => {
    it.skip(`skipped: PostgreSQL could not be started (${pg.reason.split("\n")[0] ?? ""})`, () => {});
  });
}
let databases = 0;
const DIALECTS: { name: string; open: () => Promise<AdminDb> }[] = [
  { name: "SQLite", open: () => openAdminDb() },
  ...(pg.ok
    ? [
        {
          name: "PostgreSQL",
          open: async () => {
            const name = `egress_${++databases}`;
            const admin = new Client({ connectionString: pg.cluster.url });
            await admin.connect();
            await admin.query(`create database ${name}`);
            await admin.end();
            return openAdminDb(pg.cluster.urlFor(name));
          },
        },
      ]
    : []),
];
afterAll(() => {
  if (pg.ok) pg.cluster.stop();
});

describe.each(DIALECTS)(
  "event egress on $name: accepted execution events as CloudEvents, at least once and in order per execution",
  ({ open }) => {
    let db: AdminDb;
    let receiver: Receiver;
    let egress: EventEgress | undefined;
    const errors: unknown[] = [];
    beforeEach(async () => {
      db = await open();
      errors.length = 0;
    });
    afterEach(async () => {
      await egress?.close();
      egress = undefined;
      await receiver.close();
      await db.close();
    });

    const startEgress = (filePath: string) => {
      egress = new EventEgress({
        db: db.database.db,
        config: {
          sinks: [
            { type: "webhook", url: receiver.url },
            { type: "file", path: filePath },
          ],
          source: "test/admin",
          retry: { initialMs: 5, maxMs: 40 },
          pollMs: 50,
        },
        onError: (e) => errors.push(e),
      });
      egress.start();
      return new EventManager({ context: db.context, egress });
    };

    it("a webhook that fails every 3rd POST and a file sink each get every event once, in order, as CloudEvents 1.0", async () => {
      receiver = await startReceiver(3);
      const file = join(db.dir, "egress", "events.jsonl");
      const events = startEgress(file);
      const names = ["e0", "e1", "e2", "e3", "e4", "e5"];
      for (const n of names) await queuedExecution(db, n);
      await Promise.all(names.map((n) => runExecution(events, n)));
      const total = names.length * EVENTS_PER_EXECUTION;
      await waitFor("webhook deliveries", () => receiver.accepted.length >= total);
      await waitFor("file lines", () => readLines(file).length >= total);
      expect(receiver.refused).toBeGreaterThan(0);
      expect(errors.length).toBe(receiver.refused);
      for (const got of [receiver.accepted, readLines(file)]) {
        expect(got.length).toBe(total);
        expect(new Set(got.map((e) => e.id)).size).toBe(total);
        const seen = bySubject(got);
        expect([...seen.keys()].sort()).toEqual(names.map((n) => `ex:${PD.project}:${PD.domain}:${n}`));
        for (const sequence of seen.values()) expect(sequence).toEqual(EXPECTED_ORDER);
      }
      expect(new Set(receiver.contentTypes)).toEqual(new Set(["application/cloudevents+json; charset=utf-8"]));
      const first = receiver.accepted.find((e) => e.subject === "ex:flytesnacks:development:e0");
      expect(first).toMatchObject({
        specversion: "1.0",
        source: "test/admin",
        type: "com.flyte.workflow_execution.phase",
        datacontenttype: "application/json",
        flytephase: "RUNNING",
        data: { executionId: { ...PD, name: "e0" }, phase: "RUNNING", producerId: "e" },
      });
      expect(first?.id).toMatch(/^flytesnacks\/development\/e0\/\d+$/);
      expect(Number.isNaN(Date.parse(first?.time as string))).toBe(false);
      const task = receiver.accepted.find((e) => e.type === "com.flyte.task_execution.phase");
      expect(task).toMatchObject({ flytenodeid: "n0", flyteretryattempt: 0 });
      // The same ids reach both sinks (stable per event).
      expect(new Set(readLines(file).map((e) => e.id))).toEqual(new Set(receiver.accepted.map((e) => e.id)));
      // Everything acknowledged by both sinks can go.
      expect(await egress?.prune()).toBe(total);
    });

    it("a rejected event (duplicate phase) publishes nothing: the outbox row rolls back with it", async () => {
      receiver = await startReceiver(0);
      const file = join(db.dir, "events.jsonl");
      const events = startEgress(file);
      await queuedExecution(db, "dup");
      const running = create(WorkflowExecutionEventRequestSchema, {
        event: { executionId: { ...PD, name: "dup" }, phase: Phase.RUNNING, producerId: "e" },
      });
      await events.workflowEvent(running);
      await expect(events.workflowEvent(running)).rejects.toMatchObject({ code: "EventAlreadyExists" });
      await waitFor("delivery", () => receiver.accepted.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.accepted.length).toBe(1);
      expect(readLines(file).length).toBe(1);
    });

    it("a sink that is down does not hold back event acceptance; after a restart it catches up from its cursor, losing nothing", async () => {
      receiver = await startReceiver(0);
      receiver.down = true;
      const file = join(db.dir, "events.jsonl");
      let events = startEgress(file);
      for (const n of ["a0", "a1"]) await queuedExecution(db, n);
      const started = Date.now();
      await Promise.all(["a0", "a1"].map((n) => runExecution(events, n)));
      // Accepting 18 events does not wait for the webhook's retries.
      expect(Date.now() - started).toBeLessThan(5000);
      await waitFor("file sink", () => readLines(file).length === 2 * EVENTS_PER_EXECUTION);
      await waitFor("retries", () => receiver.refused >= 3);
      expect(receiver.accepted.length).toBe(0);
      // Stop (as a shutdown would), bring the receiver back, start again on the same database.
      await egress?.close();
      receiver.down = false;
      events = startEgress(file);
      await queuedExecution(db, "a2");
      await runExecution(events, "a2");
      await waitFor("catch-up", () => receiver.accepted.length >= 3 * EVENTS_PER_EXECUTION);
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.accepted.length).toBe(3 * EVENTS_PER_EXECUTION);
      for (const sequence of bySubject(receiver.accepted).values()) expect(sequence).toEqual(EXPECTED_ORDER);
      // The file sink resumed after its cursor: no event written twice.
      const lines = readLines(file);
      expect(lines.length).toBe(3 * EVENTS_PER_EXECUTION);
      expect(new Set(lines.map((e) => e.id)).size).toBe(lines.length);
    });
  },
);

describe("egress config validation", () => {
  it("names every bad field", () => {
    const { problems, config } = checkEgressConfig({
      sinks: [{ type: "webhook", url: "ftp://x" }, { type: "kafka" }, { type: "file" }, "x"],
      retry: { initialMs: -1 },
      extra: 1,
    });
    expect(config).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("egress.sinks[0].url must be an http(s) URL"),
        expect.stringContaining("egress.sinks[1].type must be one of webhook, file"),
        expect.stringContaining("egress.sinks[2].path must be a file path"),
        expect.stringContaining("egress.sinks[3] must be a mapping"),
        expect.stringContaining("egress.retry.initialMs"),
        expect.stringContaining("unknown key egress.extra"),
      ]),
    );
  });
  it("accepts webhook and file sinks", () => {
    expect(
      checkEgressConfig({
        sinks: [
          { type: "webhook", url: "http://h/e" },
          { type: "file", path: "/tmp/e.jsonl" },
        ],
      }),
    ).toEqual({
      problems: [],
      config: {
        sinks: [
          { type: "webhook", url: "http://h/e" },
          { type: "file", path: "/tmp/e.jsonl" },
        ],
      },
    });
  });
});
