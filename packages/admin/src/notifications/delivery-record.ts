import type { ChannelKind } from "./channel.js";

/** Where one notification delivery stands. */
export const DeliveryStatus = {
  Queued: "queued",
  Sending: "sending",
  Retrying: "retrying",
  Delivered: "delivered",
  Failed: "failed",
  /** Not accepted: the queue was full or the channel is not configured. */
  Dropped: "dropped",
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

export function isFinalStatus(status: DeliveryStatus): boolean {
  switch (status) {
    case "queued":
    case "sending":
    case "retrying":
      return false;
    case "delivered":
    case "failed":
    case "dropped":
      return true;
    default: {
      const never: never = status;
      throw new Error(`unknown delivery status ${String(never)}`);
    }
  }
}

/** What a caller (API, console, CLI) can see about one delivery. */
export interface DeliveryRecord {
  /** The notification message id. */
  id: string;
  channel: ChannelKind;
  /** `project:domain:name` of the execution. */
  executionId: string;
  recipients: readonly string[];
  status: DeliveryStatus;
  attempts: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** When the next attempt is due (status `retrying`). */
  nextAttemptAtMs?: number;
  lastError?: { code: string; message: string; retryable: boolean };
}

export interface DeliveryFilter {
  executionId?: string;
  status?: DeliveryStatus;
  channel?: ChannelKind;
}
