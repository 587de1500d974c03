import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { create, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { literalMap, literals } from "@flyte-ts/idl";
import { MatchableResource, MatchingAttributesSchema } from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { Resources_ResourceName as R, type Resources } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage } from "@flyte-ts/sdk";
import { FileStore } from "@flyte-ts/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminManagers, createAdminServices } from "../../src/index.js";
import { createExecutionServices } from "../../src/execution-services.js";
import type { LaunchRequest } from "../../src/managers/execution-launcher.js";
import { SETTINGS_ANNOTATIONS } from "../../src/managers/execution-settings.js";
import type { ExecutionSettingsConfig } from "../../src/managers/execution-settings-config.js";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import type { AttributeScope } from "../../src/persistence/repositories/matchable-attributes-repository.js";
import { createRepositories, withTransaction } from "../../src/persistence/repositories.js";
import { startRpcServer, type RpcServer } from "../../src/transport/server.js";
import { hydrate } from "../registration/snacks-package.js";
import * as fixtures from "./fixtures/settings-tasks.js";

const PD = { project: "flytesnacks", domain: "development" };
const WF = "test.executions.fixtures.settings-tasks.settingsWf";
const lp = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version: "v1" });

const GLOBAL: ExecutionSettingsConfig = {
  maxParallelism: 25,
  rawOutputPrefix: "file:///global-raw",
  labels: { team: "platform" },
  serviceAccount: "global-sa",
  executionClusterLabel: "global-cluster",
  taskResources: { defaults: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "16", memory: "64Gi", gpu: "1" } },
};

