/**
 * `createExecutionServices` is not exported from `@flyte-ts/admin`'s index yet (its index belongs
 * to the registration work until it lands). Reached through the admin build output until then.
 */
export { createExecutionServices, type ExecutionServices } from "../../../packages/admin/dist/execution-services.js";
export type {
  ChildExecutionRequest,
  ExecutionLauncher,
  LaunchRequest,
} from "../../../packages/admin/dist/managers/execution-launcher.js";
export { Notifier } from "../../../packages/admin/dist/notifications/notifier.js";
export { NotificationDispatcher } from "../../../packages/admin/dist/notifications/notification-dispatcher.js";
export { createChannels } from "../../../packages/admin/dist/notifications/create-channels.js";
export type { NotificationsConfig } from "../../../packages/admin/dist/notifications/config.js";
