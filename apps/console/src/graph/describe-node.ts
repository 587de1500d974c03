import type { NodeExecution } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { GraphNodeKind } from "./graph-types.js";

/** The last dotted part of an entity name: `my.module.train` → `train`. */
export function shortName(name: string): string {
  const i = name.lastIndexOf(".");
  return i < 0 ? name : name.slice(i + 1);
}

/** A spec node's kind, label (its metadata name or id) and detail line. */
export function describeNode(
  node: Node,
  execution: NodeExecution | undefined,
): { kind: GraphNodeKind; label: string; detail: string } {
  const name = node.metadata?.name ?? "";
  const t = node.target;
  const fallback = entityName(node);
  const label = name !== "" ? shortName(name) : fallback !== "" ? shortName(fallback) : node.id;
  switch (t.case) {
    case "taskNode": {
      const ref = t.value.reference.case === "referenceId" ? t.value.reference.value.name : "";
      const dynamic = execution?.metadata?.isDynamic === true;
      return { kind: "task", label, detail: `${node.id}${dynamic ? " · dynamic" : ""}${refSuffix(ref, label)}` };
    }
    case "workflowNode": {
      const ref = t.value.reference;
      if (ref.case === "launchplanRef")
        return { kind: "launchplan", label, detail: `${node.id} · launch plan ${shortName(ref.value.name)}` };
      const sub = ref.case === "subWorkflowRef" ? ref.value.name : "";
      return { kind: "subworkflow", label, detail: `${node.id}${refSuffix(sub, label)}` };
    }
    case "branchNode": {
      const ifElse = t.value.ifElse;
      const cases =
        (ifElse?.case ? 1 : 0) + (ifElse?.other.length ?? 0) + (ifElse?.default.case === "elseNode" ? 1 : 0);
      return { kind: "branch", label, detail: `${node.id} · ${cases} ${cases === 1 ? "case" : "cases"}` };
    }
    case "gateNode": {
      const c = t.value.condition;
      const what =
        c.case === "approve"
          ? `approve ${c.value.signalId}`
          : c.case === "signal"
            ? `signal ${c.value.signalId}`
            : c.case === "sleep"
              ? `sleep ${String(c.value.duration?.seconds ?? 0n)}s`
              : "gate";
      return { kind: "gate", label, detail: `${node.id} · ${what}` };
    }
    case "arrayNode":
      return { kind: "array", label, detail: `${node.id} · map task` };
    case undefined:
      return { kind: "task", label, detail: node.id };
    default:
      return ((x: never) => x)(t);
  }
}

/** The task, workflow or launch plan a node runs (its array sub-node's, for a map task). */
function entityName(node: Node): string {
  const t = node.target;
  if (t.case === "taskNode") return t.value.reference.case === "referenceId" ? t.value.reference.value.name : "";
  if (t.case === "workflowNode") return t.value.reference.case === undefined ? "" : t.value.reference.value.name;
  if (t.case === "arrayNode" && t.value.node) return entityName(t.value.node);
  return "";
}

function refSuffix(ref: string, label: string): string {
  const short = shortName(ref);
  return short === "" || short === label ? "" : ` · ${short}`;
}
