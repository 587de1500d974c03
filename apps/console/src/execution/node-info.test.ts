import { create } from "@bufbuild/protobuf";
import { NodeExecutionSchema } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { CompiledWorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { NodeSchema, type Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { describe, expect, it } from "vitest";
import { childIndex, indexClosure, isSynthetic, nodeTypeLabel, specNode } from "./node-info.js";

const id = (type: ResourceType, name: string) => ({
  resourceType: type,
  project: "p",
  domain: "d",
  name,
  version: "v1",
});
const taskNode = (nodeId: string, task: string, name = task): Node =>
  create(NodeSchema, {
    id: nodeId,
    metadata: { name },
    target: { case: "taskNode", value: { reference: { case: "referenceId", value: id(ResourceType.TASK, task) } } },
  });
const closure = create(CompiledWorkflowClosureSchema, {
  primary: {
    template: {
      id: id(ResourceType.WORKFLOW, "wf"),
      nodes: [
        taskNode("n0", "t.prep"),
        create(NodeSchema, {
          id: "n1",
          target: {
            case: "workflowNode",
            value: { reference: { case: "subWorkflowRef", value: id(ResourceType.WORKFLOW, "sub") } },
          },
        }),
        create(NodeSchema, { id: "n2", target: { case: "arrayNode", value: { node: taskNode("n2-sub", "t.item") } } }),
      ],
    },
  },
  subWorkflows: [{ template: { id: id(ResourceType.WORKFLOW, "sub"), nodes: [taskNode("n0", "t.inner")] } }],
  tasks: [
    { template: { id: id(ResourceType.TASK, "t.prep"), type: "python-task" } },
    { template: { id: id(ResourceType.TASK, "t.inner"), type: "container" } },
    { template: { id: id(ResourceType.TASK, "t.item"), type: "ts-task" } },
  ],
});
const ne = (nodeId: string, specNodeId = nodeId, meta: { isArray?: boolean } = {}) =>
  create(NodeExecutionSchema, { id: { nodeId }, metadata: { specNodeId, ...meta } });

describe("node scopes", () => {
  const top = indexClosure(closure);

  it("names and types top-level nodes from the primary workflow", () => {
    expect(nodeTypeLabel(ne("n0"), top)).toBe("python-task");
    expect(nodeTypeLabel(ne("n1"), top)).toBe("sub-workflow");
    expect(nodeTypeLabel(ne("n2", "n2", { isArray: true }), top)).toBe("map");
  });

  it("resolves a sub-workflow's children in the sub-workflow, not the parent (same ids)", () => {
    const sub = childIndex(specNode(ne("n1"), top), closure, top.tasks);
    expect(nodeTypeLabel(ne("n1-0-n0", "n0"), sub)).toBe("container");
    expect(nodeTypeLabel(ne("n0"), top)).toBe("python-task");
  });

  it("resolves every map index to the array's sub-node", () => {
    const items = childIndex(specNode(ne("n2"), top), closure, top.tasks);
    expect(nodeTypeLabel(ne("n2-0-7", "7"), items)).toBe("ts-task");
  });

  it("hides start and end nodes at every level", () => {
    expect(isSynthetic(ne("start-node"))).toBe(true);
    expect(isSynthetic(ne("n1-0-end-node", "end-node"))).toBe(true);
    expect(isSynthetic(ne("n1-0-n0", "n0"))).toBe(false);
  });
});
