import type { ChannelKind, NotificationChannel } from "./channel.js";
import type { NotificationsConfig } from "./config.js";
import { EmailChannel } from "./email-channel.js";
import { NotificationConfigError } from "./errors.js";
import { PagerDutyChannel } from "./pager-duty-channel.js";
import { SlackChannel } from "./slack-channel.js";
import { WebhookChannel } from "./webhook-channel.js";

export type ChannelTable = Partial<Record<ChannelKind, NotificationChannel>>;

/** One factory per channel kind; a kind without one fails to compile. */
const factories: Record<ChannelKind, (config: NotificationsConfig) => NotificationChannel | undefined> = {
  email: (c) => (c.smtp ? new EmailChannel({ smtp: c.smtp }) : undefined),
  slack: (c) => (c.slack ? new SlackChannel({ slack: c.slack }) : undefined),
  pagerDuty: (c) => (c.pagerDuty ? new PagerDutyChannel({ pagerDuty: c.pagerDuty }) : undefined),
  webhook: (c) => (c.webhooks?.length ? new WebhookChannel({ webhooks: c.webhooks }) : undefined),
};

function checkUrl(what: string, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NotificationConfigError(`notifications: ${what} is not a valid URL: "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new NotificationConfigError(`notifications: ${what} must be http(s), got "${parsed.protocol}"`);
  }
}

/** Validates the config, naming the field at fault. Throws {@link NotificationConfigError}. */
export function validateNotificationsConfig(config: NotificationsConfig): void {
  if (config.smtp) {
    if (!config.smtp.host) throw new NotificationConfigError("notifications: smtp.host is required");
    if (!config.smtp.from) throw new NotificationConfigError("notifications: smtp.from is required");
    if (!Number.isInteger(config.smtp.port) || config.smtp.port <= 0 || config.smtp.port > 65535) {
      throw new NotificationConfigError(`notifications: smtp.port must be 1..65535, got ${config.smtp.port}`);
    }
  }
  if (config.slack) checkUrl("slack.webhookUrl", config.slack.webhookUrl);
  if (config.pagerDuty) {
    checkUrl("pagerDuty.eventsUrl", config.pagerDuty.eventsUrl);
    if (!config.pagerDuty.routingKey)
      throw new NotificationConfigError("notifications: pagerDuty.routingKey is required");
  }
  config.webhooks?.forEach((h, i) => checkUrl(`webhooks[${i}].url`, h.url));
  if (config.consoleBaseUrl) checkUrl("consoleBaseUrl", config.consoleBaseUrl);
}

/** The channels the config enables, keyed by kind. */
export function createChannels(config: NotificationsConfig): ChannelTable {
  validateNotificationsConfig(config);
  const table: ChannelTable = {};
  for (const [kind, make] of Object.entries(factories) as [ChannelKind, (typeof factories)[ChannelKind]][]) {
    const channel = make(config);
    if (channel) table[kind] = channel;
  }
  return table;
}
