import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { CatalogMetadata } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import {
  DynamicWorkflowNodeMetadataSchema,
  NodeExecutionEventSchema,
  ParentNodeExecutionMetadataSchema,
  TaskExecutionEventSchema,
  TaskExecutionMetadata_InstanceClass,
  TaskExecutionMetadataSchema,
  TaskNodeMetadataSchema,
  WorkflowExecutionEventSchema,
  WorkflowNodeMetadataSchema,
  EventReasonSchema,
  type NodeExecutionEvent,
  type TaskExecutionEvent,
  type WorkflowExecutionEvent,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import { toExecutionIdentifier, toNodeExecutionIdentifier, type ExecutionId } from "../model/ids.js";
import { toExecutionError, type NodeError } from "../model/node-error.js";
import {
  nodeEventPhase,
  taskEventPhase,
  workflowEventPhase,
  type NodePhase,
  type WorkflowPhase,
} from "../model/phases.js";
import type { TaskReport } from "../nodes/node-handler.js";

export interface WorkflowEventInput {
  readonly execution: ExecutionId;
  readonly producerId: string;
  readonly phase: WorkflowPhase;
  readonly atMs: number;
  readonly outputUri?: string;
  readonly error?: NodeError;
}

export function workflowEvent(e: WorkflowEventInput): WorkflowExecutionEvent {
  return create(WorkflowExecutionEventSchema, {
    executionId: toExecutionIdentifier(e.execution),
    producerId: e.producerId,
    phase: workflowEventPhase(e.phase),
    occurredAt: timestampFromMs(e.atMs),
    outputResult: e.error
      ? { case: "error", value: toExecutionError(e.error, e.atMs) }
      : e.outputUri
        ? { case: "outputUri", value: e.outputUri }
        : { case: undefined },
  });
}

export interface NodeEventInput {
  readonly execution: ExecutionId;
  readonly producerId: string;
  readonly uniqueId: string;
  readonly node: Node;
  readonly phase: NodePhase;
  readonly atMs: number;
  readonly inputUri?: string;
  readonly outputUri?: string;
  readonly error?: NodeError;
  readonly parentUniqueId?: string;
  readonly retryGroup?: string;
  readonly isParent: boolean;
  readonly isDynamic: boolean;
  readonly isArray: boolean;
  readonly inDynamicChain: boolean;
  readonly targetEntity?: Identifier;
  readonly task?: {
    readonly cacheStatus: number;
    readonly reservationStatus: number;
    readonly catalogKey?: CatalogMetadata;
    /** DYNAMIC_RUNNING: the compiled sub-workflow (Admin serves it via GetDynamicNodeWorkflow). */
    readonly dynamicWorkflow?: { readonly closure: CompiledWorkflowClosure; readonly futuresUri: string };
  };
  readonly childExecution?: ExecutionId;
}

export function nodeEvent(e: NodeEventInput): NodeExecutionEvent {
  return create(NodeExecutionEventSchema, {
    id: toNodeExecutionIdentifier(e.execution, e.uniqueId),
    producerId: e.producerId,
    phase: nodeEventPhase(e.phase),
    occurredAt: timestampFromMs(e.atMs),
    reportedAt: timestampFromMs(e.atMs),
    inputValue: e.inputUri ? { case: "inputUri", value: e.inputUri } : { case: undefined },
    outputResult: e.error
      ? { case: "error", value: toExecutionError(e.error, e.atMs) }
      : e.outputUri
        ? { case: "outputUri", value: e.outputUri }
        : { case: undefined },
    targetMetadata: e.childExecution
      ? {
          case: "workflowNodeMetadata",
          value: create(WorkflowNodeMetadataSchema, { executionId: toExecutionIdentifier(e.childExecution) }),
        }
      : e.task
        ? {
            case: "taskNodeMetadata",
            value: create(TaskNodeMetadataSchema, {
              cacheStatus: e.task.cacheStatus,
              reservationStatus: e.task.reservationStatus,
              ...(e.task.catalogKey ? { catalogKey: e.task.catalogKey } : {}),
              ...(e.task.dynamicWorkflow ? { dynamicWorkflow: dynamicMetadata(e.task.dynamicWorkflow) } : {}),
            }),
          }
        : { case: undefined },
    ...(e.parentUniqueId
      ? { parentNodeMetadata: create(ParentNodeExecutionMetadataSchema, { nodeId: e.parentUniqueId }) }
      : {}),
    retryGroup: e.retryGroup ?? "",
    specNodeId: e.node.id,
    nodeName: e.node.metadata?.name ?? e.node.id,
    eventVersion: 2,
    isParent: e.isParent,
    isDynamic: e.isDynamic,
    isArray: e.isArray,
    isInDynamicChain: e.inDynamicChain,
    ...(e.targetEntity ? { targetEntity: e.targetEntity } : {}),
  });
}

function dynamicMetadata(d: { readonly closure: CompiledWorkflowClosure; readonly futuresUri: string }) {
  const id = d.closure.primary?.template?.id;
  return create(DynamicWorkflowNodeMetadataSchema, {
    ...(id ? { id } : {}),
    compiledWorkflow: d.closure,
    dynamicJobSpecUri: d.futuresUri,
  });
}

export interface TaskEventInput {
  readonly execution: ExecutionId;
  readonly producerId: string;
  readonly nodeUniqueId: string;
  readonly task: TaskTemplate;
  readonly attempt: number;
  readonly report: TaskReport;
  readonly atMs: number;
  readonly generatedName: string;
  readonly pluginId: string;
  readonly interruptible: boolean;
  readonly inputUri: string;
  readonly outputUri?: string;
}

export function taskEvent(e: TaskEventInput): TaskExecutionEvent {
  const r = e.report;
  return create(TaskExecutionEventSchema, {
    ...(e.task.id ? { taskId: e.task.id } : {}),
    parentNodeExecutionId: toNodeExecutionIdentifier(e.execution, e.nodeUniqueId),
    retryAttempt: e.attempt,
    phase: taskEventPhase(r.phase),
    producerId: e.producerId,
    logs: [...(r.logs ?? [])],
    occurredAt: timestampFromMs(e.atMs),
    reportedAt: timestampFromMs(e.atMs),
    inputValue: { case: "inputUri", value: e.inputUri },
    outputResult: r.error
      ? { case: "error", value: toExecutionError(r.error, e.atMs) }
      : e.outputUri
        ? { case: "outputUri", value: e.outputUri }
        : { case: undefined },
    phaseVersion: r.version,
    reasons: r.reason ? [create(EventReasonSchema, { reason: r.reason, occurredAt: timestampFromMs(e.atMs) })] : [],
    taskType: e.task.type,
    metadata: create(TaskExecutionMetadataSchema, {
      generatedName: e.generatedName,
      pluginIdentifier: e.pluginId,
      instanceClass: e.interruptible
        ? TaskExecutionMetadata_InstanceClass.INTERRUPTIBLE
        : TaskExecutionMetadata_InstanceClass.DEFAULT,
    }),
    eventVersion: 1,
  });
}
