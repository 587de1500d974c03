export {
  createAdminServices,
  createAdminManagers,
  type AdminServicesOptions,
  type AdminManagersOptions,
  type AdminManagers,
} from "./rpc/admin-services.js";
export type { AdminImpl } from "./rpc/admin-impl.js";
export {
  resolveAdminConfig,
  DEFAULT_DOMAINS,
  DEFAULT_PROJECTS,
  type AdminConfig,
  type DomainConfig,
  type DefaultProjectConfig,
} from "./managers/admin-config.js";
export { ProjectManager } from "./managers/project-manager.js";
export { TaskManager } from "./managers/task-manager.js";
export { WorkflowManager } from "./managers/workflow-manager.js";
export { LaunchPlanManager } from "./managers/launch-plan-manager.js";
export { NamedEntityManager } from "./managers/named-entity-manager.js";
export {
  RegistrationErrorCode,
  DifferentStructureError,
  CompilationFailedError,
  ReferenceNotFoundError,
} from "./managers/registration-errors.js";
export { contentDigest } from "./managers/content-digest.js";
export { RequestErrorCode } from "./validation/request-errors.js";
export { openDatabase, type Database, type DatabaseConfig } from "./persistence/database.js";
export { createRepositories, withTransaction, type Repositories } from "./persistence/repositories.js";
export {
  startRpcServer,
  type ExtraHandler,
  type RpcServer,
  type RpcServerOptions,
  type ServiceBinding,
} from "./transport/server.js";
export {
  createExecutionServices,
  type ExecutionServices,
  type ExecutionServicesOptions,
  type ExecutionLauncher,
  type LaunchRequest,
  type ChildExecutionRequest,
  type WorkflowPhaseNotifier,
} from "./execution-services.js";
export { Notifier } from "./notifications/notifier.js";
export { NotificationDispatcher, type NotificationDispatcherOptions } from "./notifications/notification-dispatcher.js";
export { createChannels, validateNotificationsConfig, type ChannelTable } from "./notifications/create-channels.js";
export type { NotificationsConfig } from "./notifications/config.js";
export type { DatasetId, DatasetModel, DatasetRepository } from "./persistence/repositories/dataset-repository.js";
export type {
  ArtifactData as ArtifactDataModel,
  ArtifactMatch,
  ArtifactModel,
  ArtifactRepository,
  NewArtifact,
  Partition as PartitionModel,
} from "./persistence/repositories/artifact-repository.js";
export type { TagModel, TagRepository } from "./persistence/repositories/tag-repository.js";
export type {
  ReservationKey,
  ReservationModel,
  ReservationRepository,
} from "./persistence/repositories/reservation-repository.js";
export type { ListOptions, Page } from "./persistence/filters/list-query.js";
export type { FilterExpression as ListFilterTerm } from "./persistence/filters/filter-parser.js";
export { EventEgress, type EventEgressOptions } from "./egress/event-egress.js";
export { checkEgressConfig, type EgressConfig, type EgressSinkConfig } from "./egress/egress-config.js";
export type { CloudEvent } from "./egress/cloud-event.js";
export {
  createDataProxyService,
  DEFAULT_MAX_UPLOAD_BYTES,
  type DataProxy,
  type DataProxyOptions,
} from "./dataproxy/data-proxy-service.js";
export { loadDataProxySecret } from "./dataproxy/data-proxy-secret.js";
export { parseFlyteUrl, formatFlyteUrl, type FlyteUrl } from "./dataproxy/flyte-url.js";
export { Scheduler, type SchedulerOptions, type SchedulerClock } from "./schedules/scheduler.js";
export { createSchedulesHandler } from "./schedules/schedules-handler.js";
export { CatchUpPolicy, CATCH_UP_POLICIES } from "./schedules/plan-slots.js";
export type { ScheduleView } from "./schedules/schedule-view.js";
export { scheduledExecutionName } from "./schedules/scheduled-execution.js";
export { resolveMatchingAttributes, type MatchingAttributesQuery } from "./managers/resolve-matching-attributes.js";
export { AttributesManager, type AttributeLevel } from "./managers/attributes-manager.js";
export { DescriptionEntityManager } from "./managers/description-entity-manager.js";
export { readVersionInfo, type VersionInfo } from "./rpc/version.js";
export {
  resolveExecutionSettings,
  SETTINGS_ANNOTATIONS,
  type ExecutionSettingsInput,
  type ResolvedExecutionSettings,
} from "./managers/execution-settings.js";
export type { ExecutionSettingsConfig, ResourceQuantities } from "./managers/execution-settings-config.js";
export { checkExecutionSettingsConfig } from "./managers/execution-settings-check.js";
