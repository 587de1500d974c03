import type { ExecutionSummary } from "./execution-summary.js";

/** The ways a notification can leave the platform. */
export const ChannelKind = {
  Email: "email",
  Slack: "slack",
  PagerDuty: "pagerDuty",
  Webhook: "webhook",
} as const;
export type ChannelKind = (typeof ChannelKind)[keyof typeof ChannelKind];
export const channelKinds: readonly ChannelKind[] = Object.values(ChannelKind);

/** One rendered notification, ready for one channel. */
export interface NotificationMessage {
  /** Deterministic: the same execution, phase and notification give the same id. */
  id: string;
  channel: ChannelKind;
  /** Email addresses (email channel); informational for the others. */
  recipients: readonly string[];
  subject: string;
  body: string;
  /** Console page of the execution, or "". */
  link: string;
  /** The generic webhook's URL (webhook channel only). */
  endpoint?: string;
  summary: ExecutionSummary;
}

/**
 * One delivery mechanism. `send` makes one attempt and throws a `NotificationDeliveryError`
 * (retryable or not) on failure; retries belong to the dispatcher.
 */
export interface NotificationChannel {
  readonly kind: ChannelKind;
  send(message: NotificationMessage): Promise<void>;
  close?(): Promise<void>;
}
