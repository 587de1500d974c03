import { create } from "@bufbuild/protobuf";
import {
  CompiledWorkflowSchema,
  ConnectionSet_IdListSchema,
  ConnectionSetSchema,
  type CompiledWorkflow,
  type ConnectionSet_IdList,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { TypedInterfaceSchema } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { NodeSchema, type WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { CompileErrorCode } from "../errors.js";
import { END_NODE_ID, START_NODE_ID, idString } from "../ids.js";
import { completeInterface, validateInterfaceVariables } from "../validation/interface.js";
import { WorkflowBuilder, type Adjacency } from "./builder.js";
import { EdgeDirection } from "./node-state.js";
import { validateReachable } from "./reachability.js";
import type { SharedState } from "./shared.js";

/**
 * Compiles one workflow template in place (the caller passes its own copy), following propeller's
 * `ValidateWorkflow`: start/end nodes, node interfaces, bindings and edges, failure node, edges from
 * start-node and to end-node for top-level nodes, end-node bindings, then cycles and reachability.
 * Returns the compiled workflow, or undefined when it added errors to `shared.errors`.
 */
export function validateWorkflow(shared: SharedState, template: WorkflowTemplate): CompiledWorkflow | undefined {
  const errs = shared.errors;
  const before = errs.count;
  const name = `workflow ${idString(template.id)}`;
  if (template.nodes.length === 0) {
    errs.add(CompileErrorCode.NoNodesFound, START_NODE_ID, `${name}: has no nodes`);
    return undefined;
  }
  const wfInterface = completeInterface(template.interface);
  template.interface = wfInterface;
  if (!validateInterfaceVariables(START_NODE_ID, wfInterface, errs)) return undefined;

  const b = new WorkflowBuilder({ shared, template });
  const userNodes = template.nodes;
  const start = b.state(create(NodeSchema, { id: START_NODE_ID }));
  start.iface = create(TypedInterfaceSchema, { outputs: wfInterface.inputs });
  start.ifaceResolved = true;
  const end = b.state(create(NodeSchema, { id: END_NODE_ID, inputs: template.outputs }));
  end.iface = create(TypedInterfaceSchema, { inputs: wfInterface.outputs });
  end.ifaceResolved = true;
  b.addNode(start);
  b.addNode(end);
  template.nodes = [start.node, end.node, ...userNodes];

  const topLevel = [];
  for (const node of userNodes) {
    const s = b.state(node);
    if (!b.addNode(s)) continue;
    topLevel.push(s);
    b.validateNode(s, false);
  }
  // Explicit and binding edges of every top-level node, then the end-node's (the workflow outputs).
  for (const s of topLevel) b.addEdges(s, EdgeDirection.Both);
  b.addEdges(end, EdgeDirection.Both);

  if (template.failureNode) {
    const failure = b.state(template.failureNode);
    b.validateNode(failure, false);
    b.addEdges(failure, EdgeDirection.Upstream);
  }

  // Top-level nodes run after start-node and before end-node even without data dependencies.
  for (const s of topLevel) {
    const id = s.node.id;
    if (!b.upstream.has(id)) b.addExecutionEdge(START_NODE_ID, id);
    if (!b.downstream.has(id)) b.addExecutionEdge(id, END_NODE_ID);
  }

  // Nodes that failed validation have no edges: only report unreachable nodes when none did.
  validateReachable(b.nodes.keys(), b.downstream, errs, name, errs.count === before);
  if (errs.count !== before) return undefined;
  return create(CompiledWorkflowSchema, {
    template,
    connections: create(ConnectionSetSchema, { upstream: toIdLists(b.upstream), downstream: toIdLists(b.downstream) }),
  });
}

function toIdLists(adj: Adjacency): Record<string, ConnectionSet_IdList> {
  const out: Record<string, ConnectionSet_IdList> = {};
  for (const [id, set] of adj) out[id] = create(ConnectionSet_IdListSchema, { ids: [...set].sort() });
  return out;
}
