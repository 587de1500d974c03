import type { EntityInterface } from "../authoring/interface.js";
import { Entity } from "./entity.js";
import type { TaskSettings } from "./task-options.js";

/** How a raw container task receives inputs and returns outputs (Flyte's copilot data config). */
export interface ContainerSpec {
  readonly image: string;
  readonly command: readonly string[];
  readonly args: readonly string[];
  readonly inputDir: string;
  readonly outputDir: string;
  readonly format: "json" | "yaml" | "proto";
}

/** A derived task mapping `of` over lists (serialized as an ArrayNode's sub-task). */
export interface MapSpec {
  readonly of: TaskEntity;
  readonly boundInputs: readonly string[];
}

/**
 * What runs when a task runs: a TS function, a dynamic body (builds a workflow at run time), a
 * container command, a mapped task, or nothing here (a reference to a registered task).
 */
export type TaskVariant =
  | { readonly kind: "function"; readonly fn: (inputs: Record<string, unknown>) => unknown }
  | { readonly kind: "dynamic"; readonly fn: (inputs: Record<string, unknown>) => unknown }
  | { readonly kind: "container"; readonly container: ContainerSpec }
  | { readonly kind: "map"; readonly map: MapSpec }
  | { readonly kind: "reference" };

/** A task: interface, settings and what runs. */
export class TaskEntity extends Entity {
  readonly kind = "task" as const;
  readonly settings: TaskSettings;
  readonly variant: TaskVariant;

  constructor(opts: {
    iface: EntityInterface;
    settings: TaskSettings;
    variant: TaskVariant;
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
    this.variant = opts.variant;
  }

  override get shortName(): string {
    return this.variant.kind === "map" ? `map_${this.variant.map.of.shortName}` : super.shortName;
  }

  /** Map tasks are named after the task they map: `<module>.map_<name>`. */
  override get name(): string | undefined {
    if (this.variant.kind !== "map") return super.name;
    const of = this.variant.map.of;
    const base = of.name;
    if (base === undefined) return undefined;
    const dot = base.lastIndexOf(".");
    const bound = this.variant.map.boundInputs.length ? `_${this.variant.map.boundInputs.join("_")}` : "";
    return `${base.slice(0, dot + 1)}map_${base.slice(dot + 1)}${bound}`;
  }
}
