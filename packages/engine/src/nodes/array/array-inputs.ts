import type { Literal, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap } from "@flyte-ts/idl";
import { UserError } from "@flyte-ts/core";
import { EngineErrorCode } from "../../model/node-error.js";

/**
 * Splits an array node's inputs per index (brief §4.5.8): every input that is a collection and
 * not bound must have the same length (`InvalidArrayLength` otherwise); bound inputs and
 * non-collections go to every index whole. Nothing to map over: one index.
 */
export function splitArrayInputs(nodeId: string, inputs: LiteralMap, boundInputs: readonly string[]): LiteralMap[] {
  const bound = new Set(boundInputs);
  let size: number | undefined;
  let sizedBy = "";
  for (const [name, lit] of Object.entries(inputs.literals)) {
    if (bound.has(name) || lit.value.case !== "collection") continue;
    const n = lit.value.value.literals.length;
    if (size === undefined) {
      size = n;
      sizedBy = name;
    } else if (n !== size) {
      throw new UserError(
        EngineErrorCode.InvalidArrayLength,
        `array node ${nodeId}: input ${name} has ${n} items but ${sizedBy} has ${size}; every mapped input must have the same length`,
        { details: { node: nodeId, variable: name } },
      );
    }
  }
  const count = size ?? 1;
  const out: LiteralMap[] = [];
  for (let i = 0; i < count; i++) {
    const entries: Record<string, Literal> = {};
    for (const [name, lit] of Object.entries(inputs.literals)) {
      entries[name] =
        !bound.has(name) && lit.value.case === "collection" ? (lit.value.value.literals[i] as Literal) : lit;
    }
    out.push(literalMap(entries));
  }
  return out;
}
