import type { Notification } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { ExecutionSpec } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

export type NotificationChannel = "Email" | "Slack" | "PagerDuty" | "Unknown";

/** One notification as a table row: on which phases, over which channel, to whom. */
export interface NotificationRow {
  /** Lower-case phase words: `failed`, `timed out`. */
  readonly phases: readonly string[];
  readonly channel: NotificationChannel;
  readonly recipients: readonly string[];
  /** The notification's own message template, when it has one. */
  readonly template: string;
}

const phaseWord = (p: WorkflowExecution_Phase): string =>
  (WorkflowExecution_Phase[p] ?? String(p)).toLowerCase().replace(/_/g, " ");

export function notificationRow(n: Notification): NotificationRow {
  const phases = n.phases.map(phaseWord);
  const t = n.type;
  switch (t.case) {
    case "email":
      return { phases, channel: "Email", recipients: t.value.recipientsEmail, template: t.value.template };
    case "slack":
      return { phases, channel: "Slack", recipients: t.value.recipientsEmail, template: t.value.template };
    case "pagerDuty":
      return { phases, channel: "PagerDuty", recipients: t.value.recipientsEmail, template: t.value.template };
    case undefined:
      return { phases, channel: "Unknown", recipients: [], template: "" };
    default: {
      const never: never = t;
      return { phases, channel: "Unknown", recipients: [String(never)], template: "" };
    }
  }
}

export const notificationRows = (list: readonly Notification[] | undefined): NotificationRow[] =>
  (list ?? []).map(notificationRow);

/** `failed, timed out → Email oncall@example.com, lead@example.com`. */
export function notificationLine(r: NotificationRow): string {
  const phases = r.phases.length > 0 ? r.phases.join(", ") : "no phase";
  return `${phases} → ${r.channel} ${r.recipients.join(", ") || "(no recipients)"}`;
}

/**
 * An execution's notification overrides, as Flyte applies them: `disabled` (disable_all), its own
 * list (which replaces the launch plan's), or `inherit` when the launch plan's apply (no override,
 * `disable_all: false`, or an empty list).
 */
export type NotificationOverride =
  { kind: "inherit" } | { kind: "disabled" } | { kind: "own"; rows: readonly NotificationRow[] };

export function notificationOverride(spec: ExecutionSpec | undefined): NotificationOverride {
  const o = spec?.notificationOverrides;
  switch (o?.case) {
    case undefined:
      return { kind: "inherit" };
    case "disableAll":
      return o.value ? { kind: "disabled" } : { kind: "inherit" };
    case "notifications":
      return o.value.notifications.length > 0
        ? { kind: "own", rows: notificationRows(o.value.notifications) }
        : { kind: "inherit" };
    default: {
      const never: never = o;
      return { kind: "own", rows: [notificationRow(never)] };
    }
  }
}
