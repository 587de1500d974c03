import { ChannelKind, type NotificationChannel, type NotificationMessage } from "./channel.js";
import type { GenericWebhookOptions } from "./config.js";
import { NotificationDeliveryError } from "./errors.js";
import { summaryToJson } from "./execution-summary.js";
import { httpPost } from "./http-post.js";

/** Body of the generic webhook: the execution summary plus the rendered texts. */
export function webhookPayload(message: NotificationMessage): Record<string, unknown> {
  return {
    notification_id: message.id,
    subject: message.subject,
    body: message.body,
    execution: summaryToJson(message.summary, message.link),
  };
}

/** POSTs the execution summary as JSON to each configured generic webhook. */
export class WebhookChannel implements NotificationChannel {
  readonly kind = ChannelKind.Webhook;

  constructor(private readonly options: { webhooks: readonly GenericWebhookOptions[] }) {}

  async send(message: NotificationMessage): Promise<void> {
    const hook = this.options.webhooks.find((h) => h.url === message.endpoint);
    if (!hook) {
      throw new NotificationDeliveryError(`no generic webhook is configured for ${message.id}`, { retryable: false });
    }
    await httpPost(hook.url, {
      body: JSON.stringify(webhookPayload(message)),
      headers: { "content-type": "application/json", ...hook.headers },
      ...(hook.timeoutMs !== undefined ? { timeoutMs: hook.timeoutMs } : {}),
    });
  }
}
