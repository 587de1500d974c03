import { UserError } from "@flyte-ts/core";
import { EngineErrorCode } from "../model/node-error.js";
import type { TaskPlugin } from "./task-plugin.js";

export interface PluginRegistryOptions {
  readonly plugins: readonly TaskPlugin[];
  /** Used for task types no plugin claims; without it such tasks fail with `NoPluginForTaskType`. */
  readonly defaultPlugin?: TaskPlugin;
}

/** Task type → plugin. A task type claimed by two plugins is a configuration error. */
export class PluginRegistry {
  readonly #byType = new Map<string, TaskPlugin>();
  readonly #default: TaskPlugin | undefined;

  constructor(options: PluginRegistryOptions) {
    for (const p of options.plugins) {
      for (const t of p.taskTypes) {
        const other = this.#byType.get(t);
        if (other && other !== p) {
          throw new UserError("DuplicateTaskType", `task type ${t} is claimed by plugins ${other.id} and ${p.id}`);
        }
        this.#byType.set(t, p);
      }
    }
    this.#default = options.defaultPlugin;
  }

  resolve(taskType: string): TaskPlugin {
    const p = this.#byType.get(taskType) ?? this.#default;
    if (!p) {
      throw new UserError(EngineErrorCode.NoPluginForTaskType, `no task plugin handles task type "${taskType}"`, {
        details: { taskType },
      });
    }
    return p;
  }
}
