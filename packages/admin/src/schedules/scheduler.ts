import { fromBinary } from "@bufbuild/protobuf";
import { errorMessage, isFlyteError } from "@flyte-ts/core";
import type { ExecutionCreateRequest } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { LaunchPlanSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { Kysely } from "kysely";
import { systemScheduler, type Scheduler as Clock, type TimerHandle } from "../notifications/scheduler.js";
import type { Schema } from "../persistence/schema.js";
import { planSlots, type CatchUpPolicy } from "./plan-slots.js";
import { nextFireTime, readScheduleDefinition, type ScheduleDefinition } from "./schedule-definition.js";
import { scheduleKey, ScheduleStore, type ScheduledLaunchPlan, type ScheduleState } from "./schedule-store.js";
import { scheduledExecutionName, scheduledExecutionRequest } from "./scheduled-execution.js";
import { toScheduleView, type ScheduleView } from "./schedule-view.js";

/** A clock and one-shot timers (`ManualScheduler` in tests, `systemScheduler` by default). */
export type SchedulerClock = Clock;

export interface SchedulerOptions {
  /** The control plane's database: launch plans and the `schedule_states` cursors. */
  db: Kysely<Schema>;
  /** Where executions are created (`createExecutionServices(...).executions`). */
  executions: { create(req: ExecutionCreateRequest): Promise<unknown> };
  clock?: SchedulerClock;
  /** Missed fire times after a restart. Default `last`. */
  catchUp?: CatchUpPolicy;
  /** At most this many missed fire times per schedule with `all`. Default 100. */
  maxCatchUp?: number;
  /** How often the launch plans are re-read (activations, deactivations). Default 10 s. */
  pollIntervalMs?: number;
  /** A failed launch (retried on the next passes, up to 5 attempts) or a failed pass. */
  onError?: (error: unknown, where: string) => void;
}

/** Attempts of one fire time before the scheduler records the failure and moves on. */
const MAX_ATTEMPTS = 5;

/**
 * Flyte's native scheduler: launches the ACTIVE version of every scheduled launch plan at each
 * fire time (brief §8.1). Each pass re-reads the active launch plans and the cursors, launches the
 * due fire times (catching up missed ones per policy), then sleeps until the next fire time or the
 * next poll, whichever is sooner. Launches are idempotent by name (`scheduledExecutionName`):
 * several schedulers on one database launch each fire time once.
 */
export class Scheduler {
  readonly catchUp: CatchUpPolicy;
  readonly maxCatchUp: number;
  readonly pollIntervalMs: number;
  readonly #store: ScheduleStore;
  readonly #executions: SchedulerOptions["executions"];
  readonly #clock: SchedulerClock;
  readonly #onError: (error: unknown, where: string) => void;
  readonly #definitions = new Map<string, ScheduleDefinition | null>();
  readonly #retries = new Map<string, { slot: number; attempts: number }>();
  #timer: TimerHandle | undefined;
  #running: Promise<void> | undefined;
  #rerun = false;
  #started = false;
  #stopped = false;

  constructor(options: SchedulerOptions) {
    this.#store = new ScheduleStore({ db: options.db });
    this.#executions = options.executions;
    this.#clock = options.clock ?? systemScheduler;
    this.#onError = options.onError ?? (() => undefined);
    this.catchUp = options.catchUp ?? "last";
    this.maxCatchUp = Math.max(0, options.maxCatchUp ?? 100);
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 10_000);
  }

  /** A fire time at most this late is on time: launched whatever the catch-up policy. */
  get graceMs(): number {
    return Math.max(2 * this.pollIntervalMs, 60_000);
  }

  get started(): boolean {
    return this.#started && !this.#stopped;
  }

  /** Runs a first pass now, then keeps running. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#wakeIn(0);
  }

  /** Stops the timers and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    await this.settled();
  }

  /** Runs a pass now (e.g. right after an activation) and resolves when it is done. */
  refresh(): Promise<void> {
    return this.#run();
  }

  /** Resolves when no pass is in flight. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** The active schedules of a project/domain with their next `count` fire times. */
  async describe(scope: { project: string; domain: string }, count: number): Promise<ScheduleView[]> {
    const [plans, states] = await Promise.all([this.#store.activeScheduled(scope), this.#store.states(scope)]);
    const now = this.#clock.now();
    return plans.map((lp) =>
      toScheduleView({
        lp,
        definition: this.#definition(lp),
        state: states.get(scheduleKey(lp.id)),
        now,
        count,
        catchUp: this.catchUp,
      }),
    );
  }

  #wakeIn(delayMs: number): void {
    this.#timer?.cancel();
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimer(delayMs, () => {
      this.#timer = undefined;
      void this.#run();
    });
  }

  #run(): Promise<void> {
    if (this.#running) {
      this.#rerun = true;
      return this.#running;
    }
    const pass = (async () => {
      let wake: number;
      do {
        this.#rerun = false;
        try {
          wake = await this.#pass();
        } catch (e) {
          this.#onError(e, "scheduler pass");
          wake = this.#clock.now() + this.pollIntervalMs;
        }
      } while (this.#rerun && !this.#stopped);
      if (this.#started) this.#wakeIn(Math.max(0, wake - this.#clock.now()));
    })().finally(() => {
      this.#running = undefined;
    });
    this.#running = pass;
    return pass;
  }

  /** One pass over every active schedule; returns when the next one is due. */
  async #pass(): Promise<number> {
    const now = this.#clock.now();
    const [plans, states] = await Promise.all([this.#store.activeScheduled(), this.#store.states()]);
    let wake = now + this.pollIntervalMs;
    const seen = new Set<string>();
    for (const lp of plans) {
      if (this.#stopped) break;
      const key = scheduleKey(lp.id);
      seen.add(key);
      const definition = this.#definition(lp);
      if (!definition) continue;
      try {
        await this.#fire(lp, definition, states.get(key), now);
      } catch (e) {
        this.#onError(e, `schedule ${key}`);
      }
      const next = nextFireTime(definition, this.#clock.now(), lp.activatedAt);
      if (next !== undefined) wake = Math.min(wake, next);
    }
    for (const key of [...this.#retries.keys()]) if (!seen.has(key)) this.#retries.delete(key);
    return wake;
  }

  /** Launches the due fire times of one schedule and moves its cursor. */
  async #fire(lp: ScheduledLaunchPlan, d: ScheduleDefinition, state: ScheduleState | undefined, now: number) {
    const key = scheduleKey(lp.id);
    const from = Math.max(state?.lastSlot ?? Number.NEGATIVE_INFINITY, lp.activatedAt);
    const retry = this.#retries.get(key);
    const plan = planSlots({
      definition: d,
      anchor: lp.activatedAt,
      from,
      now,
      policy: this.catchUp,
      maxCatchUp: this.maxCatchUp,
      graceMs: this.graceMs,
      ...(retry ? { retrySlot: retry.slot } : {}),
    });
    for (const slot of plan.launch) {
      const failure = await this.#launch(lp, d, slot);
      if (!failure) {
        this.#retries.delete(key);
        await this.#store.advance(lp.id, slot, scheduledExecutionName(lp.id, slot), this.#clock.now());
        continue;
      }
      const attempts = (retry?.slot === slot ? retry.attempts : 0) + 1;
      const message = `launching ${new Date(slot).toISOString()} failed (attempt ${attempts}): ${errorMessage(failure.error)}`;
      this.#onError(failure.error, `schedule ${key} at ${new Date(slot).toISOString()}`);
      if (failure.retryable && attempts < MAX_ATTEMPTS) {
        this.#retries.set(key, { slot, attempts });
        await this.#store.recordError(lp.id, message, state?.lastSlot ?? 0, this.#clock.now());
        return;
      }
      // Permanent (or retried enough): record it and go on with the next fire time.
      this.#retries.delete(key);
      await this.#store.advance(lp.id, slot, undefined, this.#clock.now());
      await this.#store.recordError(lp.id, message, slot, this.#clock.now());
    }
    const last = plan.launch[plan.launch.length - 1];
    if (plan.latest !== undefined && plan.latest !== last) {
      await this.#store.advance(lp.id, plan.latest, undefined, this.#clock.now());
    }
  }

  /** Creates the execution of one fire time; ALREADY_EXISTS (another scheduler did) is success. */
  async #launch(
    lp: ScheduledLaunchPlan,
    d: ScheduleDefinition,
    slot: number,
  ): Promise<{ error: unknown; retryable: boolean } | undefined> {
    try {
      await this.#executions.create(scheduledExecutionRequest(lp.id, slot, d.kickoffTimeInputArg));
      return undefined;
    } catch (e) {
      if (isFlyteError(e) && e.status === "already_exists") return undefined;
      const retryable = !isFlyteError(e) || e.retryable || e.kind === "system";
      return { error: e, retryable };
    }
  }

  /** The schedule of a launch plan version, read once; null (reported once) when unreadable. */
  #definition(lp: ScheduledLaunchPlan): ScheduleDefinition | null {
    const key = `${scheduleKey(lp.id)}@${lp.id.version}`;
    const known = this.#definitions.get(key);
    if (known !== undefined) return known;
    const schedule = fromBinary(LaunchPlanSpecSchema, lp.spec).entityMetadata?.schedule;
    const read = schedule ? readScheduleDefinition(schedule) : { ok: false as const, message: "no schedule" };
    const definition = read.ok ? read.definition : null;
    if (!read.ok) this.#onError(new Error(`launch plan ${key}: ${read.message}`), "scheduler");
    if (this.#definitions.size > 10_000) this.#definitions.clear();
    this.#definitions.set(key, definition);
    return definition;
  }
}
