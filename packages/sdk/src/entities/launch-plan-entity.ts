import type { DurationLike } from "../authoring/duration.js";
import type { EntityInterface } from "../authoring/interface.js";
import { Entity } from "./entity.js";
import type { WorkflowEntity } from "./workflow-entity.js";

/** When a launch plan runs by itself. */
export type Schedule =
  | { readonly cron: string; readonly kickoffInput?: string }
  | { readonly every: DurationLike; readonly kickoffInput?: string };

/** Terminal execution phases a notification can be sent on. */
export type NotificationPhase = "succeeded" | "failed" | "aborted" | "timedOut";

/** Who hears about an execution reaching `on` phases, and how. */
export interface NotificationSpec {
  /** The phases that trigger it. */
  readonly on: readonly NotificationPhase[];
  /** Email recipients. */
  readonly email?: readonly string[];
  /** Slack recipients (channel addresses, as Flyte's Slack notifications take them). */
  readonly slack?: readonly string[];
  /** PagerDuty recipients. */
  readonly pagerDuty?: readonly string[];
}

/** A launch plan's settings as stored on its entity (`LaunchPlanOptions` is the typed way to give them). */
export interface LaunchPlanSettings {
  readonly name?: string;
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly fixed?: Readonly<Record<string, unknown>>;
  readonly schedule?: Schedule;
  readonly notifications?: readonly NotificationSpec[];
  /** Labels put on every execution of the launch plan. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations put on every execution of the launch plan. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** How many nodes of an execution may run at once. */
  readonly maxParallelism?: number;
  readonly interruptible?: boolean;
  readonly overwriteCache?: boolean;
  readonly environment?: Readonly<Record<string, string>>;
  /** Where raw outputs go (e.g. `s3://bucket/prefix`). */
  readonly rawOutputPrefix?: string;
}

/** A launch plan: a workflow with default and fixed inputs, a schedule and notifications. */
export class LaunchPlanEntity extends Entity {
  readonly kind = "launchPlan" as const;
  readonly workflow: WorkflowEntity;
  readonly settings: LaunchPlanSettings;
  /** The launch plan Flyte makes for every workflow, named like it. */
  readonly isDefault: boolean;

  constructor(opts: {
    iface: EntityInterface;
    workflow: WorkflowEntity;
    settings: LaunchPlanSettings;
    definedAt: string;
    isDefault?: boolean;
    reference?: { project: string; domain: string; version: string } | undefined;
  }) {
    super({ iface: opts.iface, name: opts.settings.name, definedAt: opts.definedAt, reference: opts.reference });
    this.workflow = opts.workflow;
    this.settings = opts.settings;
    this.isDefault = opts.isDefault ?? false;
  }

  override get name(): string | undefined {
    return this.isDefault ? this.workflow.name : super.name;
  }
}
