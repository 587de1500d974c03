import { NamedEntityState } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { describe, expect, it } from "vitest";
import type { ListOptions, Page } from "../../../src/persistence/filters/list-query.js";
import type { Repositories } from "../../../src/persistence/repositories.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, execId, nodeExecution, T0, taskExecution } from "./fixtures.js";

const COUNT = 5;
const ds = { project: "p", name: "ds", domain: "d", version: "1" };
const node = { executionId: execId("a1"), nodeId: "n0" };

/** Every paged list method: how to seed `COUNT` rows (row `i` created at T0 + i) and list them. */
const LISTS: Record<
  string,
  { seed(r: Repositories, i: number): Promise<unknown>; list(r: Repositories, o: ListOptions): Promise<Page<unknown>> }
> = {
  projects: {
    seed: (r, i) =>
      r.projects.create({
        id: `p${i}`,
        name: "",
        description: "",
        labels: null,
        state: 0,
        createdAt: T0 + i,
        updatedAt: T0,
      }),
    list: (r, o) => r.projects.list(o),
  },
  namedEntities: {
    seed: (r, i) =>
      r.namedEntities.ensure({
        resourceType: ResourceType.TASK,
        project: "p",
        domain: "d",
        name: `t${i}`,
        description: "",
        state: NamedEntityState.NAMED_ENTITY_ACTIVE,
        createdAt: T0 + i,
        updatedAt: T0,
      }),
    list: (r, o) => r.namedEntities.list({ resourceType: ResourceType.TASK, project: "p", domain: "d" }, o),
  },
  nodeExecutions: {
    seed: (r, i) =>
      r.nodeExecutions.create(nodeExecution({ id: { executionId: execId("a1"), nodeId: `n${i}` }, createdAt: T0 + i })),
    list: (r, o) => r.nodeExecutions.list({ executionId: execId("a1") }, o),
  },
  taskExecutions: {
    seed: (r, i) =>
      r.taskExecutions.create(
        taskExecution({ id: { ...taskExecution().id, nodeExecutionId: node, retryAttempt: i }, createdAt: T0 + i }),
      ),
    list: (r, o) => r.taskExecutions.list(node, o),
  },
  signals: {
    seed: (r, i) =>
      r.signals.getOrCreate({
        id: { executionId: execId("a1"), signalId: `s${i}` },
        type: bytes(),
        value: null,
        createdAt: T0 + i,
        updatedAt: T0,
      }),
    list: (r, o) => r.signals.list(execId("a1"), o),
  },
  datasets: {
    seed: (r, i) =>
      r.datasets.create({
        id: { ...ds, version: `v${i}` },
        uuid: `u${i}`,
        metadata: null,
        partitionKeys: [],
        createdAt: T0 + i,
      }),
    list: (r, o) => r.datasets.list(o),
  },
  artifacts: {
    async seed(r, i) {
      if (i === 0) await r.datasets.create({ id: ds, uuid: "u", metadata: null, partitionKeys: [], createdAt: T0 });
      await r.artifacts.create({
        datasetId: ds,
        artifactId: `a${i}`,
        data: [],
        partitions: [],
        metadata: null,
        createdAt: T0 + i,
      });
    },
    list: (r, o) => r.artifacts.list(ds, {}, o),
  },
};

export function paginationContract(target: ContractTarget): void {
  describe("every list pages the same way", () => {
    const ctx = useFreshDatabase(target);
    for (const [name, l] of Object.entries(LISTS)) {
      it(`${name}: limit 2 gives pages of 2, 2, 1 covering every row once; tokens are offsets; "" ends`, async () => {
        for (let i = 0; i < COUNT; i++) await l.seed(ctx.repos, i);
        const sizes: number[] = [];
        const tokens: string[] = [];
        const seen = new Set<string>();
        let token = "";
        for (let guard = 0; guard < 10; guard++) {
          const page = await l.list(ctx.repos, {
            limit: 2,
            token,
            sortBy: { key: "created_at", direction: "ASCENDING" },
          });
          sizes.push(page.items.length);
          for (const item of page.items) seen.add(JSON.stringify(item));
          token = page.token;
          tokens.push(token);
          if (token === "") break;
        }
        expect(sizes).toEqual([2, 2, 1]);
        expect(tokens).toEqual(["2", "4", ""]);
        expect(seen.size).toBe(COUNT);
        const beyond = await l.list(ctx.repos, { limit: 2, token: "100" });
        expect(beyond).toEqual({ items: [], token: "" });
      });
    }
  });
}
