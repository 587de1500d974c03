import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { NodeSchema, type Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { nodeDeps } from "../authoring/deps.js";
import { toProtoDuration } from "../authoring/duration.js";
import type { GraphNode, NodeTarget } from "../authoring/graph.js";
import type { Entity } from "../entities/entity.js";
import { LaunchPlanEntity } from "../entities/launch-plan-entity.js";
import { TaskEntity } from "../entities/task-entity.js";
import { WorkflowEntity } from "../entities/workflow-entity.js";
import { bindings } from "./bindings.js";
import { booleanExpression } from "./conditions.js";
import { identifierOf } from "./identifiers.js";
import { resources } from "./task-template.js";

/** Entities a graph refers to, gathered while its nodes are serialized. */
export interface Collected {
  readonly tasks: Set<TaskEntity>;
  readonly workflows: Set<WorkflowEntity>;
  readonly launchPlans: Set<LaunchPlanEntity>;
  /** Registered entities used by reference (not packaged, but needed to compile). */
  readonly references: Set<Entity>;
}

export function emptyCollected(): Collected {
  return { tasks: new Set(), workflows: new Set(), launchPlans: new Set(), references: new Set() };
}

/** Serializes one node (recursively for branches and arrays). `where` names the workflow. */
export async function serializeNode(node: GraphNode, where: string, collected: Collected): Promise<Node> {
  const o = node.overrides;
  const base: MessageInitShape<typeof NodeSchema> = {
    id: node.id,
    metadata: {
      name: o.name ?? nodeName(node.target),
      retries: { retries: o.retries ?? 0 },
      ...(o.timeout !== undefined ? { timeout: toProtoDuration(o.timeout, `${where}: timeout of ${node.label}`) } : {}),
      ...(o.interruptible !== undefined
        ? { interruptibleValue: { case: "interruptible" as const, value: o.interruptible } }
        : {}),
      ...(o.cache !== undefined ? { cacheableValue: { case: "cacheable" as const, value: o.cache } } : {}),
    },
    inputs: await bindings(node.inputs, (name) => `${where}: input '${name}' of ${node.label}`),
    upstreamNodeIds: [...nodeDeps(node)].sort(),
  };
  const usedBy = `${where}, ${node.label}`;
  const t = node.target;
  switch (t.kind) {
    case "task": {
      collectTask(t.entity, collected);
      const overrides =
        o.resources !== undefined || o.image !== undefined
          ? { resources: resources(o.resources), containerImage: o.image ?? "" }
          : {};
      return create(NodeSchema, {
        ...base,
        target: {
          case: "taskNode",
          value: { reference: { case: "referenceId", value: identifierOf(t.entity, usedBy) }, overrides },
        },
      });
    }
    case "workflow":
      if (t.entity instanceof WorkflowEntity && !t.entity.reference) collected.workflows.add(t.entity);
      return create(NodeSchema, {
        ...base,
        target: {
          case: "workflowNode",
          value: { reference: { case: "subWorkflowRef", value: identifierOf(t.entity, usedBy) } },
        },
      });
    case "launchPlan":
      if (t.entity.reference) collected.references.add(t.entity);
      else if (t.entity instanceof LaunchPlanEntity) collected.launchPlans.add(t.entity);
      return create(NodeSchema, {
        ...base,
        target: {
          case: "workflowNode",
          value: { reference: { case: "launchplanRef", value: identifierOf(t.entity, usedBy) } },
        },
      });
    case "branch": {
      const b = t.branch;
      const cases = await Promise.all(
        b.cases.map(async (c) => ({
          condition: booleanExpression(c.condition, `${where}: conditional '${b.name}'`),
          thenNode: await serializeNode(c.node, where, collected),
        })),
      );
      const [first, ...other] = cases;
      const fallback =
        "node" in b.otherwise
          ? { case: "elseNode" as const, value: await serializeNode(b.otherwise.node, where, collected) }
          : { case: "error" as const, value: { failedNodeId: b.name, message: b.otherwise.failMessage } };
      return create(NodeSchema, {
        ...base,
        target: { case: "branchNode", value: { ifElse: { case: first, other, default: fallback } } },
      });
    }
    case "array": {
      const a = t.array;
      const sub = await serializeNode({ ...a.sub, inputs: node.inputs }, where, collected);
      sub.upstreamNodeIds = [];
      return create(NodeSchema, {
        ...base,
        target: {
          case: "arrayNode",
          value: {
            node: sub,
            ...(a.concurrency !== undefined
              ? { parallelismOption: { case: "parallelism" as const, value: a.concurrency } }
              : {}),
            ...(a.minSuccesses !== undefined
              ? { successCriteria: { case: "minSuccesses" as const, value: a.minSuccesses } }
              : a.minSuccessRatio !== undefined
                ? { successCriteria: { case: "minSuccessRatio" as const, value: a.minSuccessRatio } }
                : {}),
            boundInputs: [...a.boundInputs],
          },
        },
      });
    }
    case "gate": {
      const g = t.gate;
      const condition =
        g.kind === "sleep"
          ? { case: "sleep" as const, value: { duration: toProtoDuration(g.duration, `${where}: sleep`) } }
          : g.kind === "approve"
            ? { case: "approve" as const, value: { signalId: g.signalId } }
            : {
                case: "signal" as const,
                value: { signalId: g.signalId, type: g.type.literalType, outputVariableName: "o0" },
              };
      return create(NodeSchema, { ...base, target: { case: "gateNode", value: { condition } } });
    }
  }
}

function collectTask(entity: Entity, collected: Collected): void {
  if (entity.reference) collected.references.add(entity);
  if (!(entity instanceof TaskEntity) || entity.reference) return;
  collected.tasks.add(entity);
  if (entity.variant.kind === "map") collected.tasks.add(entity.variant.map.of);
}

function nodeName(t: NodeTarget): string {
  switch (t.kind) {
    case "task":
    case "workflow":
    case "launchPlan":
    case "array":
      return t.entity.shortName;
    case "branch":
      return t.branch.name;
    case "gate":
      return t.gate.kind === "sleep" ? "sleep" : t.gate.signalId;
  }
}
