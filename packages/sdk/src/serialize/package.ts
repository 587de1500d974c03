import { create, toBinary } from "@bufbuild/protobuf";
import { LaunchPlanSchema, type LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSpecSchema, type TaskSpec } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema, type WorkflowSpec } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import { entityOf } from "../entities/callable.js";
import type { Entity } from "../entities/entity.js";
import { LaunchPlanEntity } from "../entities/launch-plan-entity.js";
import { TaskEntity } from "../entities/task-entity.js";
import { WorkflowEntity } from "../entities/workflow-entity.js";
import { DEFAULT_IMAGE, type SerializeConfig } from "./config.js";
import { requireName } from "./identifiers.js";
import { launchPlanMessage } from "./launch-plan.js";
import { taskTemplate } from "./task-template.js";
import { workflowSpec } from "./workflow-template.js";

/** One loaded user module: its path relative to the package root and its exports. */
export interface ModuleExports {
  readonly modulePath: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** One file of a Flyte package. */
export type PackageEntry =
  | {
      readonly fileName: string;
      readonly kind: "task";
      readonly name: string;
      readonly message: TaskSpec;
      readonly bytes: Uint8Array;
    }
  | {
      readonly fileName: string;
      readonly kind: "workflow";
      readonly name: string;
      readonly message: WorkflowSpec;
      readonly bytes: Uint8Array;
    }
  | {
      readonly fileName: string;
      readonly kind: "launchPlan";
      readonly name: string;
      readonly message: LaunchPlan;
      readonly bytes: Uint8Array;
    };

/** A serialized package: its files, and the registered entities it uses by reference. */
export interface Package {
  readonly entries: PackageEntry[];
  readonly references: Entity[];
}

/** `examples/basic/hello.ts` → `examples.basic.hello` (flytekit's module naming). */
export function moduleName(modulePath: string): string {
  return modulePath
    .replace(/\\/g, "/")
    .replace(/^\.\//, "")
    .replace(/\.(m|c)?(t|j)sx?$/, "")
    .split("/")
    .filter((p) => p !== "")
    .join(".");
}

/** Names every exported entity `<module>.<export>` (unless named explicitly) and returns them in order. */
export function nameEntities(modules: readonly ModuleExports[]): Entity[] {
  const out: Entity[] = [];
  for (const m of modules) {
    for (const [exportName, value] of Object.entries(m.exports)) {
      const entity = entityOf(value);
      if (!entity || entity.reference || out.includes(entity)) continue;
      if (entity.naming.exportName === undefined) {
        entity.naming.module = moduleName(m.modulePath);
        entity.naming.modulePath = m.modulePath.replace(/\\/g, "/").replace(/^\.\//, "");
        entity.naming.exportName = exportName;
      }
      out.push(entity);
    }
  }
  return out;
}

/**
 * Serializes the entities exported by `modules` (and everything they use) into the files of a
 * Flyte package, in registration order: each entity after the entities it needs.
 */
export async function buildPackage(
  modules: readonly ModuleExports[],
  config: SerializeConfig = { image: DEFAULT_IMAGE },
): Promise<Package> {
  const roots = nameEntities(modules);
  const ordered: Entity[] = [];
  const specs = new Map<WorkflowEntity, WorkflowSpec>();
  const defaults = new Map<WorkflowEntity, LaunchPlanEntity>();
  const seen = new Set<Entity>();
  const references = new Set<Entity>();
  const visit = async (e: Entity): Promise<void> => {
    if (seen.has(e) || e.reference) return;
    seen.add(e);
    if (e instanceof TaskEntity && e.variant.kind === "map") await visit(e.variant.map.of);
    if (e instanceof LaunchPlanEntity) await visit(e.workflow);
    if (e instanceof WorkflowEntity) {
      const { spec, collected } = await workflowSpec(e);
      specs.set(e, spec);
      for (const t of collected.tasks) await visit(t);
      for (const w of collected.workflows) await visit(w);
      for (const lp of collected.launchPlans) await visit(lp);
      for (const r of collected.references) references.add(r);
    }
    ordered.push(e);
    if (e instanceof WorkflowEntity) {
      const lp = new LaunchPlanEntity({
        iface: e.iface,
        workflow: e,
        settings: {},
        definedAt: e.definedAt,
        isDefault: true,
      });
      defaults.set(e, lp);
      ordered.push(lp);
    }
  };
  for (const r of roots) await visit(r);
  checkUniqueNames(ordered);
  const entries: PackageEntry[] = [];
  for (const [i, e] of ordered.entries()) {
    const name = requireName(e);
    const prefix = `${String(i).padStart(3, "0")}_${name}`;
    if (e instanceof TaskEntity) {
      const message = create(TaskSpecSchema, {
        template: taskTemplate(e, config),
        ...(e.description ? { description: { shortDescription: e.description } } : {}),
      });
      entries.push({
        fileName: `${prefix}_1.pb`,
        kind: "task",
        name,
        message,
        bytes: toBinary(TaskSpecSchema, message),
      });
    } else if (e instanceof WorkflowEntity) {
      const message = specs.get(e) ?? (await workflowSpec(e)).spec;
      entries.push({
        fileName: `${prefix}_2.pb`,
        kind: "workflow",
        name,
        message,
        bytes: toBinary(WorkflowSpecSchema, message),
      });
    } else if (e instanceof LaunchPlanEntity) {
      const message = await launchPlanMessage(e);
      entries.push({
        fileName: `${prefix}_3.pb`,
        kind: "launchPlan",
        name,
        message,
        bytes: toBinary(LaunchPlanSchema, message),
      });
    }
  }
  return { entries, references: [...references] };
}

function checkUniqueNames(entities: readonly Entity[]): void {
  const byName = new Map<string, Entity>();
  for (const e of entities) {
    const key = `${e.kind}:${requireName(e)}`;
    const other = byName.get(key);
    if (other && other !== e) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidEntity,
        `two different ${e.kind === "launchPlan" ? "launch plans" : `${e.kind}s`} are named '${requireName(e)}' (defined at ${other.definedAt} and ${e.definedAt})`,
      );
    }
    byName.set(key, e);
  }
}
