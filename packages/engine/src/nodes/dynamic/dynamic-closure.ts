import { create } from "@bufbuild/protobuf";
import {
  CompiledWorkflowClosureSchema,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { TypedInterfaceSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { WorkflowTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { readProto, readProtoIfExists, writeProto } from "@flyte-ts/storage";
import { UserError } from "@flyte-ts/core";
import { defaultWorkflowCompiler } from "../../executor/workflow-compiler.js";
import { EngineErrorCode } from "../../model/node-error.js";
import type { NodeContext } from "../node-handler.js";

/**
 * The compiled sub-workflow of a dynamic node: read from `futures_compiled.pb` when an earlier
 * evaluation (or a previous process) compiled it, else compiled from `futures.pb` and stored
 * there, so retries of the sub-DAG and restarts never recompile. The workflow is named
 * `dynamic_<nodeId>`; its outputs are the parent task's outputs.
 */
export async function dynamicClosure(ctx: NodeContext): Promise<CompiledWorkflowClosure> {
  const blobs = ctx.services.blobs;
  const cached = await readProtoIfExists(blobs, ctx.paths.futuresCompiled, CompiledWorkflowClosureSchema);
  if (cached) return cached;
  const spec = await readProto(blobs, ctx.paths.futures, DynamicJobSpecSchema);
  const parent = ctx.task();
  const primary = create(WorkflowTemplateSchema, {
    id: create(IdentifierSchema, {
      resourceType: ResourceType.WORKFLOW,
      project: parent.id?.project ?? ctx.execution.project,
      domain: parent.id?.domain ?? ctx.execution.domain,
      name: `dynamic_${ctx.node.id}`,
      version: `${ctx.execution.name}-${ctx.uniqueId}-${ctx.attempt}`,
    }),
    interface: create(TypedInterfaceSchema, { outputs: parent.interface?.outputs ?? { variables: {} } }),
    nodes: spec.nodes,
    outputs: spec.outputs,
  });
  const compiler = ctx.services.compiler ?? defaultWorkflowCompiler;
  const result = compiler.compile({ primary, subWorkflows: spec.subworkflows, tasks: spec.tasks });
  if (!result.ok) {
    throw new UserError(
      EngineErrorCode.DynamicWorkflowBuildFailed,
      `dynamic node ${ctx.node.id}: the workflow it built does not compile:\n${result.message}`,
    );
  }
  await writeProto(blobs, ctx.paths.futuresCompiled, CompiledWorkflowClosureSchema, result.closure);
  return result.closure;
}
