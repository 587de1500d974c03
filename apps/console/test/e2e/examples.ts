import type { Client } from "@connectrpc/connect";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage, type ModuleExports } from "@flyte-ts/sdk";
import * as basicWorkflow from "../../../../examples/basic-workflow.js";
import * as conditions from "../../../../examples/conditions.js";
import * as gates from "../../../../examples/gates.js";
import * as launchPlans from "../../../../examples/launch-plans.js";
import * as mapTask from "../../../../examples/map-task.js";
import * as subworkflows from "../../../../examples/subworkflows.js";

export const PD = { project: "flytesnacks", domain: "development" } as const;
export const VERSION = "v1";

/** The SDK examples the console tests register, as `flyte package` finds them (module paths from the repo root). */
export const EXAMPLE_MODULES: ModuleExports[] = [
  { modulePath: "examples/basic-workflow.ts", exports: { ...basicWorkflow } },
  { modulePath: "examples/conditions.ts", exports: { ...conditions } },
  { modulePath: "examples/subworkflows.ts", exports: { ...subworkflows } },
  { modulePath: "examples/map-task.ts", exports: { ...mapTask } },
  { modulePath: "examples/gates.ts", exports: { ...gates } },
  { modulePath: "examples/launch-plans.ts", exports: { ...launchPlans } },
];

type Admin = Client<typeof AdminService>;

/** Fills project, domain and version into every entity identifier (as `flytectl register` does). */
function hydrate<T extends object>(message: T): T {
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || v instanceof Uint8Array) continue;
    const o = v as Record<string, unknown>;
    if (o.$typeName === "flyteidl.core.Identifier") {
      if (o.project === "") o.project = PD.project;
      if (o.domain === "") o.domain = PD.domain;
      if (o.version === "") o.version = VERSION;
      continue;
    }
    stack.push(...(Array.isArray(v) ? (v as unknown[]) : Object.values(o)));
  }
  return message;
}

/** Registers the examples' tasks, workflows and launch plans; returns the launch plan names. */
export async function registerExamples(client: Admin): Promise<string[]> {
  const pkg = await buildPackage(EXAMPLE_MODULES);
  const launchPlanNames: string[] = [];
  for (const e of pkg.entries) {
    if (e.kind === "task") {
      const spec = hydrate(e.message);
      await client.createTask({ id: spec.template?.id, spec });
    } else if (e.kind === "workflow") {
      const spec = hydrate(e.message);
      await client.createWorkflow({ id: spec.template?.id, spec });
    } else {
      const lp = hydrate(e.message);
      await client.createLaunchPlan({ id: lp.id, spec: lp.spec });
      launchPlanNames.push(lp.id?.name ?? "");
    }
  }
  return launchPlanNames;
}

export const launchPlanId = (name: string) => ({
  resourceType: ResourceType.LAUNCH_PLAN,
  ...PD,
  name,
  version: VERSION,
});

export async function launch(client: Admin, name: string, launchPlan: string, inputs: LiteralMap): Promise<void> {
  await client.createExecution({ ...PD, name, spec: { launchPlan: launchPlanId(launchPlan) }, inputs });
}

const TERMINAL = new Set([Phase.SUCCEEDED, Phase.FAILED, Phase.ABORTED, Phase.TIMED_OUT]);

export async function waitForExecution(
  client: Admin,
  name: string,
  until: (e: Execution) => boolean = (e) => TERMINAL.has(e.closure?.phase ?? Phase.UNDEFINED),
  timeoutMs = 60_000,
): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await client.getExecution({ id: { ...PD, name } });
    if (until(e)) return e;
    if (Date.now() > deadline) throw new Error(`${name} still ${Phase[e.closure?.phase ?? 0]} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
