/**
 * What the engine's local runner needs from SDK internals, and nothing more: the entities a
 * workflow uses, running a task body on literals, and expanding a dynamic task into its
 * DynamicJobSpec. No behaviour of its own: each function calls the code remote runs use, so a
 * local run and a remote run of the same entity agree.
 */
import type { DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { buildGraph } from "../authoring/build-graph.js";
import type { GraphNode } from "../authoring/graph.js";
import type { Entity } from "../entities/entity.js";
import { LaunchPlanEntity } from "../entities/launch-plan-entity.js";
import { TaskEntity } from "../entities/task-entity.js";
import { collectOutputs, inputsFromLiterals, outputsToLiterals, type RunOptions } from "../entities/task-run.js";
import { WorkflowEntity } from "../entities/workflow-entity.js";
import { DEFAULT_IMAGE, type SerializeConfig } from "../serialize/config.js";
import { dynamicJobSpec } from "../serialize/dynamic-job.js";

/** Every entity reachable from `nodes` (tasks, sub-workflows, launch plans and their workflows, mapped tasks). */
export function entitiesInGraph(nodes: readonly GraphNode[], out: Set<Entity> = new Set()): Set<Entity> {
  const visitEntity = (e: Entity): void => {
    if (out.has(e)) return;
    out.add(e);
    if (e instanceof WorkflowEntity) entitiesInGraph(e.nodes, out);
    if (e instanceof LaunchPlanEntity) visitEntity(e.workflow);
    if (e instanceof TaskEntity && e.variant.kind === "map") visitEntity(e.variant.map.of);
  };
  const visitNode = (n: GraphNode): void => {
    const t = n.target;
    switch (t.kind) {
      case "task":
      case "workflow":
      case "launchPlan":
        visitEntity(t.entity);
        break;
      case "array":
        visitEntity(t.entity);
        visitNode(t.array.sub);
        break;
      case "branch":
        for (const c of t.branch.cases) visitNode(c.node);
        if ("node" in t.branch.otherwise) visitNode(t.branch.otherwise.node);
        break;
      case "gate":
        break;
    }
  };
  for (const n of nodes) visitNode(n);
  return out;
}

/** Every entity `entity` uses, itself included. */
export function entitiesUsedBy(entity: Entity): Entity[] {
  const out = new Set<Entity>([entity]);
  if (entity instanceof WorkflowEntity) entitiesInGraph(entity.nodes, out);
  if (entity instanceof LaunchPlanEntity) {
    out.add(entity.workflow);
    entitiesInGraph(entity.workflow.nodes, out);
  }
  if (entity instanceof TaskEntity && entity.variant.kind === "map") out.add(entity.variant.map.of);
  return [...out];
}

/** Runs a function task's body on literal inputs, exactly as the task runtime does. */
export async function executeTaskEntity(
  entity: TaskEntity,
  inputs: LiteralMap,
  opts: RunOptions = {},
): Promise<LiteralMap> {
  if (entity.variant.kind !== "function") throw new TypeError(`${entity.label} has no TypeScript body to run`);
  const values = await inputsFromLiterals(entity.label, entity.iface, inputs, opts);
  const returned = await entity.variant.fn(values);
  const outputs = await collectOutputs(entity.label, entity.iface, returned, opts);
  return outputsToLiterals(entity.label, entity.iface, outputs, opts);
}

/**
 * Runs a dynamic task's body on literal inputs and returns the workflow it built.
 * `beforeSerialize` sees the entities the body used (so a caller can name unnamed ones).
 */
export async function expandDynamicEntity(
  entity: TaskEntity,
  inputs: LiteralMap,
  opts: RunOptions & { readonly config?: SerializeConfig; readonly beforeSerialize?: (used: Entity[]) => void } = {},
): Promise<DynamicJobSpec> {
  if (entity.variant.kind !== "dynamic") throw new TypeError(`${entity.label} is not a dynamic task`);
  const values = await inputsFromLiterals(entity.label, entity.iface, inputs, opts);
  const graph = buildGraph(entity.label, entity.iface, entity.variant.fn, values);
  opts.beforeSerialize?.([...entitiesInGraph(graph.nodes)]);
  return dynamicJobSpec(entity, graph, opts.config ?? { image: DEFAULT_IMAGE });
}
