import { randomBytes } from "node:crypto";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { literalMap, literals } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { FileStore } from "@flyte-ts/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDataProxyService,
  createRepositories,
  formatFlyteUrl,
  startRpcServer,
  type RpcServer,
} from "../../src/index.js";
import { PD, registerFixtures, startExecutionFixture, type ExecutionFixture } from "../executions/execution-fixture.js";
import { waitForExecution } from "../executions/wait-for.js";

const NAME = "dp-sum";

/** GetData over an execution the engine really ran (admin + engine + worker pool, SQLite, file://). */
describe("DataProxyService.GetData on an execution run by the engine", { timeout: 90_000 }, () => {
  let f: ExecutionFixture;
  let proxyServer: RpcServer;
  let proxy: Client<typeof DataProxyService>;
  beforeAll(async () => {
    f = await startExecutionFixture();
    await registerFixtures(f.connect, "v1");
    await f.grpc.createExecution({
      ...PD,
      name: NAME,
      spec: { launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "sum_default_b", version: "v1" } },
      inputs: literalMap({ a: literals.integer(3) }),
    });
    const done = await waitForExecution(f.grpc, { ...PD, name: NAME });
    expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
    // The fixture's store root: execution inputs live at <root>/metadata/<project>/<domain>/<name>/inputs.
    const inputsUrl = (await f.grpc.getExecutionData({ id: { ...PD, name: NAME } })).inputs?.url ?? "";
    const root = inputsUrl.slice(0, inputsUrl.indexOf("/metadata/"));
    expect(root).toMatch(/^file:\/\/\//);
    const late: { url?: string } = {};
    const dp = createDataProxyService({
      blobs: new FileStore({ root }),
      storagePrefix: root,
      publicUrl: () => late.url ?? "",
      secret: randomBytes(32),
      repositories: createRepositories(f.database.db),
    });
    proxyServer = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [dp.service],
      extraHandlers: [dp.handler],
    });
    late.url = proxyServer.url;
    proxy = createClient(DataProxyService, createGrpcTransport({ baseUrl: proxyServer.url }));
  });
  afterAll(async () => {
    await proxyServer.close();
    await f.close();
  });

  const url = (nodeId: string, io: "i" | "o", extra: { attempt?: number; variable?: string } = {}) =>
    formatFlyteUrl({ ...PD, execution: NAME, nodeId, io, ...extra });

  it("returns what GetNodeExecutionData returns, as a map or one literal", async () => {
    const exec = { ...PD, name: NAME };
    for (const nodeId of ["n0", "n1"]) {
      const data = await f.grpc.getNodeExecutionData({ id: { executionId: exec, nodeId } });
      expect((await proxy.getData({ flyteUrl: url(nodeId, "i") })).data.value).toEqual(data.fullInputs);
      expect((await proxy.getData({ flyteUrl: url(nodeId, "o") })).data.value).toEqual(data.fullOutputs);
    }
    // sum(a=3, b=2): n1's output is the workflow's result.
    const o0 = await proxy.getData({ flyteUrl: url("n1", "o", { variable: "o0" }) });
    expect(o0.data).toEqual({ case: "literal", value: literals.integer(7) });
    const attempt = await proxy.getData({ flyteUrl: url("n1", "i", { attempt: 0, variable: "a" }) });
    expect(attempt.data).toEqual({ case: "literal", value: literals.integer(5) });
  });

  it("GetNodeExecutionData and GetTaskExecutionData return flyte_urls that GetData resolves", async () => {
    const exec = { ...PD, name: NAME };
    const node = await f.grpc.getNodeExecutionData({ id: { executionId: exec, nodeId: "n1" } });
    expect(node.flyteUrls).toMatchObject({ inputs: url("n1", "i"), outputs: url("n1", "o") });
    expect(node.flyteUrls?.deck).toBe(`flyte://v1/${PD.project}/${PD.domain}/${NAME}/n1/d`);
    expect((await proxy.getData({ flyteUrl: node.flyteUrls?.outputs ?? "" })).data.value).toEqual(node.fullOutputs);
    const tasks = await f.grpc.listTaskExecutions({ nodeExecutionId: { executionId: exec, nodeId: "n1" }, limit: 10 });
    const first = tasks.taskExecutions[0];
    const attempt = await f.grpc.getTaskExecutionData({ id: first?.id });
    expect(attempt.flyteUrls?.inputs).toBe(url("n1", "i", { attempt: first?.id?.retryAttempt ?? 0 }));
    expect((await proxy.getData({ flyteUrl: attempt.flyteUrls?.inputs ?? "" })).data.value).toEqual(attempt.fullInputs);
  });
});
