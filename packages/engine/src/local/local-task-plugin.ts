import {
  executeTaskEntity,
  expandDynamicEntity,
  TaskEntity,
  TS_TASK_TYPE,
  type DataAccess,
  type Entity,
} from "@flyte-ts/sdk";
import { InProcessPlugin } from "../plugins/in-process/in-process-plugin.js";
import { LocalNames } from "./entity-names.js";

/**
 * The in-process plugin for local runs: `ts-task` tasks run their SDK body in this process
 * (function tasks through the type engine, dynamic tasks expanded into futures.pb), found by the
 * task name the SDK serialized.
 */
export class LocalTaskPlugin extends InProcessPlugin {
  readonly #data: DataAccess | undefined;
  readonly #names: () => LocalNames | undefined;
  readonly #known = new Set<TaskEntity>();
  readonly #lasting = new LocalNames();

  constructor(options: { readonly data?: DataAccess; readonly names: () => LocalNames | undefined }) {
    super({ taskTypes: [TS_TASK_TYPE] });
    this.#data = options.data;
    this.#names = options.names;
  }

  /** Makes the bodies of these entities (the tasks among them) runnable. */
  add(entities: Iterable<Entity>): void {
    for (const e of entities) {
      if (!(e instanceof TaskEntity) || this.#known.has(e) || e.name === undefined) continue;
      const variant = e.variant;
      const opts = this.#data ? { data: this.#data } : {};
      if (variant.kind === "function") {
        this.#known.add(e);
        this.register(e.name, (inputs) => executeTaskEntity(e, inputs, opts));
      } else if (variant.kind === "map") {
        // The array node's sub-node runs the mapped task's body on one index's inputs.
        const of = variant.map.of;
        this.#known.add(e);
        this.register(e.name, (inputs) => executeTaskEntity(of, inputs, opts));
      } else if (variant.kind === "dynamic") {
        this.#known.add(e);
        this.register(e.name, (inputs) =>
          expandDynamicEntity(e, inputs, {
            ...opts,
            beforeSerialize: (used) => {
              // The run's names (restored when it ends); a body expanding after that keeps its names.
              (this.#names() ?? this.#lasting).name(used);
              this.add(used);
            },
          }),
        );
      }
    }
  }
}
