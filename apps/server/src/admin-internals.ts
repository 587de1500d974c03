/**
 * Admin's notification classes, which `@flyte-ts/admin`'s index does not export yet; reached
 * through the admin build output until it does. Everything else comes from "@flyte-ts/admin".
 */
export {
  createExecutionServices,
  type ChildExecutionRequest,
  type ExecutionLauncher,
  type ExecutionServices,
  type LaunchRequest,
} from "@flyte-ts/admin";
export { Notifier } from "../../../packages/admin/dist/notifications/notifier.js";
export { NotificationDispatcher } from "../../../packages/admin/dist/notifications/notification-dispatcher.js";
export { createChannels } from "../../../packages/admin/dist/notifications/create-channels.js";
export type { NotificationsConfig } from "../../../packages/admin/dist/notifications/config.js";
