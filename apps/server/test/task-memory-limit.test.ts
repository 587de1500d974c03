import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { literalMap, literals } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServerConfig, startServer, type RunningServer } from "../src/index.js";
import * as memoryTasks from "./fixtures/memory-tasks.js";
import { grpcClient, newDataDir, PD, registerFixtures, SERVER_ROOT, waitFor } from "./server-fixture.js";

const MODULE = "test.fixtures.memory-tasks";

// flyte start with a global task memory default of 128Mi (below the RSS of the Node runtime that
// runs TS tasks): small tasks succeed, a task that outgrows 128 MiB fails at once with OOMKilled.
describe("flyte start: a 128Mi task memory default", { timeout: 90_000 }, () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = newDataDir();
    const config = loadServerConfig({
      overrides: {
        port: 0,
        dataDir: dir,
        engine: { codeRoot: SERVER_ROOT, workers: 2 },
        executions: { taskResources: { defaults: { memory: "128Mi" } } },
      },
      home: tmpdir(),
      cwd: SERVER_ROOT,
    });
    server = await startServer({ config });
    await registerFixtures(grpcClient(server.url), "v1", [
      { modulePath: "test/fixtures/memory-tasks.ts", exports: memoryTasks },
    ]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const launch = (name: string, wf: string, inputs: Parameters<typeof literalMap>[0] = {}) =>
    grpcClient(server.url).createExecution({
      ...PD,
      name,
      spec: { launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${MODULE}.${wf}`, version: "v1" } },
      inputs: literalMap(inputs),
    });

  /** How many attempts the execution's task node (n0) made. */
  const attemptsOf = async (name: string): Promise<number> => {
    const client = grpcClient(server.url);
    const nodes = await client.listNodeExecutions({ workflowExecutionId: { ...PD, name }, limit: 100 });
    const node = nodes.nodeExecutions.find((n) => n.id?.nodeId === "n0");
    expect(node).toBeDefined();
    return (await client.listTaskExecutions({ nodeExecutionId: node?.id, limit: 10 })).taskExecutions.length;
  };

  it("a small task runs to success in one attempt (the limit is not spent on the runtime)", async () => {
    await launch("small", "smallNapWf", { ms: literals.integer(500) });
    const done = await waitFor(grpcClient(server.url), "small");
    expect(done.closure?.phase).toBe(Phase.SUCCEEDED);
    expect(await attemptsOf("small")).toBe(1);
  });

  it("a task that outgrows its limit fails promptly, once, with OOMKilled naming the limit and the RSS", async () => {
    const client = grpcClient(server.url);
    const t0 = Date.now();
    await launch("hog", "hogWf");
    const done = await waitFor(client, "hog");
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(done.closure?.phase).toBe(Phase.FAILED);
    const error = done.closure?.outputResult.case === "error" ? done.closure.outputResult.value : undefined;
    expect(error?.code).toContain("OOMKilled");
    expect(error?.message).toMatch(/memory limit of 128 MiB[\s\S]*measured RSS \d+ MiB/);
    // USER + recoverable, as Flyte records an OOMKilled pod: the task's retries (none) apply, not
    // the system budget.
    expect(await attemptsOf("hog")).toBe(1);
  });
});
