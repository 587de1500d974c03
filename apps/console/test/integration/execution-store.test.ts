import { rmSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { literals, literalMap } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../server/src/index.js";
import { grpcClient, newDataDir, PD, registerFixtures, start, WF } from "../../../server/test/server-fixture.js";
import { ExecutionStore, TOP } from "../../src/execution/execution-store.js";

const lp = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version: "v1" });

/** Polls the way the page does (without the 1 s pause) until the store says to stop. */
async function pollToEnd(store: ExecutionStore, maxRounds = 400): Promise<number> {
  for (let i = 1; i <= maxRounds; i++) {
    if (!(await store.poll())) return i;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`still polling after ${maxRounds} rounds: ${Phase[store.execution?.closure?.phase ?? 0]}`);
}

describe("ExecutionStore against a real server over Connect (the console's transport)", { timeout: 90_000 }, () => {
  const dir = newDataDir();
  let server: RunningServer;
  let changes = 0;
  beforeAll(async () => {
    server = await start(dir);
    await registerFixtures(grpcClient(server.url), "v1");
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const storeFor = (name: string) =>
    new ExecutionStore({
      client: createClient(AdminService, createConnectTransport({ baseUrl: server.url, useBinaryFormat: true })),
      id: { $typeName: "flyteidl.core.WorkflowExecutionIdentifier", ...PD, name, org: "" },
      onChange: () => changes++,
    });

  it("follows an execution to its end: nodes, attempts, compiled closure, then stops", async () => {
    const admin = grpcClient(server.url);
    await admin.createExecution({
      ...PD,
      name: "store-quad",
      spec: { launchPlan: lp(`${WF}.quad`) },
      inputs: literalMap({ x: literals.integer(3) }),
    });
    const store = storeFor("store-quad");
    const before = changes;
    await pollToEnd(store);
    expect(store.terminal).toBe(true);
    expect(store.execution?.closure?.phase).toBe(Phase.SUCCEEDED);
    expect(changes).toBeGreaterThan(before);
    const top = store.lists.get(TOP) ?? [];
    const tasks = top.filter((n) => n.closure?.targetMetadata.case === "taskNodeMetadata");
    expect(tasks.map((n) => n.id?.nodeId).sort()).toEqual(["n0", "n1"]);
    expect(tasks.every((n) => n.closure?.phase === NodePhase.SUCCEEDED)).toBe(true);
    // Attempts arrive after the rows; wait for the last ones.
    for (let i = 0; i < 100 && !tasks.every((n) => store.taskExecutions.has(n.id?.nodeId ?? "")); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(store.taskExecutions.get("n0")?.length).toBe(1);
    expect(store.taskExecutions.get("n0")?.[0]?.closure?.logs.length).toBeGreaterThan(0);
    for (let i = 0; i < 100 && !store.closure; i++) await new Promise((r) => setTimeout(r, 20));
    expect(store.closure?.primary?.template?.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["n0", "n1"]));
    // Terminal: another round reads the execution only and still says stop.
    expect(await store.poll()).toBe(false);
  });

  it("lists a child workflow's node with the child execution it launched", async () => {
    const admin = grpcClient(server.url);
    await admin.createExecution({
      ...PD,
      name: "store-parent",
      spec: { launchPlan: lp(`${WF}.viaLaunchPlan`) },
      inputs: literalMap({ x: literals.integer(2) }),
    });
    const store = storeFor("store-parent");
    await pollToEnd(store);
    const node = (store.lists.get(TOP) ?? []).find((n) => n.closure?.targetMetadata.case === "workflowNodeMetadata");
    const meta = node?.closure?.targetMetadata;
    expect(meta?.case === "workflowNodeMetadata" ? meta.value.executionId?.name : "").not.toBe("");
  });

  it("reports a missing execution with the server's message and stops polling", async () => {
    const store = storeFor("does-not-exist");
    expect(await store.poll()).toBe(false);
    expect(store.error).toMatch(/does-not-exist/);
    expect(store.execution).toBeUndefined();
  });
});
