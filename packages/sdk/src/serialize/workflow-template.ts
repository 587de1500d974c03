import { create } from "@bufbuild/protobuf";
import { WorkflowSpecSchema, type WorkflowSpec } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import {
  WorkflowMetadata_OnFailurePolicy,
  WorkflowTemplateSchema,
  type WorkflowTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { WorkflowEntity } from "../entities/workflow-entity.js";
import { bindings } from "./bindings.js";
import { identifierOf } from "./identifiers.js";
import { typedInterface } from "./interface.js";
import { emptyCollected, serializeNode, type Collected } from "./nodes.js";

/** Serializes a workflow's template, adding the entities it uses to `collected`. */
export async function workflowTemplate(entity: WorkflowEntity, collected: Collected): Promise<WorkflowTemplate> {
  const where = entity.label;
  const nodes = [];
  for (const n of entity.nodes) nodes.push(await serializeNode(n, where, collected));
  return create(WorkflowTemplateSchema, {
    id: identifierOf(entity),
    metadata: {
      onFailure:
        entity.settings.failurePolicy === "afterRunnableNodes"
          ? WorkflowMetadata_OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE
          : WorkflowMetadata_OnFailurePolicy.FAIL_IMMEDIATELY,
      tags: { ...(entity.settings.tags ?? {}) },
    },
    interface: typedInterface(entity.iface),
    nodes,
    outputs: await bindings(entity.outputBindings, (name) => `${where}: output '${name}'`),
    metadataDefaults: { interruptible: entity.settings.interruptible ?? false },
  });
}

/** A workflow and every sub-workflow it uses (transitively), with everything they need. */
export interface WorkflowClosure {
  readonly spec: WorkflowSpec;
  readonly collected: Collected;
}

/** The admin WorkflowSpec of a workflow: its template plus all sub-workflow templates. */
export async function workflowSpec(entity: WorkflowEntity): Promise<WorkflowClosure> {
  const collected = emptyCollected();
  const template = await workflowTemplate(entity, collected);
  const subWorkflows = await subWorkflowTemplates(collected, new Set([entity]));
  return {
    spec: create(WorkflowSpecSchema, {
      template,
      subWorkflows,
      ...(entity.description ? { description: { shortDescription: entity.description } } : {}),
    }),
    collected,
  };
}

/** Templates of the sub-workflows in `collected`, following their own sub-workflows. */
export async function subWorkflowTemplates(
  collected: Collected,
  seen: Set<WorkflowEntity>,
): Promise<WorkflowTemplate[]> {
  const out: WorkflowTemplate[] = [];
  const queue = [...collected.workflows];
  while (queue.length > 0) {
    const wf = queue.shift();
    if (!wf || seen.has(wf)) continue;
    seen.add(wf);
    const before = new Set(collected.workflows);
    out.push(await workflowTemplate(wf, collected));
    for (const w of collected.workflows) if (!before.has(w)) queue.push(w);
  }
  return out;
}
