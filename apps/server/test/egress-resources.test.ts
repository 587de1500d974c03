import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import Sqlite from "better-sqlite3";
import { literalMap, literals } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServerConfig, startServer, type RunningServer } from "../src/index.js";
import { grpcClient, newDataDir, PD, registerFixtures, SERVER_ROOT, waitFor, WF } from "./server-fixture.js";

const lines = (path: string): Record<string, unknown>[] =>
  existsSync(path)
    ? readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

// flyte start with `egress` (a JSON-lines file sink) and `resources` (one task slot): three
// executions queue for the slot, say why, and every event they produce lands in the file.
describe(
  "flyte start: event egress, the engine's resource manager, global execution settings",
  { timeout: 90_000 },
  () => {
    let dir: string;
    let server: RunningServer;
    const errors: unknown[] = [];
    const sink = () => join(dir, "egress", "events.jsonl");
    beforeAll(async () => {
      dir = newDataDir();
      const config = loadServerConfig({
        overrides: {
          port: 0,
          dataDir: dir,
          engine: { codeRoot: SERVER_ROOT, workers: 2 },
          egress: { sinks: [{ type: "file", path: join(dir, "egress", "events.jsonl") }], pollMs: 50 },
          resources: { global: { slots: 1 } },
          executions: { maxParallelism: 9, taskResources: { defaults: { cpu: "250m", memory: "1Gi" } } },
        },
        home: tmpdir(),
        cwd: SERVER_ROOT,
      });
      server = await startServer({ config, onError: (e) => errors.push(e) });
      await registerFixtures(grpcClient(server.url), "v1");
    });
    afterAll(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("attempts beyond the slot wait with a reason admin shows; every accepted event is published in order", async () => {
      const client = grpcClient(server.url);
      const names = ["slot-a", "slot-b", "slot-c"];
      for (const name of names) {
        await client.createExecution({
          ...PD,
          name,
          spec: {
            launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.napThenDouble`, version: "v1" },
          },
          inputs: literalMap({ ms: literals.integer(200) }),
        });
      }
      for (const name of names) {
        const done = await waitFor(client, name);
        expect(done.closure?.phase).toBe(Phase.SUCCEEDED);
        // The global execution settings reached the stored spec.
        expect(done.spec?.maxParallelism).toBe(9);
        expect(done.spec?.annotations?.values["flyte-ts.io/task-resources"]).toContain(
          "cpu request set to the default 250m (global config)",
        );
      }
      const reasons: string[] = [];
      for (const name of names) {
        const nodes = await client.listNodeExecutions({ workflowExecutionId: { ...PD, name }, limit: 100 });
        for (const n of nodes.nodeExecutions) {
          const attempts = await client.listTaskExecutions({ nodeExecutionId: n.id, limit: 10 });
          for (const a of attempts.taskExecutions) reasons.push(...(a.closure?.reasons ?? []).map((r) => r.message));
        }
      }
      expect(reasons.some((r) => r.startsWith("waiting for resources: all 1 task slots are in use"))).toBe(true);
      // The file sink caught up with every event of the three executions, in order per execution.
      const expected = names.map((n) => eventCount(dir, n)).reduce((a, b) => a + b, 0);
      const deadline = Date.now() + 10_000;
      while (lines(sink()).length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const got = lines(sink());
      expect(got.length).toBe(expected);
      for (const name of names) {
        const mine = got.filter((e) => e.subject === `ex:${PD.project}:${PD.domain}:${name}`);
        expect(mine[0]).toMatchObject({ type: "com.flyte.workflow_execution.phase", flytephase: "RUNNING" });
        expect(mine[mine.length - 1]).toMatchObject({
          type: "com.flyte.workflow_execution.phase",
          flytephase: "SUCCEEDED",
        });
      }
      expect(
        got.some((e) => e.type === "com.flyte.task_execution.phase" && e.flytephase === "WAITING_FOR_RESOURCES"),
      ).toBe(true);
      expect(errors).toEqual([]);
    });
  },
);

/** Events admin accepted for an execution (its append-only log), read-only from the server's database. */
function eventCount(dataDir: string, name: string): number {
  const db = new Sqlite(join(dataDir, "flyte.db"), { readonly: true });
  try {
    const row = db.prepare("select count(*) as n from events where name = ?").get(name) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}
