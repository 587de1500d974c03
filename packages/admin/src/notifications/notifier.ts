import { errorMessage } from "@flyte-ts/core";
import type { NotificationsConfig } from "./config.js";
import type { DeliveryRecord } from "./delivery-record.js";
import { stderrLogger, type Logger } from "./logger.js";
import type { NotificationDispatcher } from "./notification-dispatcher.js";
import { planNotifications, type NotificationRequest } from "./plan-notifications.js";

/**
 * The entry point for the execution path: called when a workflow execution event is applied,
 * it plans the notifications for that phase and hands them to the dispatcher. Never throws and
 * never waits for delivery.
 */
export class Notifier {
  private readonly config: NotificationsConfig;
  private readonly dispatcher: NotificationDispatcher;
  private readonly logger: Logger;

  constructor(options: { config: NotificationsConfig; dispatcher: NotificationDispatcher; logger?: Logger }) {
    this.config = options.config;
    this.dispatcher = options.dispatcher;
    this.logger = options.logger ?? stderrLogger;
  }

  /** Returns the delivery records created (empty when nothing applies). */
  onWorkflowPhase(request: NotificationRequest): DeliveryRecord[] {
    try {
      return planNotifications(request, this.config).map((m) => this.dispatcher.dispatch(m));
    } catch (e) {
      this.logger.warn("planning notifications failed", {
        execution: `${request.summary.project}:${request.summary.domain}:${request.summary.name}`,
        error: errorMessage(e),
      });
      return [];
    }
  }
}
