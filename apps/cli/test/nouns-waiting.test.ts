import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { literalMap, literals } from "@flyte-ts/idl";
import { NodeExecution_Phase, TaskExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { buildPackage, launchPlan } from "@flyte-ts/sdk";
import { loadServerConfig, startServer, type RunningServer } from "@flyte-ts/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { napThenDouble } from "../../server/test/fixtures/tasks.js";
import { grpcClient, PD, registerFixtures, SERVER_ROOT, waitFor, WF } from "../../server/test/server-fixture.js";
import { runCli } from "./helpers.js";

/** A launch plan with notifications on two phase sets, registered next to the fixtures. */
const alerting = launchPlan(napThenDouble, {
  name: "alerting_nap",
  notifications: [
    { on: ["failed", "timedOut"], email: ["oncall@example.com", "lead@example.com"] },
    { on: ["succeeded"], slack: ["#pipelines"] },
  ],
});

let dir: string;
let home: string;
let server: RunningServer;
const client = () => grpcClient(server.url);
const cli = (args: string[]) => runCli(args, { env: { FLYTE_ENDPOINT: server.url, HOME: home } });

async function registerAlerting(): Promise<void> {
  const pkg = await buildPackage([{ modulePath: "test/fixtures/tasks.ts", exports: { alerting } }]);
  for (const e of pkg.entries) {
    if (e.kind !== "launchPlan") continue;
    const lp = e.message;
    for (const id of [lp.id, lp.spec?.workflowId]) {
      if (id)
        Object.assign(id, {
          project: id.project || PD.project,
          domain: id.domain || PD.domain,
          version: id.version || "v1",
        });
    }
    await client().createLaunchPlan({ id: lp.id, spec: lp.spec });
  }
}

// `flyte start` with a resources quota of one task slot: a second execution's node waits for it.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "flyte-cli-waiting-"));
  home = mkdtempSync(join(tmpdir(), "flyte-cli-home-"));
  const config = loadServerConfig({
    overrides: {
      port: 0,
      dataDir: dir,
      engine: { codeRoot: SERVER_ROOT, workers: 2 },
      resources: { global: { slots: 1 }, recheckMs: 200 },
    },
    home: tmpdir(),
    cwd: SERVER_ROOT,
  });
  server = await startServer({ config });
  await registerFixtures(client(), "v1");
  await registerAlerting();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const napPlan = { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.napThenDouble`, version: "v1" };

async function launch(name: string, ms: number, spec: Record<string, unknown> = {}): Promise<void> {
  await client().createExecution({
    ...PD,
    name,
    spec: { launchPlan: napPlan, ...spec },
    inputs: literalMap({ ms: literals.integer(ms) }),
  });
}

/** Waits until node n0 of an execution has an attempt waiting for resources. */
async function untilWaiting(name: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const nodes = await client().listNodeExecutions({ workflowExecutionId: { ...PD, name }, limit: 100 });
    const n0 = nodes.nodeExecutions.find((n) => n.id?.nodeId === "n0");
    if (n0?.closure?.phase === NodeExecution_Phase.QUEUED) {
      const attempts = await client().listTaskExecutions({ nodeExecutionId: n0.id, limit: 10 });
      if (attempts.taskExecutions.some((t) => t.closure?.phase === TaskExecution_Phase.WAITING_FOR_RESOURCES)) return;
    }
    if (Date.now() > deadline) throw new Error(`${name}: n0 never waited for resources`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("waiting reasons and notifications against flyte start with a one-slot quota", { timeout: 90_000 }, () => {
  it("the second execution's node shows WAITING_FOR_RESOURCES with its reason", async () => {
    await launch("slot-holder", 4000);
    await waitFor(client(), "slot-holder", (e) => e.closure?.phase === Phase.RUNNING);
    await launch("slot-waiter", 50);
    await untilWaiting("slot-waiter");

    const nodes = await cli(["get", "node-execution", "slot-waiter"]);
    expect(nodes.code, nodes.stderr).toBe(0);
    expect(nodes.stdout.split("\n")[0]).toMatch(/CHILDREN\s+REASON\s+ERROR$/);
    expect(nodes.stdout).toMatch(/^n0\s+n0\s+QUEUED\s.*waiting for resources: all 1 task slots are in use/m);
    // JSON stays the node execution message (no table-only column).
    const json = await cli(["get", "node-execution", "slot-waiter", "-o", "json"]);
    expect(json.stdout).not.toContain("REASON");

    const attempts = await cli(["get", "task-execution", "slot-waiter", "n0"]);
    expect(attempts.code, attempts.stderr).toBe(0);
    expect(attempts.stdout.split("\n")[0]).toMatch(/DURATION\s+REASON\s+LOGS$/);
    expect(attempts.stdout).toMatch(
      /^0\s+\S+nap\s+v1\s+WAITING_FOR_RESOURCES\s.*waiting for resources: all 1 task slots/m,
    );

    const watch = await cli(["execution", "watch", "slot-waiter"]);
    expect(watch.code, watch.stderr).toBe(0);
    expect(watch.stderr).toMatch(/^ {2}n0 +\S*nap +QUEUED +waiting for resources: all 1 task slots are in use/m);
    // Seen queued, then finished between two polls: it still ran for the nap, not 0 ms.
    expect(watch.stderr).toMatch(/^ {2}n0 +\S*nap +RUNNING$/m);
    expect(watch.stderr).toMatch(/^ {2}n0 +\S*nap +SUCCEEDED +(?!0ms)\d/m);

    // Finished: the attempt ran, so its old wait is no reason any more.
    const done = await cli(["get", "task-execution", "slot-waiter", "n0"]);
    expect(done.stdout).toMatch(/^0\s+\S+nap\s+v1\s+SUCCEEDED\s+\S+\s+\S+\s+-\s/m);
    const doneNodes = await cli(["get", "node-execution", "slot-waiter"]);
    expect(doneNodes.stdout).not.toContain("waiting for resources");
  });

  it("get launchplan shows a version's notifications; get execution its overrides", async () => {
    const lp = await cli(["get", "launchplan", "alerting_nap", "--latest"]);
    expect(lp.code, lp.stderr).toBe(0);
    expect(lp.stdout.split("\n")[0]).toMatch(/NEXT RUN\s+NOTIFICATIONS$/);
    expect(lp.stdout).toContain(
      "FAILED,TIMED_OUT → email oncall@example.com,lead@example.com; SUCCEEDED → slack #pipelines",
    );
    const yaml = await cli(["get", "launchplan", "alerting_nap", "--version", "v1", "-o", "yaml"]);
    expect(yaml.stdout).toMatch(
      /notifications:\n\s+- phases:\n\s+- FAILED\n\s+- TIMED_OUT\n\s+email:\n\s+recipients_email:\n\s+- oncall@example.com/,
    );
    const asJson = JSON.parse((await cli(["get", "launchplan", "alerting_nap", "--latest", "-o", "json"])).stdout) as {
      spec: { entity_metadata: { notifications: { phases: string[]; slack?: { recipients_email: string[] } }[] } };
    };
    expect(asJson.spec.entity_metadata.notifications[1]).toMatchObject({
      phases: ["SUCCEEDED"],
      slack: { recipients_email: ["#pipelines"] },
    });

    await launch("quiet-run", 10, { notificationOverrides: { case: "disableAll", value: true } });
    await launch("paged-run", 10, {
      notificationOverrides: {
        case: "notifications",
        value: {
          notifications: [
            { phases: [Phase.FAILED], type: { case: "pagerDuty", value: { recipientsEmail: ["pd@example.com"] } } },
          ],
        },
      },
    });
    const quiet = await cli(["get", "execution", "quiet-run"]);
    expect(quiet.stdout.split("\n")[0]).toMatch(/TAGS\s+NOTIFICATIONS\s+ERROR$/);
    expect(quiet.stdout).toMatch(/^quiet-run\s.*\s-\s+disabled\s+-$/m);
    const paged = await cli(["get", "execution", "paged-run"]);
    expect(paged.stdout).toContain("FAILED → pagerduty pd@example.com");
    const plain = await cli(["get", "execution", "slot-holder"]);
    expect(plain.stdout).toMatch(/^slot-holder\s.*\s-\s+-\s+-$/m);
  });
});
