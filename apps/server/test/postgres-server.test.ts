import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { literals, literalMap } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, describe, expect, it } from "vitest";
import { startPostgresCluster } from "../../../packages/admin/test/support/postgres-cluster.js";
import { loadServerConfig, startServer } from "../src/index.js";
import { grpcClient, newDataDir, PD, registerFixtures, SERVER_ROOT, waitFor, WF } from "./server-fixture.js";

// A throwaway PostgreSQL cluster for the control plane (the engine's state stays in SQLite).
const started = await startPostgresCluster();

if (!started.ok) {
  console.warn(`[server on postgres] SKIPPED: ${started.reason}`);
  describe("startServer on PostgreSQL", { timeout: 90_000 }, () => {
    it.skip(`skipped: PostgreSQL could not be started (${started.reason.split("\n")[0] ?? ""})`, () => {});
  });
} else {
  const { cluster } = started;
  const dir = newDataDir();
  afterAll(() => {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("startServer on PostgreSQL", () => {
    it("runs a TS workflow with admin on PostgreSQL: 10 concurrent executions, every event accepted", async () => {
      const config = loadServerConfig({
        overrides: { port: 0, dataDir: dir, database: { url: cluster.url }, engine: { codeRoot: SERVER_ROOT } },
        home: tmpdir(),
        cwd: SERVER_ROOT,
      });
      const errors: unknown[] = [];
      const server = await startServer({ config, onError: (e) => errors.push(e) });
      try {
        const client = grpcClient(server.url);
        await registerFixtures(client, "v1");
        const names = Array.from({ length: 10 }, (_, i) => `pg-${i}`);
        await Promise.all(
          names.map((name, i) =>
            client.createExecution({
              ...PD,
              name,
              spec: {
                launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.quad`, version: "v1" },
              },
              inputs: literalMap({ x: literals.integer(i) }),
            }),
          ),
        );
        const done = await Promise.all(names.map((n) => waitFor(client, n, undefined, 60_000)));
        expect(done.map((e) => Phase[e.closure?.phase ?? 0])).toEqual(names.map(() => "SUCCEEDED"));
        const out = await client.getExecutionData({ id: { ...PD, name: "pg-9" } });
        expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(36));
        expect(errors).toEqual([]);
      } finally {
        await server.close();
      }
    });
  });
}
