import type { Literal, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap } from "@flyte-ts/idl";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import type { EntityInterface } from "../authoring/interface.js";
import type { DataAccess, FlyteType } from "../types/flyte-type.js";
import { UserError } from "@flyte-ts/core";

/** Options of a local task run (`task.run`, `task.execute`, `dynamic.expand`). */
export interface RunOptions {
  /** Where files, directories and dataframes are read and written. */
  readonly data?: DataAccess;
}

/**
 * Checks input names, applies defaults and round-trips every value through its Flyte type
 * (so a value the type engine cannot represent fails here, as it would remotely).
 */
export async function prepareInputs(
  label: string,
  iface: EntityInterface,
  inputs: Readonly<Record<string, unknown>>,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(inputs)) {
    if (!(name in iface.inputs)) {
      throw new AuthoringError(
        AuthoringErrorCode.VariableNameNotFound,
        `${label} has no input '${name}' (its inputs: ${Object.keys(iface.inputs).join(", ") || "none"})`,
        { variable: name },
      );
    }
  }
  for (const [name, type] of Object.entries(iface.inputs)) {
    const given = inputs[name];
    const value = given !== undefined ? given : iface.defaults[name];
    if (value === undefined && !(name in iface.defaults)) {
      throw new AuthoringError(AuthoringErrorCode.ParameterNotBound, `${label}: input '${name}' is not given`, {
        variable: name,
      });
    }
    out[name] = await roundTrip(type, value, `input '${name}' of ${label}`, opts);
  }
  return out;
}

/** Converts a body's return value to named outputs, round-tripping each through its type. */
export async function collectOutputs(
  label: string,
  iface: EntityInterface,
  returned: unknown,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  const names = Object.keys(iface.outputs);
  if (names.length === 0) return {};
  const record: Record<string, unknown> = iface.single
    ? { o0: returned }
    : ((returned ?? {}) as Record<string, unknown>);
  if (!iface.single && (typeof returned !== "object" || returned === null)) {
    throw new UserError("OutputsNotFound", `${label} must return an object with outputs ${names.join(", ")}`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(iface.outputs)) {
    if (!(name in record)) throw new UserError("OutputsNotFound", `${label} did not return output '${name}'`);
    out[name] = await roundTrip(type, record[name], `output '${name}' of ${label}`, opts);
  }
  return out;
}

/** The TS value of outputs: bare for a single output, the record otherwise, void for none. */
export function shapeOutputs(iface: EntityInterface, outputs: Readonly<Record<string, unknown>>): unknown {
  if (iface.single) return outputs.o0;
  return Object.keys(iface.outputs).length === 0 ? undefined : outputs;
}

async function roundTrip(type: FlyteType<unknown>, value: unknown, what: string, opts: RunOptions): Promise<unknown> {
  const ctx = opts.data ? { what, data: opts.data } : { what };
  const lit = await type.toLiteral(value, ctx);
  return type.fromLiteral(lit, ctx);
}

/** Decodes a LiteralMap of inputs into TS values with the entity's types. */
export async function inputsFromLiterals(
  label: string,
  iface: EntityInterface,
  map: LiteralMap,
  opts: RunOptions,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(iface.inputs)) {
    const lit = map.literals[name];
    const what = `input '${name}' of ${label}`;
    if (lit === undefined) {
      if (name in iface.defaults) out[name] = iface.defaults[name];
      else throw new UserError("InputsNotFound", `${label}: input '${name}' is missing`);
      continue;
    }
    out[name] = await type.fromLiteral(lit, opts.data ? { what, data: opts.data } : { what });
  }
  return out;
}

/** Encodes named output values into a LiteralMap. */
export async function outputsToLiterals(
  label: string,
  iface: EntityInterface,
  outputs: Readonly<Record<string, unknown>>,
  opts: RunOptions,
): Promise<LiteralMap> {
  const lits: Record<string, Literal> = {};
  for (const [name, type] of Object.entries(iface.outputs)) {
    const what = `output '${name}' of ${label}`;
    lits[name] = await type.toLiteral(outputs[name], opts.data ? { what, data: opts.data } : { what });
  }
  return literalMap(lits);
}
