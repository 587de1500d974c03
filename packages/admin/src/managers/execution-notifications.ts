import { create } from "@bufbuild/protobuf";
import { ObjectGetRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { errorMessage } from "@flyte-ts/core";
import { summaryFromExecution } from "../notifications/execution-summary.js";
import type { NotificationRequest } from "../notifications/plan-notifications.js";
import type { Repositories } from "../persistence/repositories.js";
import type { WorkflowPhaseChange } from "./event-manager.js";
import { toExecution } from "./execution-transformers.js";
import type { LaunchPlanManager } from "./launch-plan-manager.js";

/** What the event path needs of `Notifier`: plan and dispatch, never throw, never wait for delivery. */
export interface WorkflowPhaseNotifier {
  onWorkflowPhase(request: NotificationRequest): unknown;
}

/**
 * Turns an applied workflow phase into a notification request: the execution as stored, its
 * launch plan's notifications and the execution's overrides (brief §8.2). Runs detached from the
 * event; failures go to `onError`.
 */
export function notifyWorkflowPhase(options: {
  repositories: Repositories;
  launchPlans: LaunchPlanManager;
  notifier: WorkflowPhaseNotifier;
  onError?: (e: unknown) => void;
}): (change: WorkflowPhaseChange) => void {
  return (change) => {
    void (async () => {
      const execution = toExecution(await options.repositories.executions.get(change.executionId));
      const lpId = execution.spec?.launchPlan;
      const lp = lpId ? await options.launchPlans.get(create(ObjectGetRequestSchema, { id: lpId })) : undefined;
      options.notifier.onWorkflowPhase({
        summary: summaryFromExecution(execution, {
          phase: change.phase,
          occurredAtMs: change.occurredAtMs,
          ...(change.error ? { error: change.error } : {}),
        }),
        launchPlanNotifications: lp?.spec?.entityMetadata?.notifications ?? [],
        ...(execution.spec?.notificationOverrides.case ? { overrides: execution.spec.notificationOverrides } : {}),
      });
    })().catch((e: unknown) => options.onError?.(new Error(`notifications: ${errorMessage(e)}`, { cause: e })));
  };
}
