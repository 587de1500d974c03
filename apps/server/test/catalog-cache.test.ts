import { rmSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { literalMap, literals } from "@flyte-ts/idl";
import { CatalogCacheStatus } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { DataCatalog } from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import { buildPackage } from "@flyte-ts/sdk";
import { afterAll, describe, expect, it } from "vitest";
import * as serialized from "./fixtures/serialized-cache.js";
import { grpcClient, newDataDir, PD, registerFixtures, start, waitFor, WF } from "./server-fixture.js";

const dirs: string[] = [];
const SERIAL = "test.fixtures.serialized-cache";

/** Registers the serialized-cache fixture module, filling project, domain and version into its ids. */
async function registerSerialized(admin: ReturnType<typeof grpcClient>): Promise<void> {
  const pkg = await buildPackage([{ modulePath: "test/fixtures/serialized-cache.ts", exports: serialized }]);
  const fill = (v: unknown): void => {
    if (v === null || typeof v !== "object" || v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    if (o.$typeName === "flyteidl.core.Identifier") Object.assign(o, { ...PD, version: "v1" });
    else for (const child of Array.isArray(v) ? (v as unknown[]) : Object.values(o)) fill(child);
  };
  for (const e of pkg.entries) {
    fill(e.message);
    if (e.kind === "task") await admin.createTask({ id: e.message.template?.id, spec: e.message });
    else if (e.kind === "workflow") await admin.createWorkflow({ id: e.message.template?.id, spec: e.message });
    else await admin.createLaunchPlan({ id: e.message.id, spec: e.message.spec });
  }
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("flyte start: the task cache is the DataCatalog", { timeout: 90_000 }, () => {
  it("a second execution hits the artifact the first one wrote, and the DataCatalog RPCs serve it", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const errors: unknown[] = [];
    const server = await start(dir, errors);
    try {
      const admin = grpcClient(server.url);
      await registerFixtures(admin, "v1");
      const run = async (name: string) => {
        await admin.createExecution({
          ...PD,
          name,
          spec: {
            launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.squareWf`, version: "v1" },
          },
          inputs: literalMap({ n: literals.integer(12) }),
        });
        const done = await waitFor(admin, name);
        expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
        expect((await admin.getExecutionData({ id: { ...PD, name } })).fullOutputs?.literals.o0).toEqual(
          literals.integer(144),
        );
        const node = await admin.getNodeExecution({ id: { executionId: { ...PD, name }, nodeId: "n0" } });
        const meta = node.closure?.targetMetadata;
        if (meta?.case !== "taskNodeMetadata") throw new Error(`${name}: n0 has no task node metadata`);
        return meta.value;
      };
      const first = await run("cache-first");
      const second = await run("cache-second");
      expect(CatalogCacheStatus[first.cacheStatus]).toBe("CACHE_POPULATED");
      expect(CatalogCacheStatus[second.cacheStatus]).toBe("CACHE_HIT");
      const key = second.catalogKey;
      const artifactId = key?.artifactTag?.artifactId ?? "";
      expect(artifactId).not.toBe("");
      expect(key?.sourceExecution.case).toBe("sourceTaskExecution");
      if (key?.sourceExecution.case === "sourceTaskExecution") {
        expect(key.sourceExecution.value.nodeExecutionId?.executionId?.name).toBe("cache-first");
      }

      // The same entry through the DataCatalog service flyte start serves (Connect JSON).
      const catalog = createClient(DataCatalog, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
      const ds = key?.datasetId;
      const dataset = {
        project: ds?.project ?? "",
        domain: ds?.domain ?? "",
        name: ds?.name ?? "",
        version: ds?.version ?? "",
      };
      expect(dataset.name).toBe(`flyte_task-${WF}.cachedSquare`);
      expect(dataset.version).toMatch(/^1-[A-Za-z0-9_-]{8}-[A-Za-z0-9_-]{8}$/);
      const got = await catalog.getArtifact({
        dataset,
        queryHandle: { case: "tagName", value: key?.artifactTag?.name ?? "" },
      });
      expect(got.artifact?.id).toBe(artifactId);
      expect(got.artifact?.data.map((d) => [d.name, d.value])).toEqual([["o0", literals.integer(144)]]);
      expect(got.artifact?.metadata?.keyMap["execution-name"]).toBe("cache-first");
      const listed = await catalog.listArtifacts({ dataset });
      expect(listed.artifacts.map((a) => a.id)).toEqual([artifactId]);
      const datasets = await catalog.listDatasets({
        filter: {
          filters: [
            { propertyFilter: { case: "datasetFilter", value: { property: { case: "name", value: dataset.name } } } },
          ],
        },
      });
      expect(datasets.datasets.map((d) => d.id?.version)).toEqual([dataset.version]);
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("cache_serialize: of two runs started together only the reservation holder runs; the other waits and hits", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const errors: unknown[] = [];
    const server = await start(dir, errors);
    try {
      const admin = grpcClient(server.url);
      await registerSerialized(admin);
      const names = ["serial-a", "serial-b"];
      for (const name of names) {
        await admin.createExecution({
          ...PD,
          name,
          spec: {
            launchPlan: {
              resourceType: ResourceType.LAUNCH_PLAN,
              ...PD,
              name: `${SERIAL}.slowSquareWf`,
              version: "v1",
            },
          },
          inputs: literalMap({ n: literals.integer(5) }),
        });
      }
      const statuses: string[] = [];
      const sources: string[] = [];
      for (const name of names) {
        const done = await waitFor(admin, name, undefined, 30_000);
        expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
        expect((await admin.getExecutionData({ id: { ...PD, name } })).fullOutputs?.literals.o0).toEqual(
          literals.integer(25),
        );
        const node = await admin.getNodeExecution({ id: { executionId: { ...PD, name }, nodeId: "n0" } });
        const meta = node.closure?.targetMetadata;
        if (meta?.case !== "taskNodeMetadata") throw new Error(`${name}: n0 has no task node metadata`);
        statuses.push(CatalogCacheStatus[meta.value.cacheStatus] ?? "?");
        const src = meta.value.catalogKey?.sourceExecution;
        sources.push(src?.case === "sourceTaskExecution" ? (src.value.nodeExecutionId?.executionId?.name ?? "") : "");
      }
      // Without the reservation both would miss and run (two CACHE_POPULATED).
      expect([...statuses].sort()).toEqual(["CACHE_HIT", "CACHE_POPULATED"]);
      const writer = names[statuses.indexOf("CACHE_POPULATED")];
      expect(sources[statuses.indexOf("CACHE_HIT")]).toBe(writer);
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
