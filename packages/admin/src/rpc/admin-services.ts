import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { resolveAdminConfig, type AdminConfig, type ManagerContext } from "../managers/admin-config.js";
import { AttributesManager } from "../managers/attributes-manager.js";
import { DescriptionEntityManager } from "../managers/description-entity-manager.js";
import { LaunchPlanManager } from "../managers/launch-plan-manager.js";
import { NamedEntityManager } from "../managers/named-entity-manager.js";
import { ProjectManager } from "../managers/project-manager.js";
import { TaskManager } from "../managers/task-manager.js";
import { WorkflowManager } from "../managers/workflow-manager.js";
import type { Repositories } from "../persistence/repositories.js";
import type { ServiceBinding } from "../transport/server.js";
import type { AdminImpl } from "./admin-impl.js";
import { attributesRpcs } from "./attributes.js";
import { descriptionEntityRpcs } from "./description-entity.js";
import { launchPlanRpcs } from "./launch-plan.js";
import { namedEntityRpcs } from "./named-entity.js";
import { projectRpcs } from "./project.js";
import { taskRpcs } from "./task.js";
import { withUnimplemented } from "./unimplemented.js";
import { readVersionInfo, versionRpcs, type VersionInfo } from "./version.js";
import { workflowRpcs } from "./workflow.js";

export interface AdminManagersOptions {
  repositories: Repositories;
  /**
   * Runs `fn` with repositories bound to one transaction, e.g.
   * `(fn) => withTransaction(database.db, fn)`. Without it writes are not grouped.
   */
  transaction?: <T>(fn: (repos: Repositories) => Promise<T>) => Promise<T>;
  config?: AdminConfig;
  /** Clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The registration managers, for other areas (executions need workflows and launch plans). */
export interface AdminManagers {
  projects: ProjectManager;
  tasks: TaskManager;
  workflows: WorkflowManager;
  launchPlans: LaunchPlanManager;
  namedEntities: NamedEntityManager;
  attributes: AttributesManager;
  descriptionEntities: DescriptionEntityManager;
}

export function createAdminManagers(options: AdminManagersOptions): AdminManagers {
  const repositories = options.repositories;
  const context: ManagerContext = {
    repositories,
    transaction: options.transaction ?? ((fn) => fn(repositories)),
    config: resolveAdminConfig(options.config),
    now: options.now ?? Date.now,
  };
  const projects = new ProjectManager({ context });
  const tasks = new TaskManager({ context, projects });
  const workflows = new WorkflowManager({ context, projects, tasks });
  const launchPlans = new LaunchPlanManager({ context, projects, workflows });
  return {
    projects,
    tasks,
    workflows,
    launchPlans,
    namedEntities: new NamedEntityManager({ context }),
    attributes: new AttributesManager({ context }),
    descriptionEntities: new DescriptionEntityManager({ context }),
  };
}

export interface AdminServicesOptions extends AdminManagersOptions {
  /** Managers built already (by `createAdminManagers`); built from the options otherwise. */
  managers?: AdminManagers;
  /** AdminService methods implemented elsewhere (executions, events, attributes, ...). */
  extraAdminRpcs?: AdminImpl;
  /** What GetVersion reports. Default: the root package.json's version, the checkout's git commit. */
  version?: VersionInfo;
}

/**
 * AdminService for `startRpcServer`: projects, domains, tasks, workflows, launch plans, named and
 * description entities, matchable attributes and the version; methods nobody implements answer
 * UNIMPLEMENTED. Creates the configured default projects (`flytesnacks`) when they do not exist yet.
 */
export async function createAdminServices(options: AdminServicesOptions): Promise<ServiceBinding[]> {
  const m = options.managers ?? createAdminManagers(options);
  await m.projects.ensureDefaultProjects();
  const impl: AdminImpl = {
    ...projectRpcs(m.projects),
    ...taskRpcs(m.tasks),
    ...workflowRpcs(m.workflows),
    ...launchPlanRpcs(m.launchPlans),
    ...namedEntityRpcs(m.namedEntities),
    ...attributesRpcs(m.attributes),
    ...descriptionEntityRpcs(m.descriptionEntities),
    ...versionRpcs(options.version ?? readVersionInfo()),
    ...options.extraAdminRpcs,
  };
  const full = withUnimplemented(AdminService, impl) as ServiceBinding["impl"];
  return [{ service: AdminService, impl: full }];
}
