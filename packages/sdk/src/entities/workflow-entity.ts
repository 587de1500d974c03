import type { BindingValue, GraphNode } from "../authoring/graph.js";
import type { EntityInterface } from "../authoring/interface.js";
import { Entity } from "./entity.js";

/** Workflow-level settings (flytekit's `@workflow` arguments). */
export interface WorkflowSettings {
  readonly name?: string;
  readonly description?: string;
  /** `"immediately"` (default) fails at the first failed node; `"afterRunnableNodes"` lets others finish. */
  readonly failurePolicy?: "immediately" | "afterRunnableNodes";
  /** Default `interruptible` for the workflow's nodes. */
  readonly interruptible?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A workflow: its interface and the graph its body built. */
export class WorkflowEntity extends Entity {
  readonly kind = "workflow" as const;
  readonly settings: WorkflowSettings;
  /** Filled once the body ran (at definition time). */
  nodes: readonly GraphNode[] = [];
  outputBindings: ReadonlyMap<string, BindingValue> = new Map();

  constructor(opts: {
    iface: EntityInterface;
    settings: WorkflowSettings;
    fnName?: string | undefined;
    definedAt: string;
    reference?: { project: string; domain: string; version: string } | undefined;
  }) {
    super({
      iface: opts.iface,
      name: opts.settings.name,
      fnName: opts.fnName,
      definedAt: opts.definedAt,
      description: opts.settings.description,
      reference: opts.reference,
    });
    this.settings = opts.settings;
  }
}
