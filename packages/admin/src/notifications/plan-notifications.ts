import { isTerminalWorkflowPhase } from "@flyte-ts/core";
import type { Notification } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { ExecutionSpec } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ChannelKind, type NotificationMessage } from "./channel.js";
import type { NotificationsConfig } from "./config.js";
import { executionKey, phaseName, type ExecutionSummary } from "./execution-summary.js";
import { defaultTemplates, renderTemplate, templateValues } from "./template.js";

/** What the execution path hands over when a workflow execution reaches a phase. */
export interface NotificationRequest {
  summary: ExecutionSummary;
  /** The launch plan's `spec.entity_metadata.notifications` (flyteidl `LaunchPlanSpec.notifications`). */
  launchPlanNotifications: readonly Notification[];
  /** The execution's `spec.notification_overrides`, when set. */
  overrides?: ExecutionSpec["notificationOverrides"];
}

/**
 * The notifications that apply to an execution, as Flyte decides: `disable_all` turns every one
 * off; a non-empty override list replaces the launch plan's; an empty one keeps them.
 */
export function effectiveNotifications(
  launchPlan: readonly Notification[],
  overrides: ExecutionSpec["notificationOverrides"] | undefined,
): readonly Notification[] | "disabled" {
  switch (overrides?.case) {
    case undefined:
      return launchPlan;
    case "disableAll":
      return overrides.value ? "disabled" : launchPlan;
    case "notifications":
      return overrides.value.notifications.length > 0 ? overrides.value.notifications : launchPlan;
    default: {
      const never: never = overrides;
      throw new Error(`unknown notification override ${String(never)}`);
    }
  }
}

/** Which channel a Flyte notification goes to, given what is configured. */
function channelFor(n: Notification, config: NotificationsConfig): ChannelKind | undefined {
  switch (n.type.case) {
    case "email":
      return ChannelKind.Email;
    case "slack":
      return config.slack ? ChannelKind.Slack : ChannelKind.Email;
    case "pagerDuty":
      return config.pagerDuty ? ChannelKind.PagerDuty : ChannelKind.Email;
    case undefined:
      return undefined;
    default: {
      const never: never = n.type;
      throw new Error(`unknown notification type ${String(never)}`);
    }
  }
}

/**
 * The messages to send for one phase of one execution. Only terminal phases notify; each
 * notification fires when its `phases` contain the phase. Generic webhooks fire on their own
 * phases unless notifications are disabled for the execution.
 */
export function planNotifications(request: NotificationRequest, config: NotificationsConfig): NotificationMessage[] {
  const { summary } = request;
  if (!isTerminalWorkflowPhase(summary.phase)) return [];
  const effective = effectiveNotifications(request.launchPlanNotifications, request.overrides);
  if (effective === "disabled") return [];
  const values = templateValues(summary, config.consoleBaseUrl);
  const subject = renderTemplate(config.templates?.subject ?? defaultTemplates.subject, values);
  const defaultBody = config.templates?.body ?? defaultTemplates.body;
  const base = `${executionKey(summary)}/${phaseName(summary.phase)}`;
  const messages: NotificationMessage[] = [];
  effective.forEach((n, index) => {
    if (!n.phases.includes(summary.phase)) return;
    const channel = channelFor(n, config);
    if (!channel || !n.type.value) return;
    const custom = n.type.value.template;
    messages.push({
      id: `${base}/${index}/${channel}`,
      channel,
      recipients: [...n.type.value.recipientsEmail],
      subject,
      body: renderTemplate(custom || defaultBody, values),
      link: values["link"] ?? "",
      summary,
    });
  });
  (config.webhooks ?? []).forEach((hook, index) => {
    if (hook.phases && !hook.phases.includes(summary.phase)) return;
    messages.push({
      id: `${base}/webhook-${index}`,
      channel: ChannelKind.Webhook,
      recipients: [],
      subject,
      body: renderTemplate(defaultBody, values),
      link: values["link"] ?? "",
      endpoint: hook.url,
      summary,
    });
  });
  return messages;
}
