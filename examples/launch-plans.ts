/** Launch plans (flytesnacks `lp`, `scheduling`): defaults, fixed inputs, schedules, notifications. */
import { launchPlan, t, task, workflow } from "@flyte-ts/sdk";

export const square = task({ inputs: { val: t.int }, outputs: t.int }, ({ val }) => val * val);

export const myWf = workflow({ inputs: { val: t.int }, outputs: t.int }, ({ val }) => square({ val }));

/** Runs `myWf` with val = 4 unless told otherwise. */
export const default4Lp = launchPlan(myWf, { name: "default_4_lp", defaults: { val: 4 } });

/** Always val = 4. */
export const always2Lp = launchPlan(myWf, { name: "always_2_lp", fixed: { val: 4 } });

export const greet = task(
  { inputs: { day: t.string, when: t.datetime }, outputs: t.string },
  ({ day, when }) => `Good morning on ${day} (${when.toISOString()})`,
);

export const goGreet = workflow({ inputs: { day: t.string, when: t.datetime }, outputs: t.string }, ({ day, when }) =>
  greet({ day, when }),
);

/** Every weekday at 9:00; the kickoff time arrives as input `when`. */
export const morningGreeting = launchPlan(goGreet, {
  name: "morning_greeting",
  defaults: { day: "weekday" },
  schedule: { cron: "0 9 * * 1-5", kickoffInput: "when" },
  notifications: [{ on: ["failed", "timedOut"], email: ["oncall@example.com"] }],
  labels: { team: "greetings" },
  annotations: { owner: "flyte-ts" },
  maxParallelism: 5,
});

export const heartbeat = workflow(
  { inputs: { note: t.string }, outputs: t.string, defaults: { note: "alive" } },
  ({ note }) => greet({ day: note, when: new Date(0) }),
);

/** Every 10 minutes, no kickoff input. */
export const heartbeatLp = launchPlan(heartbeat, { name: "heartbeat_every_10m", schedule: { every: "10m" } });

/** A workflow calling a launch plan: a child execution. */
export const parentOfLp = workflow({ outputs: t.int }, () => default4Lp({}));
