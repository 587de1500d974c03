import type { CompiledTask } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { TypedInterface } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";

/** What the compiler learns about one node while compiling (propeller's `nodeBuilder`). */
export interface NodeState {
  readonly node: Node;
  /** The effective interface, once computed without error. */
  iface?: TypedInterface;
  /** Set once the interface was computed (successfully or not): it is never computed twice. */
  ifaceResolved?: boolean;
  task?: CompiledTask;
}

/** How edges discovered from a node's bindings are recorded. */
export const EdgeDirection = {
  /** Record both upstream and downstream (execution edges). */
  Both: "both",
  /** Record only the dependent's upstream list (branch children, failure node). */
  Upstream: "upstream",
} as const;
export type EdgeDirection = (typeof EdgeDirection)[keyof typeof EdgeDirection];
