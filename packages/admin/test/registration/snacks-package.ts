import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { LaunchPlanSchema, type LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSpecSchema, type TaskSpec } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema, type WorkflowSpec } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";

export const SNACKS_DIR = "/work/shared/conformance/flyte-compiler/snacks-core";

export type SnackEntry =
  | { kind: "task"; file: string; spec: TaskSpec }
  | { kind: "workflow"; file: string; spec: WorkflowSpec }
  | { kind: "launchPlan"; file: string; spec: LaunchPlan };

export interface Scope {
  project: string;
  domain: string;
  version: string;
}

/**
 * Fills project, domain and version into every task, workflow and launch-plan identifier of a
 * message (its own id, node references, sub-workflows, a launch plan's workflow), as
 * `flytectl register files` does before sending a package.
 */
export function hydrate<T extends object>(message: T, scope: Scope): T {
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || v === undefined || typeof v !== "object" || v instanceof Uint8Array) continue;
    if (Array.isArray(v)) {
      stack.push(...(v as unknown[]));
      continue;
    }
    const o = v as Record<string, unknown>;
    if (o.$typeName === "flyteidl.core.Identifier") {
      const t = o.resourceType as ResourceType;
      if (t === ResourceType.TASK || t === ResourceType.WORKFLOW || t === ResourceType.LAUNCH_PLAN) {
        for (const k of ["project", "domain", "version"] as const) if (o[k] === "") o[k] = scope[k];
      }
      continue;
    }
    stack.push(...Object.values(o));
  }
  return message;
}

/** The package's entries in file order (the order `flytectl register` sends them). */
export function readSnacks(scope: Scope): SnackEntry[] {
  const files = readdirSync(SNACKS_DIR)
    .filter((f) => f.endsWith(".pb"))
    .sort();
  return files.map((file): SnackEntry => {
    const bytes = readFileSync(join(SNACKS_DIR, file));
    if (file.endsWith("_1.pb")) return { kind: "task", file, spec: hydrate(fromBinary(TaskSpecSchema, bytes), scope) };
    if (file.endsWith("_2.pb"))
      return { kind: "workflow", file, spec: hydrate(fromBinary(WorkflowSpecSchema, bytes), scope) };
    return { kind: "launchPlan", file, spec: hydrate(fromBinary(LaunchPlanSchema, bytes), scope) };
  });
}

/** Sends one package entry the way flytectl does: CreateTask / CreateWorkflow / CreateLaunchPlan. */
export async function register(client: Client<typeof AdminService>, e: SnackEntry): Promise<void> {
  switch (e.kind) {
    case "task":
      await client.createTask({ id: e.spec.template?.id, spec: e.spec });
      return;
    case "workflow":
      await client.createWorkflow({ id: e.spec.template?.id, spec: e.spec });
      return;
    case "launchPlan":
      await client.createLaunchPlan({ id: e.spec.id, spec: e.spec.spec });
      return;
  }
}
