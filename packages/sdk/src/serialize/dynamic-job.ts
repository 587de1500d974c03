import { create } from "@bufbuild/protobuf";
import { DynamicJobSpecSchema, type DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import type { BuiltGraph } from "../authoring/build-graph.js";
import type { TaskEntity } from "../entities/task-entity.js";
import { bindings } from "./bindings.js";
import type { SerializeConfig } from "./config.js";
import { emptyCollected, serializeNode } from "./nodes.js";
import { taskTemplate } from "./task-template.js";
import { subWorkflowTemplates } from "./workflow-template.js";

/** The workflow a dynamic task built at run time, as Flyte's DynamicJobSpec (futures.pb). */
export async function dynamicJobSpec(
  entity: TaskEntity,
  graph: BuiltGraph,
  config: SerializeConfig,
): Promise<DynamicJobSpec> {
  const where = entity.label;
  const collected = emptyCollected();
  const nodes = [];
  for (const n of graph.nodes) nodes.push(await serializeNode(n, where, collected));
  const outputs = await bindings(graph.outputs, (name) => `${where}: output '${name}'`);
  const subworkflows = await subWorkflowTemplates(collected, new Set());
  return create(DynamicJobSpecSchema, {
    nodes,
    minSuccesses: BigInt(nodes.length),
    outputs,
    tasks: [...collected.tasks].map((t) => taskTemplate(t, config)),
    subworkflows,
  });
}
