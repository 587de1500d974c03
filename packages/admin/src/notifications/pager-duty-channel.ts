import { WorkflowExecution_Phase as WorkflowPhase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ChannelKind, type NotificationChannel, type NotificationMessage } from "./channel.js";
import type { PagerDutyOptions, PagerDutySeverity } from "./config.js";
import { executionKey, summaryToJson } from "./execution-summary.js";
import { httpPost } from "./http-post.js";

function severityFor(phase: WorkflowPhase): PagerDutySeverity {
  switch (phase) {
    case WorkflowPhase.FAILED:
    case WorkflowPhase.TIMED_OUT:
      return "error";
    case WorkflowPhase.ABORTED:
      return "warning";
    case WorkflowPhase.UNDEFINED:
    case WorkflowPhase.ABORTING:
    case WorkflowPhase.FAILING:
    case WorkflowPhase.QUEUED:
    case WorkflowPhase.RUNNING:
    case WorkflowPhase.SUCCEEDING:
    case WorkflowPhase.SUCCEEDED:
      return "info";
    default: {
      const unknown: never = phase;
      return unknown;
    }
  }
}

/** The Events API v2 `trigger` body. The dedup key is the execution, so re-sends collapse. */
export function pagerDutyPayload(message: NotificationMessage, options: PagerDutyOptions): Record<string, unknown> {
  const s = message.summary;
  return {
    routing_key: options.routingKey,
    event_action: "trigger",
    dedup_key: `flyte:${executionKey(s)}`,
    payload: {
      summary: message.subject.slice(0, 1024),
      source: options.source ?? "flyte",
      severity: options.severity ?? severityFor(s.phase),
      timestamp: new Date(s.occurredAtMs).toISOString(),
      component: s.workflow?.name ?? s.name,
      group: `${s.project}/${s.domain}`,
      custom_details: { ...summaryToJson(s, message.link), body: message.body },
    },
    ...(message.link ? { links: [{ href: message.link, text: "Flyte execution" }] } : {}),
  };
}

/** Triggers an incident through a PagerDuty Events API v2-compatible endpoint. */
export class PagerDutyChannel implements NotificationChannel {
  readonly kind = ChannelKind.PagerDuty;

  constructor(private readonly options: { pagerDuty: PagerDutyOptions }) {}

  async send(message: NotificationMessage): Promise<void> {
    const pd = this.options.pagerDuty;
    await httpPost(pd.eventsUrl, {
      body: JSON.stringify(pagerDutyPayload(message, pd)),
      headers: { "content-type": "application/json" },
      ...(pd.timeoutMs !== undefined ? { timeoutMs: pd.timeoutMs } : {}),
    });
  }
}
