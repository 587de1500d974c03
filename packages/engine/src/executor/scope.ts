import { create } from "@bufbuild/protobuf";
import type { ConnectionSet } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Binding, BindingData, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  NodeSchema,
  WorkflowMetadata_OnFailurePolicy,
  type Node,
  type WorkflowTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import {
  arraySubNodeDataDir,
  attemptOutputDir,
  childNodeDataDir,
  childNodeUniqueId,
  END_NODE_ID,
  nodeDataDir,
  START_NODE_ID,
} from "@flyte-ts/storage";
import type { NodeError } from "../model/node-error.js";
import type { ClosureIndex } from "./closure-index.js";

export type ScopeKind = "dag" | "branch" | "array" | "failure";
export type FailurePolicy = "failImmediately" | "failAfterExecutableNodesComplete";

/** Where a scope's nodes live: the owning node (absent for the top level) and its attempt. */
export interface ScopeOwner {
  readonly uniqueId: string;
  readonly attempt: number;
  readonly dataDir: string;
}

/** A set of nodes evaluated together: the workflow, a sub-workflow, a branch, a dynamic sub-DAG, an array. */
export interface ScopeSpec {
  readonly id: string;
  readonly kind: ScopeKind;
  readonly owner: ScopeOwner | undefined;
  readonly nodes: readonly Node[];
  readonly connections?: ConnectionSet;
  readonly closure: ClosureIndex;
  readonly failurePolicy: FailurePolicy;
  readonly interruptibleDefault: boolean;
  /** Outputs of this scope's start node (dag scopes). */
  readonly inputs?: LiteralMap;
  /** Ready-made inputs by spec node id (array sub-nodes). */
  readonly inputOverrides?: ReadonlyMap<string, LiteralMap>;
  /** Branch cases not taken: marked Skipped. */
  readonly skipped?: ReadonlySet<string>;
  /** Max concurrently started nodes (array parallelism); 0 or absent = unlimited. */
  readonly parallelism?: number;
  /** Branch children resolve promises against the scope enclosing the branch node. */
  readonly enclosingScopeId?: string;
  readonly isArray?: boolean;
  /** Failure scopes: the error handed to the failure node as `err` (the workflow's when absent). */
  readonly failureError?: NodeError;
  readonly inDynamic?: boolean;
}

export type ScopeStatus =
  | { readonly state: "running" }
  | { readonly state: "succeeded"; readonly endNodeId: string }
  | { readonly state: "failed"; readonly error: NodeError; readonly failedNodeId: string; readonly timedOut: boolean };

/** A scope with its dependency graph and id/dir computations. */
export class Scope {
  readonly spec: ScopeSpec;
  readonly nodes = new Map<string, Node>();
  readonly upstream = new Map<string, string[]>();
  readonly downstream = new Map<string, string[]>();
  readonly #executionDir: string;
  readonly #uniqueIds = new Map<string, string>();

  constructor(spec: ScopeSpec, executionDir: string) {
    this.spec = spec;
    this.#executionDir = executionDir;
    for (const n of spec.nodes) this.nodes.set(n.id, n);
    this.#computeEdges();
  }

  get id(): string {
    return this.spec.id;
  }

  uniqueIdOf(specNodeId: string): string {
    const owner = this.spec.owner;
    if (!owner) return specNodeId;
    let id = this.#uniqueIds.get(specNodeId);
    if (id === undefined)
      this.#uniqueIds.set(specNodeId, (id = childNodeUniqueId(owner.uniqueId, owner.attempt, specNodeId)));
    return id;
  }

  dataDirOf(specNodeId: string): string {
    const owner = this.spec.owner;
    if (!owner) return nodeDataDir(this.#executionDir, specNodeId);
    const parentOut = attemptOutputDir(owner.dataDir, owner.attempt);
    if (this.spec.kind === "array") return arraySubNodeDataDir(parentOut, Number(specNodeId));
    return childNodeDataDir(parentOut, specNodeId);
  }

  #computeEdges(): void {
    const ids = new Set(this.nodes.keys());
    for (const n of this.nodes.values()) {
      const up = new Set<string>();
      for (const id of this.spec.connections?.upstream[n.id]?.ids ?? []) up.add(id);
      for (const id of n.upstreamNodeIds) up.add(id);
      for (const b of n.inputs) collectPromiseNodes(b.binding, up);
      if (n.id === END_NODE_ID) for (const id of ids) up.add(id);
      up.delete(n.id);
      const inScope = [...up].filter((id) => ids.has(id));
      this.upstream.set(n.id, inScope);
      for (const u of inScope) {
        let d = this.downstream.get(u);
        if (!d) this.downstream.set(u, (d = []));
        d.push(n.id);
      }
    }
  }
}

function collectPromiseNodes(b: BindingData | undefined, out: Set<string>): void {
  if (!b) return;
  switch (b.value.case) {
    case "promise":
      out.add(b.value.value.nodeId);
      break;
    case "collection":
      for (const x of b.value.value.bindings) collectPromiseNodes(x, out);
      break;
    case "map":
      for (const x of Object.values(b.value.value.bindings)) collectPromiseNodes(x, out);
      break;
    case "scalar":
    case "offloadedMetadata":
    case undefined:
      break;
  }
}

/** A workflow template's nodes with start and end nodes present (hand-built templates may omit them). */
export function nodesWithStartEnd(template: WorkflowTemplate): Node[] {
  const nodes = [...template.nodes];
  if (!nodes.some((n) => n.id === START_NODE_ID)) nodes.push(create(NodeSchema, { id: START_NODE_ID }));
  if (!nodes.some((n) => n.id === END_NODE_ID)) {
    nodes.push(create(NodeSchema, { id: END_NODE_ID, inputs: template.outputs.map((b: Binding) => b) }));
  }
  return nodes;
}

export function failurePolicyOf(template: WorkflowTemplate | undefined): FailurePolicy {
  return template?.metadata?.onFailure === WorkflowMetadata_OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE
    ? "failAfterExecutableNodesComplete"
    : "failImmediately";
}
