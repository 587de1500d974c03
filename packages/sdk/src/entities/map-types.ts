import type { EntityInterface } from "../authoring/interface.js";
import type { FlyteType } from "../types/flyte-type.js";
import { listOf } from "./list-of.js";

/** The inputs of a mapped task: lists of the task's inputs, except the bound (fixed) ones. */
export function mapInputTypes(iface: EntityInterface, bound: readonly string[]): Record<string, FlyteType<unknown>> {
  const out: Record<string, FlyteType<unknown>> = {};
  for (const [name, type] of Object.entries(iface.inputs)) out[name] = bound.includes(name) ? type : listOf(type);
  return out;
}

/** The outputs of a mapped task: a list per output. */
export function mapOutputTypes(iface: EntityInterface): Record<string, FlyteType<unknown>> {
  const out: Record<string, FlyteType<unknown>> = {};
  for (const [name, type] of Object.entries(iface.outputs)) out[name] = listOf(type);
  return out;
}
