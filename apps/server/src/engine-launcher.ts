import type { Engine } from "@flyte-ts/engine";
import type { ExecutionLauncher, LaunchRequest } from "./admin-internals.js";

/** The control plane's view of the in-process engine: CreateExecution → `createExecution`, Terminate → `abort`. */
export class EngineLauncher implements ExecutionLauncher {
  readonly #engine: () => Engine;

  /** `engine` is a getter because the engine is built after admin (it needs admin's event sink). */
  constructor(options: { engine: () => Engine }) {
    this.#engine = options.engine;
  }

  async launch(r: LaunchRequest): Promise<void> {
    await this.#engine().createExecution({
      id: r.id,
      closure: r.closure,
      inputs: r.inputs,
      config: {
        overwriteCache: r.overwriteCache,
        maxParallelism: r.maxParallelism,
        ...(r.interruptible === undefined ? {} : { interruptible: r.interruptible }),
        ...(r.recoverFrom ? { recoverFrom: r.recoverFrom } : {}),
        ...(r.parent ? { parent: r.parent } : {}),
      },
    });
  }

  abort(id: LaunchRequest["id"], cause: string): Promise<void> {
    return this.#engine().abort(id, cause);
  }
}
