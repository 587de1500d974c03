import { SystemError, UserError } from "@flyte-ts/core";

/** Codes of errors raised by notification delivery. */
export const NotificationErrorCode = {
  DeliveryFailed: "NotificationDeliveryFailed",
  ChannelNotConfigured: "NotificationChannelNotConfigured",
  QueueFull: "NotificationQueueFull",
  InvalidConfig: "InvalidNotificationConfig",
} as const;
export type NotificationErrorCode = (typeof NotificationErrorCode)[keyof typeof NotificationErrorCode];

/** One failed delivery attempt. `retryable` says whether another attempt may succeed. */
export class NotificationDeliveryError extends SystemError {
  constructor(message: string, options: { retryable: boolean; cause?: unknown; details?: Record<string, string> }) {
    super(NotificationErrorCode.DeliveryFailed, message, options);
    this.name = "NotificationDeliveryError";
  }
}

/** A notifications config that cannot work (bad URL, missing sender). */
export class NotificationConfigError extends UserError {
  constructor(message: string) {
    super(NotificationErrorCode.InvalidConfig, message);
    this.name = "NotificationConfigError";
  }
}