/** Admin on a real SQLite file and loopback server; the "engine" records what it was asked to run. */
describe("settings by scope at CreateExecution (matchable attributes, brief §8.3)", { timeout: 60_000 }, () => {
  let dir: string;
  let database: Database;
  let server: RpcServer;
  let client: Client<typeof AdminService>;
  const launched = new Map<string, LaunchRequest>();

  const put = async (
    scope: Partial<AttributeScope>,
    type: MatchableResource,
    target: MessageInitShape<typeof MatchingAttributesSchema>["target"],
  ) =>
    createRepositories(database.db).matchableAttributes.put({
      scope: { project: PD.project, domain: "", workflow: "", launchPlan: "", ...scope },
      resourceType: MatchableResource[type],
      attributes: toBinary(
        MatchingAttributesSchema,
        create(MatchingAttributesSchema, { target } as MessageInitShape<typeof MatchingAttributesSchema>),
      ),
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
  const run = async (name: string, launchPlan: string, spec: object = {}) => {
    await client.createExecution({
      ...PD,
      name,
      spec: { launchPlan: lp(launchPlan), ...spec },
      inputs: literalMap({ x: literals.integer(1) }),
    });
    return client.getExecution({ id: { ...PD, name } });
  };
  const resourcesOf = (name: string, task: string): Resources | undefined => {
    const t = launched.get(name)?.closure.tasks.find((x) => x.template?.id?.name.endsWith(task));
    return t?.template?.target.case === "container" ? t.template.target.value.resources : undefined;
  };
  const entries = (list: Resources["requests"] | undefined) =>
    Object.fromEntries((list ?? []).map((e) => [R[e.name], e.value]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "flyte-settings-"));
    database = await openDatabase({ dialect: "sqlite", dataDir: dir });
    const repositories = createRepositories(database.db);
    const transaction = <T>(fn: (r: typeof repositories) => Promise<T>) => withTransaction(database.db, fn);
    const managers = createAdminManagers({ repositories, transaction });
    const root = pathToFileURL(join(dir, "blobs")).href;
    const services = createExecutionServices({
      repositories,
      transaction,
      managers,
      blobs: new FileStore({ root }),
      storagePrefix: root,
      launcher: {
        launch: (r) => Promise.resolve(void launched.set(r.id.name, r)),
        abort: () => Promise.resolve(),
      },
      settings: GLOBAL,
    });
    const admin = await createAdminServices({ repositories, transaction, managers, extraAdminRpcs: services.impl });
    server = await startRpcServer({ host: "127.0.0.1", port: 0, services: admin });
    client = createClient(AdminService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
    const pkg = await buildPackage([{ modulePath: "test/executions/fixtures/settings-tasks.ts", exports: fixtures }]);
    const scope = { ...PD, version: "v1" };
    for (const e of pkg.entries) {
      const m = hydrate(e.message, scope) as never;
      if (e.kind === "task") await client.createTask({ id: (m as { template: { id: never } }).template.id, spec: m });
      if (e.kind === "workflow")
        await client.createWorkflow({ id: (m as { template: { id: never } }).template.id, spec: m });
      if (e.kind === "launchPlan")
        await client.createLaunchPlan({ id: (m as { id: never }).id, spec: (m as { spec: never }).spec });
    }
  });
  afterAll(async () => {
    await server.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("with no attributes stored, the global config fills every unset field", async () => {
    const ex = await run("global-only", "settings_lp");
    const spec = ex.spec;
    expect(spec?.maxParallelism).toBe(25);
    expect(spec?.rawOutputDataConfig?.outputLocationPrefix).toBe("file:///global-raw");
    expect(spec?.labels?.values).toEqual({ team: "platform" });
    expect(spec?.securityContext?.runAs?.k8sServiceAccount).toBe("global-sa");
    expect(spec?.executionClusterLabel?.value).toBe("global-cluster");
    expect(launched.get("global-only")?.maxParallelism).toBe(25);
  });

  it("launch plan > workflow > project+domain > project > global, field by field; the request wins over all", async () => {
    await put({}, MatchableResource.WORKFLOW_EXECUTION_CONFIG, {
      case: "workflowExecutionConfig",
      value: { maxParallelism: 7, labels: { values: { team: "project" } }, interruptible: false },
    });
    await put({ domain: PD.domain }, MatchableResource.WORKFLOW_EXECUTION_CONFIG, {
      case: "workflowExecutionConfig",
      value: { rawOutputDataConfig: { outputLocationPrefix: "s3://pd-raw" }, interruptible: true },
    });
    await put({ domain: PD.domain, workflow: WF }, MatchableResource.WORKFLOW_EXECUTION_CONFIG, {
      case: "workflowExecutionConfig",
      value: { overwriteCache: true, securityContext: { runAs: { k8sServiceAccount: "wf-sa" } } },
    });
    await put({ domain: PD.domain, launchPlan: "settings_lp" }, MatchableResource.WORKFLOW_EXECUTION_CONFIG, {
      case: "workflowExecutionConfig",
      value: { maxParallelism: 3 },
    });
    await put({ domain: PD.domain }, MatchableResource.EXECUTION_QUEUE, {
      case: "executionQueueAttributes",
      value: { tags: ["gpu", "critical"] },
    });
    await put({}, MatchableResource.EXECUTION_CLUSTER_LABEL, {
      case: "executionClusterLabel",
      value: { value: "east" },
    });

    const viaLp = (await run("scoped-lp", "settings_lp")).spec;
    expect(viaLp?.maxParallelism).toBe(3); // launch plan level
    expect(viaLp?.overwriteCache).toBe(true); // workflow level
    expect(viaLp?.securityContext?.runAs?.k8sServiceAccount).toBe("wf-sa");
    expect(viaLp?.rawOutputDataConfig?.outputLocationPrefix).toBe("s3://pd-raw"); // project+domain
    expect(viaLp?.interruptible).toBe(true); // project+domain over project
    expect(viaLp?.labels?.values).toEqual({ team: "project" }); // project over global
    expect(viaLp?.executionClusterLabel?.value).toBe("east");
    expect(viaLp?.annotations?.values[SETTINGS_ANNOTATIONS.executionQueue]).toBe("gpu,critical");
    const sent = launched.get("scoped-lp");
    expect(sent).toMatchObject({ maxParallelism: 3, overwriteCache: true, interruptible: true });

    const other = (await run("scoped-other", "settings_other_lp")).spec;
    expect(other?.maxParallelism).toBe(7); // no launch plan level for this one: project
    expect(other?.overwriteCache).toBe(true);

    const asked = (
      await run("scoped-request", "settings_lp", {
        maxParallelism: 11,
        interruptible: false,
        labels: { values: { team: "mine" } },
        rawOutputDataConfig: { outputLocationPrefix: "file:///mine" },
      })
    ).spec;
    expect(asked?.maxParallelism).toBe(11);
    expect(asked?.interruptible).toBe(false);
    expect(asked?.labels?.values).toEqual({ team: "mine" });
    expect(asked?.rawOutputDataConfig?.outputLocationPrefix).toBe("file:///mine");
  });

  it("task resources: unset requests take the scoped default, requests and limits are clamped, and the execution says so", async () => {
    await put({ domain: PD.domain }, MatchableResource.TASK_RESOURCE, {
      case: "taskResourceAttributes",
      value: { defaults: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "4", memory: "8Gi" } },
    });
    const ex = await run("resources", "settings_lp");
    const modest = resourcesOf("resources", "modest");
    expect(entries(modest?.requests)).toEqual({ CPU: "500m", MEMORY: "1Gi" });
    expect(entries(modest?.limits)).toEqual({ CPU: "500m", MEMORY: "1Gi" });
    const greedy = resourcesOf("resources", "greedy");
    expect(entries(greedy?.requests)).toEqual({ CPU: "4", MEMORY: "100Mi" });
    expect(entries(greedy?.limits)).toEqual({ CPU: "4", MEMORY: "8Gi" });
    const note = ex.spec?.annotations?.values[SETTINGS_ANNOTATIONS.taskResources] ?? "";
    expect(note).toContain("greedy: cpu request 8 lowered to the limit 4 (project+domain TASK_RESOURCE)");
    expect(note).toContain("greedy: memory limit 64Gi lowered to 8Gi (project+domain TASK_RESOURCE)");
    expect(note).toContain("modest: cpu request set to the default 500m (project+domain TASK_RESOURCE)");
    // GPU: only a global limit, and no task asked for one: nothing is invented.
    expect(entries(greedy?.requests).GPU).toBeUndefined();
  });

  it("the project's labels are added; the execution's own value wins on a shared key", async () => {
    await client.updateProject({
      id: PD.project,
      name: PD.project,
      labels: { values: { "cost-center": "ml", team: "from-project" } },
    });
    const spec = (await run("project-labels", "settings_lp")).spec;
    expect(spec?.labels?.values).toEqual({ "cost-center": "ml", team: "project" });
  });
});
