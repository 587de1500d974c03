import { tmpdir } from "node:os";
import { literalMap, literals } from "@flyte-ts/idl";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { buildPackage, launchPlan } from "@flyte-ts/sdk";
import { loadServerConfig, startServer, type RunningServer } from "../../../server/src/index.js";
import { quad } from "../../../server/test/fixtures/tasks.js";
import { grpcClient, PD, registerFixtures, SERVER_ROOT } from "../../../server/test/server-fixture.js";

/** `flyte start` over `dataDir` with one task slot in all (a second task waits for the first), the server fixtures registered. */
export async function startOneSlotServer(dataDir: string): Promise<RunningServer> {
  const config = loadServerConfig({
    overrides: {
      port: 0,
      dataDir,
      engine: { codeRoot: SERVER_ROOT, workers: 2 },
      resources: { global: { slots: 1 }, recheckMs: 200 },
    },
    home: tmpdir(),
    cwd: SERVER_ROOT,
  });
  const server = await startServer({ config });
  await registerFixtures(grpcClient(server.url), "v1");
  return server;
}

const nightly = launchPlan(quad, { name: "nightly_quad" });

/** `nightly_quad`: quad with x fixed to 3, every day at 02:00 UTC, notifying by email on failure and on Slack when it succeeds or is aborted; version v1 or v2. */
export async function registerNightly(server: RunningServer, version: string): Promise<void> {
  const pkg = await buildPackage([{ modulePath: "test/fixtures/tasks.ts", exports: { nightly } }]);
  const entry = pkg.entries.find((e) => e.kind === "launchPlan" && e.message.id?.name === "nightly_quad");
  if (entry?.kind !== "launchPlan") throw new Error("no launch plan built");
  const lp = entry.message;
  for (const id of [lp.id, lp.spec?.workflowId]) {
    if (id) Object.assign(id, { ...PD, version: id === lp.id ? version : "v1" });
  }
  const spec = lp.spec;
  if (!spec) throw new Error("no spec");
  spec.fixedInputs = literalMap({ x: literals.integer(3) });
  spec.defaultInputs = { $typeName: "flyteidl.core.ParameterMap", parameters: {} };
  spec.entityMetadata = {
    $typeName: "flyteidl.admin.LaunchPlanMetadata",
    schedule: {
      $typeName: "flyteidl.admin.Schedule",
      kickoffTimeInputArg: "",
      ScheduleExpression: { case: "cronExpression", value: "0 2 * * *" },
    },
    notifications: [
      {
        $typeName: "flyteidl.admin.Notification",
        phases: [Phase.FAILED],
        type: {
          case: "email",
          value: {
            $typeName: "flyteidl.admin.EmailNotification",
            recipientsEmail: ["oncall@example.com"],
            template: "",
          },
        },
      },
      {
        $typeName: "flyteidl.admin.Notification",
        phases: [Phase.SUCCEEDED, Phase.ABORTED],
        type: {
          case: "slack",
          value: { $typeName: "flyteidl.admin.SlackNotification", recipientsEmail: ["#pipelines"], template: "" },
        },
      },
    ],
  };
  await grpcClient(server.url).createLaunchPlan({ id: lp.id, spec });
}
