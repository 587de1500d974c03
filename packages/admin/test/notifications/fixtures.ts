import { create } from "@bufbuild/protobuf";
import {
  EmailNotificationSchema,
  NotificationSchema,
  PagerDutyNotificationSchema,
  SlackNotificationSchema,
  type Notification,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { WorkflowExecution_Phase as WorkflowPhase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { ExecutionSummary } from "../../src/notifications/execution-summary.js";

export { WorkflowPhase };

export function summary(overrides: Partial<ExecutionSummary> = {}): ExecutionSummary {
  return {
    project: "flytesnacks",
    domain: "development",
    name: "abc123",
    phase: WorkflowPhase.FAILED,
    occurredAtMs: Date.UTC(2026, 10, 21, 12, 0, 0),
    error: { code: "USER:ValueError", message: "x must be positive" },
    workflow: { project: "flytesnacks", domain: "development", name: "wf.train", version: "v1" },
    launchPlan: { project: "flytesnacks", domain: "development", name: "lp.train", version: "v2" },
    ...overrides,
  };
}

type Kind = "email" | "slack" | "pagerDuty";

export function notification(kind: Kind, phases: WorkflowPhase[], recipients: string[], template = ""): Notification {
  const value = { recipientsEmail: recipients, template };
  switch (kind) {
    case "email":
      return create(NotificationSchema, {
        phases,
        type: { case: "email", value: create(EmailNotificationSchema, value) },
      });
    case "slack":
      return create(NotificationSchema, {
        phases,
        type: { case: "slack", value: create(SlackNotificationSchema, value) },
      });
    case "pagerDuty":
      return create(NotificationSchema, {
        phases,
        type: { case: "pagerDuty", value: create(PagerDutyNotificationSchema, value) },
      });
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}
