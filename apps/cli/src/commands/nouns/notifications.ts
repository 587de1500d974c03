import type { Notification } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { WorkflowExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

/** Where one notification goes: `email a@x.com,b@x.com`, `slack #chan`, `pagerduty oncall@x.com`. */
function target(n: Notification): string {
  const t = n.type;
  switch (t.case) {
    case "email":
      return `email ${t.value.recipientsEmail.join(",")}`;
    case "slack":
      return `slack ${t.value.recipientsEmail.join(",")}`;
    case "pagerDuty":
      return `pagerduty ${t.value.recipientsEmail.join(",")}`;
    case undefined:
      return "nowhere";
    default: {
      const unknown: never = t;
      return String(unknown);
    }
  }
}

/** One notification, readable: `FAILED,TIMED_OUT → email oncall@example.com`. */
export function describeNotification(n: Notification): string {
  const phases = n.phases.map((p) => WorkflowExecution_Phase[p] ?? String(p)).join(",") || "no phase";
  return `${phases} → ${target(n)}`;
}

/** Several notifications joined with `; `; "-" when there are none. */
export function describeNotifications(list: readonly Notification[]): string {
  return list.length === 0 ? "-" : list.map(describeNotification).join("; ");
}

/** A launch plan's notifications (spec.entity_metadata.notifications). */
export const launchPlanNotifications = (lp: LaunchPlan): string =>
  describeNotifications(lp.spec?.entityMetadata?.notifications ?? []);

/**
 * An execution's notification overrides: `disabled` (disable_all), its own list (which replaces the
 * launch plan's), or "-" when it has none and the launch plan's notifications apply.
 */
export function executionNotifications(e: Execution): string {
  const o = e.spec?.notificationOverrides;
  switch (o?.case) {
    case "disableAll":
      return o.value ? "disabled" : "-";
    case "notifications":
      return describeNotifications(o.value.notifications);
    case undefined:
      return "-";
    default: {
      const unknown: never = o;
      return String(unknown);
    }
  }
}
