import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { UserError } from "@flyte-ts/core";
import { END_NODE_ID, START_NODE_ID } from "@flyte-ts/storage";
import type { NodePhase } from "../model/phases.js";
import type { NodeKind } from "./node-handler.js";

/** The handler kind for a node in a phase: a task node that produced `futures.pb` runs as dynamic. */
export function kindOf(node: Node, phase: NodePhase): NodeKind {
  if (node.id === START_NODE_ID) return "start";
  if (node.id === END_NODE_ID) return "end";
  const t = node.target;
  switch (t.case) {
    case "taskNode":
      return phase === "DynamicRunning" ? "dynamic" : "task";
    case "workflowNode":
      return t.value.reference.case === "launchplanRef" ? "launchplan" : "subworkflow";
    case "branchNode":
      return "branch";
    case "gateNode":
      return "gate";
    case "arrayNode":
      return "array";
    case undefined:
      throw new UserError("NodeWithoutTarget", `node ${node.id} has no target (task, workflow, branch, gate or array)`);
  }
}

/** Kinds that count against an execution's max parallelism (brief §4.8). */
export function countsForParallelism(kind: NodeKind): boolean {
  switch (kind) {
    case "task":
    case "dynamic":
    case "array":
    case "launchplan":
      return true;
    case "start":
    case "end":
    case "branch":
    case "subworkflow":
    case "gate":
      return false;
  }
}
