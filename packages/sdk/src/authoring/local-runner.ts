import type { Entity } from "../entities/entity.js";
import { shapeOutputs } from "../entities/task-run.js";
import { AuthoringError, AuthoringErrorCode } from "./errors.js";

/**
 * Runs a workflow or launch plan locally and returns its outputs by name. The engine registers
 * one (`setLocalRunner`) so `await myWorkflow({...})` runs through the real engine.
 */
export type LocalRunner = (
  entity: Entity,
  inputs: Readonly<Record<string, unknown>>,
) => Promise<Record<string, unknown>>;

let runner: LocalRunner | undefined;

/** Registers (or, with `undefined`, removes) the runner used when a workflow is called directly. */
export function setLocalRunner(next: LocalRunner | undefined): void {
  runner = next;
}

/** Runs `entity` through the registered runner; a clear error when there is none. */
export async function runLocally(entity: Entity, inputs: Readonly<Record<string, unknown>>): Promise<unknown> {
  if (!runner) {
    throw new AuthoringError(
      AuthoringErrorCode.NoLocalRunner,
      `${entity.label} was called outside a workflow, which runs it locally, and local runs need the engine: ` +
        "register a runner with setLocalRunner(...) (the engine package provides one) or use `flyte run`",
    );
  }
  const outputs = await runner(entity, inputs);
  return shapeOutputs(entity.iface, outputs);
}
