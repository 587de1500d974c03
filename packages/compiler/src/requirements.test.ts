import { create } from "@bufbuild/protobuf";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { ArrayNodeSchema, NodeSchema, WorkflowNodeSchema } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { describe, expect, it } from "vitest";
import { id, taskNode, workflow } from "../test/fixtures.js";
import { branchNode } from "../test/branch-fixtures.js";
import { getRequirements } from "./requirements.js";

describe("getRequirements", () => {
  it("finds tasks in nodes, branch cases and else, array sub-nodes and the failure node, deduplicated and sorted", () => {
    const arr = create(NodeSchema, {
      id: "arr",
      target: { case: "arrayNode", value: create(ArrayNodeSchema, { node: taskNode("m", "mapped", {}) }) },
    });
    const br = branchNode("b", {}, [taskNode("c1", "case1", {})], taskNode("e", "else", {}));
    const wf = workflow("wf", {}, [taskNode("n0", "t", {}), taskNode("n1", "t", {}), arr, br]);
    wf.failureNode = taskNode("f", "on-failure", {});
    expect(getRequirements(wf, []).tasks.map((t) => t.name)).toEqual(["case1", "else", "mapped", "on-failure", "t"]);
  });

  it("follows sub-workflow references and collects launch plans", () => {
    const sub = workflow("sub", {}, [taskNode("s0", "inner", {})]);
    const callSub = create(NodeSchema, {
      id: "w",
      target: {
        case: "workflowNode",
        value: create(WorkflowNodeSchema, {
          reference: { case: "subWorkflowRef", value: id("sub", ResourceType.WORKFLOW) },
        }),
      },
    });
    const callLp = create(NodeSchema, {
      id: "l",
      target: {
        case: "workflowNode",
        value: create(WorkflowNodeSchema, {
          reference: { case: "launchplanRef", value: id("lp", ResourceType.LAUNCH_PLAN) },
        }),
      },
    });
    const reqs = getRequirements(workflow("wf", {}, [callSub, callLp]), [sub]);
    expect(reqs.tasks.map((t) => t.name)).toEqual(["inner"]);
    expect(reqs.launchPlans.map((t) => t.name)).toEqual(["lp"]);
  });
});
