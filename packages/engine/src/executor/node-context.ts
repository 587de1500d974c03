import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { nodeAttemptPaths, readProto, taskGeneratedName } from "@flyte-ts/storage";
import { UserError } from "@flyte-ts/core";
import type { ChildScope, NodeContext } from "../nodes/node-handler.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import type { Scope, ScopeSpec } from "./scope.js";
import { phaseIn, scopeStatus } from "./scope-status.js";
import { abortScopeNodes } from "./node-abort.js";

/** Builds what a handler sees for one evaluation of `rec`. */
export function buildContext(rt: ExecutionRunner, scope: Scope, node: Node, rec: NodeRecord): NodeContext {
  const uniqueId = rec.uniqueId;
  const attempt = rec.attempt;
  let task: TaskTemplate | undefined;
  const taskOf = (): TaskTemplate => {
    if (node.target.case !== "taskNode") throw new UserError("NotATaskNode", `node ${node.id} is not a task node`);
    task ??= scope.spec.closure.task(node.target.value.reference.value);
    return task;
  };
  const currentAttempt = rt.attempts.get(uniqueId);
  return {
    execution: rt.id,
    config: rt.exec.config,
    node,
    record: rec,
    uniqueId,
    attempt,
    generatedName: taskGeneratedName(rt.id.name, uniqueId, attempt),
    paths: nodeAttemptPaths(rec.dataDir, attempt),
    rawOutputPrefix: rt.exec.rawOutputPrefix,
    closure: scope.spec.closure,
    services: rt.services,
    interruptible: interruptibleOf(rt, scope, node, rec),
    state: rec.handlerState,
    taskAttempt: currentAttempt?.attempt === attempt ? currentAttempt : undefined,
    arrayIndex: scope.spec.kind === "array" ? Number(node.id) : undefined,
    inputs: () => nodeInputs(rt, rec),
    task: taskOf,
    wake: () => rt.wake(uniqueId),
    watch: (key, subscribe) => {
      if (!rt.isSubscribed(uniqueId, key))
        rt.subscribe(
          uniqueId,
          key,
          subscribe(() => rt.wake(uniqueId)),
        );
    },
    scope: {
      id: scope.id,
      failurePolicy: scope.spec.failurePolicy,
      interruptibleDefault: scope.spec.interruptibleDefault,
      inDynamic: scope.spec.inDynamic ?? false,
    },
    scopeOwner: { uniqueId, attempt, dataDir: rec.dataDir },
    openScope: (spec: ScopeSpec) => Promise.resolve(childScope(rt, rt.openScope(spec))),
    scopeById: (scopeId) => {
      const s = rt.scopes.get(scopeId);
      return s ? childScope(rt, s) : undefined;
    },
    abortScope: (scopeId, reason) => abortScopeNodes(rt, scopeId, reason),
  };
}

export async function nodeInputs(rt: ExecutionRunner, rec: NodeRecord): Promise<LiteralMap> {
  const cached = rt.inputs.get(rec.uniqueId);
  if (cached) return cached;
  const loc = rt.located.get(rec.uniqueId);
  const inputs =
    loc?.node.id === "start-node" && loc.scope.spec.inputs
      ? loc.scope.spec.inputs
      : await readProto(rt.services.blobs, nodeAttemptPaths(rec.dataDir, 0).inputs, LiteralMapSchema);
  rt.inputs.set(rec.uniqueId, inputs);
  return inputs;
}

function childScope(rt: ExecutionRunner, scope: Scope): ChildScope {
  return {
    get status() {
      return scopeStatus(rt, scope);
    },
    size: scope.nodes.size,
    phaseOf: (id) => phaseIn(rt, scope, id),
    errorOf: (id) => rt.records.get(scope.uniqueIdOf(id))?.error,
    outputsOf: async (id) => {
      const rec = rt.records.get(scope.uniqueIdOf(id));
      return rec?.outputsUri ? outputsOfRecord(rt, rec) : undefined;
    },
  };
}

export async function outputsOfRecord(rt: ExecutionRunner, rec: NodeRecord): Promise<LiteralMap> {
  const cached = rt.outputs.get(rec.uniqueId);
  if (cached) return cached;
  if (!rec.outputsUri)
    throw new UserError("OutputsNotAvailable", `node ${rec.specNodeId} has no outputs (${rec.phase})`);
  const outputs = await readProto(rt.services.blobs, rec.outputsUri, LiteralMapSchema);
  rt.outputs.set(rec.uniqueId, outputs);
  return outputs;
}

/**
 * Effective interruptible: node override, else execution override, else workflow default; the
 * last system-failure attempt runs non-interruptible (`interruptible-failure-threshold` −1).
 */
function interruptibleOf(rt: ExecutionRunner, scope: Scope, node: Node, rec: NodeRecord): boolean {
  const md = node.metadata?.interruptibleValue;
  const base =
    md?.case === "interruptible"
      ? md.value
      : (taskInterruptible(scope, node) ?? rt.exec.config.interruptible ?? scope.spec.interruptibleDefault);
  if (!base) return false;
  const threshold = rt.services.settings.interruptibleFailureThreshold;
  const maxSystem = rt.services.settings.maxSystemRetries;
  if (threshold < 0) return rec.systemFailures < maxSystem + 1 + threshold;
  return rec.systemFailures < threshold;
}

/** The task's own `interruptible` (TaskMetadata) when it sets one: like a node-level setting. */
function taskInterruptible(scope: Scope, node: Node): boolean | undefined {
  if (node.target.case !== "taskNode") return undefined;
  try {
    const v = scope.spec.closure.task(node.target.value.reference.value).metadata?.interruptibleValue;
    return v?.case === "interruptible" ? v.value : undefined;
  } catch {
    return undefined;
  }
}
