import type { Variable } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { CompileErrorCode, type ErrorSink } from "../errors.js";
import type { NodeState } from "../workflow/node-state.js";

/**
 * The output variable a downstream reference `name` resolves to on node `s`, applying the node's
 * output aliases (an aliased output is only reachable under its alias). No allocation per call.
 */
export function findEffectiveOutput(s: NodeState, name: string): Variable | undefined {
  const vars = s.iface?.outputs?.variables;
  if (!vars) return undefined;
  const aliases = s.node.outputAliases;
  if (aliases.length === 0) return vars[name];
  let renamedAway = false;
  for (const a of aliases) {
    if (a.alias === name) return vars[a.var];
    if (a.var === name) renamedAway = true;
  }
  return renamedAway ? undefined : vars[name];
}

/** Validates output aliases: each output aliased at most once, and only real outputs aliased. */
export function validateOutputAliases(s: NodeState, errs: ErrorSink): void {
  const aliases = s.node.outputAliases;
  if (aliases.length === 0) return;
  const id = s.node.id;
  const outputs = s.iface?.outputs?.variables ?? {};
  const seen = new Set<string>();
  for (const a of aliases) {
    if (seen.has(a.var)) {
      errs.add(
        CompileErrorCode.DuplicateAlias,
        id,
        `node ${id}: output '${a.var}' is aliased more than once (again as '${a.alias}')`,
        a.alias,
      );
      continue;
    }
    seen.add(a.var);
    if (!(a.var in outputs)) {
      errs.add(
        CompileErrorCode.ParameterNotBound,
        id,
        `node ${id}: output alias '${a.alias}' renames output '${a.var}', which the node does not have`,
        a.alias,
      );
    }
  }
}
