import type { FlyteType } from "../types/flyte-type.js";
import { outputRefs } from "./call.js";
import { toBinding } from "./bindings.js";
import type { DurationLike } from "./duration.js";
import { durationSeconds } from "./duration.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";
import { currentBuilder, type BindingValue, type GateSpec, type GraphBuilder } from "./graph.js";
import type { NodeHandle } from "./interface.js";
import { refData, type Ref } from "./refs.js";

function gateBuilder(what: string): GraphBuilder {
  const b = currentBuilder();
  if (!b)
    throw new AuthoringError(AuthoringErrorCode.InvalidWorkflowBody, `${what} must be used inside a workflow body`);
  return b;
}

function addGate(
  builder: GraphBuilder,
  gate: GateSpec,
  label: string,
  outputs: Readonly<Record<string, FlyteType<unknown>>>,
  inputs: Map<string, BindingValue>,
  timeout: DurationLike | undefined,
) {
  const id = builder.nextId();
  const node = {
    id,
    target: { kind: "gate" as const, gate },
    inputs,
    outputs,
    after: new Set<string>(),
    overrides: timeout === undefined ? {} : { timeout },
    label: `node ${id} (${label})`,
  };
  builder.add(node);
  return node;
}

/** Waits for a duration before the nodes that `sequence` puts after it. */
export function sleep(duration: DurationLike): NodeHandle {
  const builder = gateBuilder("sleep(...)");
  durationSeconds(duration, `${builder.label}: sleep`);
  const node = addGate(builder, { kind: "sleep", duration }, "sleep", {}, new Map(), undefined);
  return { nodeId: node.id };
}

/**
 * Waits for a person to approve `value` (signal `name`); the result passes `value` through.
 * Rejection fails the workflow.
 */
export function approve<T>(value: Ref<T>, name: string, options: { timeout?: DurationLike } = {}): Ref<T> {
  const builder = gateBuilder(`approve '${name}'`);
  const ref = refData(value);
  if (!ref)
    throw new AuthoringError(
      AuthoringErrorCode.InvalidValue,
      `${builder.label}: approve '${name}' needs a promise to approve`,
    );
  const inputs = new Map([["o0", toBinding(value, ref.type, `input of approve '${name}'`, builder)]]);
  const node = addGate(
    builder,
    { kind: "approve", signalId: name },
    `approve '${name}'`,
    { o0: ref.type },
    inputs,
    options.timeout,
  );
  return outputRefs(node, true, builder) as Ref<T>;
}

/** Waits for a typed value to be sent to the execution as signal `name`. */
export function waitForSignal<T>(name: string, type: FlyteType<T>, options: { timeout?: DurationLike } = {}): Ref<T> {
  const builder = gateBuilder(`waitForSignal '${name}'`);
  const node = addGate(
    builder,
    { kind: "signal", signalId: name, type: type },
    `signal '${name}'`,
    { o0: type },
    new Map(),
    options.timeout,
  );
  return outputRefs(node, true, builder) as Ref<T>;
}
