import type { WorkflowExecution_Phase as WorkflowPhase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). Default false: plain, upgraded by STARTTLS when offered. */
  secure?: boolean;
  /** Never try STARTTLS (local sinks). Default false. */
  ignoreTls?: boolean;
  /** Sender address, e.g. `"Flyte" <flyte@example.com>`. */
  from: string;
  auth?: { user: string; pass: string };
  /** Connection, greeting and socket timeout. Default 10 s. */
  timeoutMs?: number;
}

export interface SlackOptions {
  /** Incoming-webhook URL (Slack or compatible, e.g. Mattermost). */
  webhookUrl: string;
  timeoutMs?: number;
}

export type PagerDutySeverity = "critical" | "error" | "warning" | "info";

export interface PagerDutyOptions {
  /** Events API v2 endpoint, e.g. https://events.pagerduty.com/v2/enqueue or a compatible one. */
  eventsUrl: string;
  /** Integration key of the PagerDuty service. */
  routingKey: string;
  /** `payload.source`. Default "flyte". */
  source?: string;
  /** Severity per outcome. Default: failed/timed out "error", aborted "warning", others "info". */
  severity?: PagerDutySeverity;
  timeoutMs?: number;
}

export interface GenericWebhookOptions {
  url: string;
  /** Extra request headers (e.g. an authorization token). */
  headers?: Readonly<Record<string, string>>;
  /** Workflow phases that fire this hook. Default: every terminal phase. */
  phases?: readonly WorkflowPhase[];
  timeoutMs?: number;
}

/**
 * Everything notifications need, read once by the composition root and passed in. Channels
 * that are not configured are not available; Slack and PagerDuty notifications then fall back to
 * email to their `recipients_email` (which is how Flyte delivers them) when SMTP is configured.
 */
export interface NotificationsConfig {
  /** Base URL of the console, e.g. http://localhost:8088/console, for `{{ link }}`. */
  consoleBaseUrl?: string;
  /** Subject and body templates; a notification's own `template` replaces the body. */
  templates?: { subject?: string; body?: string };
  smtp?: SmtpOptions;
  slack?: SlackOptions;
  pagerDuty?: PagerDutyOptions;
  /** Platform-level hooks that get the execution summary of every execution (not per launch plan). */
  webhooks?: readonly GenericWebhookOptions[];
}
