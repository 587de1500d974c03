/** What the server takes from the control plane for executions and notifications. */
export {
  createChannels,
  createExecutionServices,
  NotificationDispatcher,
  Notifier,
  type ChildExecutionRequest,
  type ExecutionLauncher,
  type ExecutionServices,
  type LaunchRequest,
  type NotificationsConfig,
} from "@flyte-ts/admin";
