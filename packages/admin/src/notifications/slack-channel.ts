import { ChannelKind, type NotificationChannel, type NotificationMessage } from "./channel.js";
import type { SlackOptions } from "./config.js";
import { httpPost } from "./http-post.js";

/** The incoming-webhook body: plain `text` (fallback) plus mrkdwn blocks. */
export function slackPayload(message: NotificationMessage): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${message.subject}*\n${message.body}` } },
  ];
  if (message.link) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${message.link}|Open in Flyte console>` }] });
  }
  return { text: `${message.subject}\n${message.body}`, blocks };
}

/** Posts to a Slack-compatible incoming webhook. */
export class SlackChannel implements NotificationChannel {
  readonly kind = ChannelKind.Slack;

  constructor(private readonly options: { slack: SlackOptions }) {}

  async send(message: NotificationMessage): Promise<void> {
    await httpPost(this.options.slack.webhookUrl, {
      body: JSON.stringify(slackPayload(message)),
      headers: { "content-type": "application/json" },
      ...(this.options.slack.timeoutMs !== undefined ? { timeoutMs: this.options.slack.timeoutMs } : {}),
    });
  }
}
