import type { EntityInterface } from "../authoring/interface.js";

/** The kinds of entity a Flyte package holds (one `.pb` file suffix each: `_1` task, `_2` workflow, `_3` launch plan). */
export type EntityKind = "task" | "workflow" | "launchPlan";

/** How an entity is named: explicitly, or after the module and export that hold it. */
export interface Naming {
  /** Set by the user (`name` option). */
  explicit?: string;
  /** Module path relative to the package root without extension, dots for slashes. */
  module?: string;
  /** Path of the module file relative to the package root (for the task runtime). */
  modulePath?: string;
  exportName?: string;
}

/** What all entities share: a kind, an interface, a name once known. */
export abstract class Entity {
  abstract readonly kind: EntityKind;
  readonly naming: Naming;
  readonly iface: EntityInterface;
  readonly definedAt: string;
  readonly description: string;
  /** Reference entities point at registered ones: project/domain/version are fixed. */
  readonly reference: { project: string; domain: string; version: string } | undefined;

  constructor(opts: {
    iface: EntityInterface;
    name?: string | undefined;
    fnName?: string | undefined;
    definedAt: string;
    description?: string | undefined;
    reference?: { project: string; domain: string; version: string } | undefined;
  }) {
    this.iface = opts.iface;
    this.naming = opts.name !== undefined ? { explicit: opts.name } : {};
    this.fnName = opts.fnName;
    this.definedAt = opts.definedAt;
    this.description = opts.description ?? "";
    this.reference = opts.reference;
  }

  private readonly fnName: string | undefined;

  /** The Flyte name (`module.export` by default), once known. */
  get name(): string | undefined {
    if (this.naming.explicit !== undefined) return this.naming.explicit;
    if (this.naming.module !== undefined && this.naming.exportName !== undefined) {
      return this.naming.module ? `${this.naming.module}.${this.naming.exportName}` : this.naming.exportName;
    }
    return undefined;
  }

  /** A short name for node metadata: the export or function name. */
  get shortName(): string {
    return this.naming.exportName ?? this.fnName ?? this.name?.split(".").pop() ?? this.kind;
  }

  /** How messages refer to this entity: `task 'add'` or `task defined at basic.ts:12`. */
  get label(): string {
    const kind = this.kind === "launchPlan" ? "launch plan" : this.kind;
    const n = this.name ?? (this.fnName ? this.fnName : undefined);
    return n !== undefined ? `${kind} '${n}'` : `${kind} defined at ${this.definedAt}`;
  }
}
