import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  FlyteURLsSchema,
  UrlBlobSchema,
  type FlyteURLs,
  type ResourceListRequest,
  type UrlBlob,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import {
  ExecutionClosureSchema,
  WorkflowExecutionGetDataResponseSchema,
  type Execution,
  type ExecutionList,
  type WorkflowExecutionGetDataRequest,
  type WorkflowExecutionGetDataResponse,
  type WorkflowExecutionGetMetricsRequest,
  type WorkflowExecutionGetMetricsResponse,
  type WorkflowExecutionGetRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import {
  DynamicNodeWorkflowResponseSchema,
  NodeExecutionClosureSchema,
  NodeExecutionGetDataResponseSchema,
  type DynamicNodeWorkflowResponse,
  type GetDynamicNodeWorkflowRequest,
  NodeExecutionListSchema,
  type NodeExecution,
  type NodeExecutionForTaskListRequest,
  type NodeExecutionGetDataRequest,
  type NodeExecutionGetDataResponse,
  type NodeExecutionGetRequest,
  type NodeExecutionList,
  type NodeExecutionListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import {
  TaskExecutionClosureSchema,
  TaskExecutionGetDataResponseSchema,
  TaskExecutionListSchema,
  type TaskExecution,
  type TaskExecutionGetDataRequest,
  type TaskExecutionGetDataResponse,
  type TaskExecutionGetRequest,
  type TaskExecutionList,
  type TaskExecutionListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { DynamicWorkflowNodeMetadata } from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { readProtoIfExists, type BlobStore } from "@flyte-ts/storage";
import { formatFlyteUrl } from "../dataproxy/flyte-url.js";
import type { NamedId } from "../persistence/repositories/common.js";
import type { NodeExecutionId } from "../persistence/repositories/node-execution-repository.js";
import type { TaskExecutionId } from "../persistence/repositories/task-execution-repository.js";
import { validateScope } from "../validation/identifier-validation.js";
import { toListOptions } from "../validation/list-validation.js";
import { Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import { findDynamicWorkflow } from "./execution-dynamic-workflow.js";
import { executionMetrics } from "./execution-metrics.js";
import { validateExecutionId, validateNodeExecutionId, validateTaskExecutionId } from "./execution-ids.js";
import {
  outputUriOf,
  toExecution,
  toExecutionList,
  toNodeExecution,
  toTaskExecution,
} from "./execution-transformers.js";

/** Flyte's `remoteData.maxSizeInBytes`: larger inputs/outputs are not returned inline. */
export const DEFAULT_MAX_INLINE_BYTES = 2 * 1024 * 1024;

/** The read side of executions, node executions and task executions (Get / List / Get*Data). */
export class ExecutionQueryManager {
  readonly #ctx: ManagerContext;
  readonly #blobs: BlobStore;
  readonly #maxInline: number;

  constructor(options: { context: ManagerContext; blobs: BlobStore; maxInlineBytes?: number }) {
    this.#ctx = options.context;
    this.#blobs = options.blobs;
    this.#maxInline = options.maxInlineBytes ?? DEFAULT_MAX_INLINE_BYTES;
  }

  async getExecution(req: WorkflowExecutionGetRequest): Promise<Execution> {
    return toExecution(await this.#repos.executions.get(checked(req.id, "GetExecution")));
  }

  async listExecutions(req: ResourceListRequest): Promise<ExecutionList> {
    const v = new Violations();
    const scope = validateScope(v, "id", req.id);
    const options = toListOptions(v, req);
    v.throwIfAny("ListExecutions request");
    const page = await this.#repos.executions.listViews(scope as { project: string; domain: string }, options);
    return toExecutionList(page.items, page.token);
  }

  async getExecutionData(req: WorkflowExecutionGetDataRequest): Promise<WorkflowExecutionGetDataResponse> {
    const ex = await this.#repos.executions.get(checked(req.id, "GetExecutionData"));
    const closure = fromBinary(ExecutionClosureSchema, ex.closure);
    const inputs = await this.#data(ex.inputsUri);
    const inlineOutputs = closure.outputResult.case === "outputData" ? closure.outputResult.value : undefined;
    const outputs = inlineOutputs ? inline(inlineOutputs) : await this.#data(outputUriOf(closure));
    return create(WorkflowExecutionGetDataResponseSchema, fields(inputs, outputs));
  }

  /** The execution's span tree: nodes nested under their parents, task attempts under their nodes. */
  getExecutionMetrics(req: WorkflowExecutionGetMetricsRequest): Promise<WorkflowExecutionGetMetricsResponse> {
    return executionMetrics(this.#repos, req);
  }

  async getNodeExecution(req: NodeExecutionGetRequest): Promise<NodeExecution> {
    const v = new Violations();
    const id = validateNodeExecutionId(v, "id", req.id);
    v.throwIfAny("GetNodeExecution request");
    return toNodeExecution(await this.#repos.nodeExecutions.get(id as NodeExecutionId));
  }

  /** Without `unique_parent_id` only top-level nodes (as the console expects); with it that node's children. */
  async listNodeExecutions(req: NodeExecutionListRequest): Promise<NodeExecutionList> {
    const v = new Violations();
    const id = validateExecutionId(v, "workflow_execution_id", req.workflowExecutionId);
    const options = toListOptions(v, req);
    v.throwIfAny("ListNodeExecutions request");
    const page = await this.#repos.nodeExecutions.list(
      { executionId: id as NamedId, parentNodeId: req.uniqueParentId === "" ? null : req.uniqueParentId },
      options,
    );
    return create(NodeExecutionListSchema, { nodeExecutions: page.items.map(toNodeExecution), token: page.token });
  }

  /** Node executions launched by a task execution (dynamic and array children): the node's children. */
  async listNodeExecutionsForTask(req: NodeExecutionForTaskListRequest): Promise<NodeExecutionList> {
    const v = new Violations();
    const id = validateTaskExecutionId(v, "task_execution_id", req.taskExecutionId);
    const options = toListOptions(v, req);
    v.throwIfAny("ListNodeExecutionsForTask request");
    const task = id as TaskExecutionId;
    await this.#repos.taskExecutions.get(task);
    const page = await this.#repos.nodeExecutions.list(
      { executionId: task.nodeExecutionId.executionId, parentNodeId: task.nodeExecutionId.nodeId },
      options,
    );
    return create(NodeExecutionListSchema, { nodeExecutions: page.items.map(toNodeExecution), token: page.token });
  }

  async getNodeExecutionData(req: NodeExecutionGetDataRequest): Promise<NodeExecutionGetDataResponse> {
    const v = new Violations();
    const id = validateNodeExecutionId(v, "id", req.id);
    v.throwIfAny("GetNodeExecutionData request");
    const node = await this.#repos.nodeExecutions.get(id as NodeExecutionId);
    const closure = fromBinary(NodeExecutionClosureSchema, node.closure);
    const inputs = await this.#data(node.inputUri);
    const outputs =
      closure.outputResult.case === "outputData"
        ? inline(closure.outputResult.value)
        : await this.#data(outputUriOf(closure));
    const dynamic = node.isDynamic ? await findDynamicWorkflow(this.#repos, node.id) : undefined;
    return create(NodeExecutionGetDataResponseSchema, {
      ...fields(inputs, outputs),
      ...(dynamic ? { dynamicWorkflow: dynamicFields(dynamic) } : {}),
      flyteUrls: flyteUrlsOf(id as NodeExecutionId),
    });
  }

  /** The workflow a dynamic node generated; an empty response for a node that generated none. */
  async getDynamicNodeWorkflow(req: GetDynamicNodeWorkflowRequest): Promise<DynamicNodeWorkflowResponse> {
    const v = new Violations();
    const id = validateNodeExecutionId(v, "id", req.id);
    v.throwIfAny("GetDynamicNodeWorkflow request");
    const node = await this.#repos.nodeExecutions.get(id as NodeExecutionId);
    const dynamic = await findDynamicWorkflow(this.#repos, node.id);
    return create(
      DynamicNodeWorkflowResponseSchema,
      dynamic?.compiledWorkflow ? { compiledWorkflow: dynamic.compiledWorkflow } : {},
    );
  }

  async getTaskExecution(req: TaskExecutionGetRequest): Promise<TaskExecution> {
    const v = new Violations();
    const id = validateTaskExecutionId(v, "id", req.id);
    v.throwIfAny("GetTaskExecution request");
    return toTaskExecution(await this.#repos.taskExecutions.get(id as TaskExecutionId));
  }

  async listTaskExecutions(req: TaskExecutionListRequest): Promise<TaskExecutionList> {
    const v = new Violations();
    const id = validateNodeExecutionId(v, "node_execution_id", req.nodeExecutionId);
    const options = toListOptions(v, req);
    v.throwIfAny("ListTaskExecutions request");
    const page = await this.#repos.taskExecutions.list(id as NodeExecutionId, options);
    return create(TaskExecutionListSchema, { taskExecutions: page.items.map(toTaskExecution), token: page.token });
  }

  async getTaskExecutionData(req: TaskExecutionGetDataRequest): Promise<TaskExecutionGetDataResponse> {
    const v = new Violations();
    const id = validateTaskExecutionId(v, "id", req.id);
    v.throwIfAny("GetTaskExecutionData request");
    const attempt = await this.#repos.taskExecutions.get(id as TaskExecutionId);
    const closure = fromBinary(TaskExecutionClosureSchema, attempt.closure);
    const inputs = await this.#data(attempt.inputUri);
    const outputs =
      closure.outputResult.case === "outputData"
        ? inline(closure.outputResult.value)
        : await this.#data(outputUriOf(closure));
    const t = id as TaskExecutionId;
    return create(TaskExecutionGetDataResponseSchema, {
      ...fields(inputs, outputs),
      flyteUrls: flyteUrlsOf(t.nodeExecutionId, t.retryAttempt),
    });
  }

  get #repos() {
    return this.#ctx.repositories;
  }

  /** A stored literal map: its URL blob, and the map itself when small enough to inline. */
  async #data(uri: string): Promise<Data | undefined> {
    if (uri === "") return undefined;
    const map = await readProtoIfExists(this.#blobs, uri, LiteralMapSchema);
    if (!map) return undefined;
    const bytes = toBinary(LiteralMapSchema, map).length;
    return {
      blob: create(UrlBlobSchema, { url: uri, bytes: BigInt(bytes) }),
      ...(bytes <= this.#maxInline ? { map } : {}),
    };
  }
}

interface Data {
  blob?: UrlBlob;
  map?: LiteralMap;
}

const inline = (map: LiteralMap): Data => ({ map });

function fields(inputs: Data | undefined, outputs: Data | undefined) {
  return {
    ...(inputs?.blob ? { inputs: inputs.blob } : {}),
    ...(inputs?.map ? { fullInputs: inputs.map } : {}),
    ...(outputs?.blob ? { outputs: outputs.blob } : {}),
    ...(outputs?.map ? { fullOutputs: outputs.map } : {}),
  };
}

function dynamicFields(d: DynamicWorkflowNodeMetadata) {
  return {
    ...(d.id ? { id: d.id } : {}),
    ...(d.compiledWorkflow ? { compiledWorkflow: d.compiledWorkflow } : {}),
    dynamicJobSpecUri: d.dynamicJobSpecUri,
  };
}

function checked(id: Parameters<typeof validateExecutionId>[2], what: string): NamedId {
  const v = new Violations();
  const out = validateExecutionId(v, "id", id);
  v.throwIfAny(`${what} request`);
  return out as NamedId;
}

/** The `flyte://` addresses of a node's (or one attempt's) inputs, outputs and deck, as Flyte returns them. */
function flyteUrlsOf(node: NodeExecutionId, attempt?: number): FlyteURLs {
  const base = {
    project: node.executionId.project,
    domain: node.executionId.domain,
    execution: node.executionId.name,
    nodeId: node.nodeId,
    ...(attempt === undefined ? {} : { attempt }),
  };
  return create(FlyteURLsSchema, {
    inputs: formatFlyteUrl({ ...base, io: "i" }),
    outputs: formatFlyteUrl({ ...base, io: "o" }),
    deck: formatFlyteUrl({ ...base, io: "d" }),
  });
}
