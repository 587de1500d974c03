import {
  InProcessLaunchPlanExecutor,
  type ChildStatus,
  type Engine,
  type LaunchPlanExecutor,
  type LaunchRequest,
} from "@flyte-ts/engine";
import type { ExecutionServices } from "./admin-internals.js";

/**
 * Child executions of launch-plan nodes as the control plane's executions: `launch` goes through
 * admin (a real execution row, mode CHILD_WORKFLOW, linked to its parent node, inputs merged and
 * type-checked like CreateExecution), which hands it to this same engine; status, watch and the
 * cascading abort read the engine directly.
 */
export class AdminLaunchPlanExecutor implements LaunchPlanExecutor {
  readonly #executions: ExecutionServices["executions"];
  readonly #local: InProcessLaunchPlanExecutor;

  constructor(options: { executions: ExecutionServices["executions"]; engine: Engine }) {
    this.#executions = options.executions;
    this.#local = new InProcessLaunchPlanExecutor({ engine: options.engine, resolve: () => undefined });
  }

  launch(r: LaunchRequest): Promise<void> {
    return this.#executions.createChild({
      childId: r.childId,
      launchPlanId: r.launchPlanId,
      inputs: r.inputs,
      parent: r.parent,
      maxParallelism: r.maxParallelism,
      overwriteCache: r.overwriteCache,
      ...(r.interruptible === undefined ? {} : { interruptible: r.interruptible }),
      ...(r.recoverFrom ? { recoverFrom: r.recoverFrom } : {}),
    });
  }

  status(childId: LaunchRequest["childId"]): Promise<ChildStatus> {
    return this.#local.status(childId);
  }

  abort(childId: LaunchRequest["childId"], reason: string): Promise<void> {
    return this.#local.abort(childId, reason);
  }

  watch(childId: LaunchRequest["childId"], listener: () => void): () => void {
    return this.#local.watch(childId, listener);
  }
}
