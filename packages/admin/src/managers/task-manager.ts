import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { compileTask } from "@flyte-ts/compiler";
import { SystemError } from "@flyte-ts/core";
import type {
  NamedEntityIdentifierList,
  NamedEntityIdentifierListRequest,
  ObjectGetRequest,
  ResourceListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import {
  TaskClosureSchema,
  TaskListSchema,
  TaskSchema,
  type Task,
  type TaskCreateRequest,
  type TaskList,
} from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import type { CompiledTask } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { EntityId } from "../persistence/repositories/common.js";
import type { TaskModel } from "../persistence/repositories/task-repository.js";
import { validateTaskCreate } from "../validation/entity-validation.js";
import { validateIdentifier, type FullId } from "../validation/identifier-validation.js";
import { Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import { contentDigest, normalizedJson } from "./content-digest.js";
import {
  displayId,
  ensureNamedEntity,
  entityIdOf,
  isDifferentStructure,
  listNamedIds,
  storeDescription,
  versionedListRequest,
} from "./entity-helpers.js";
import type { ProjectManager } from "./project-manager.js";
import { CompilationFailedError, DifferentStructureError } from "./registration-errors.js";

/** Tasks: compiled and stored on create, immutable per version (flyteadmin's task manager). */
export class TaskManager {
  private readonly ctx: ManagerContext;
  private readonly projects: ProjectManager;
  constructor(options: { context: ManagerContext; projects: ProjectManager }) {
    this.ctx = options.context;
    this.projects = options.projects;
  }

  /**
   * Compiles and stores a task. Identical content under an existing id is a no-op; different
   * content is ALREADY_EXISTS with the differing fields.
   */
  async create(req: TaskCreateRequest): Promise<void> {
    const { id, template } = validateTaskCreate(req);
    const key = displayId(id);
    await this.projects.checkProjectDomain(id.project, id.domain);
    const compiled = compileTask(template);
    if (!compiled.ok) throw new CompilationFailedError("task", key, compiled.errors);
    const compiledTemplate = compiled.value.template ?? template;
    const now = this.ctx.now();
    const closure = create(TaskClosureSchema, { compiledTask: compiled.value, createdAt: timestampFromMs(now) });
    const model: TaskModel = {
      id: entityIdOf(id),
      taskType: template.type,
      shortDescription: req.spec?.description?.shortDescription ?? "",
      closure: toBinary(TaskClosureSchema, closure),
      digest: contentDigest(TaskTemplateSchema, compiledTemplate),
      createdAt: now,
    };
    try {
      await this.ctx.transaction(async (repos) => {
        const { created } = await repos.tasks.create(model);
        if (!created) return;
        await ensureNamedEntity(repos, ResourceType.TASK, model.id, now);
        await storeDescription(repos, ResourceType.TASK, model.id, req.spec?.description, now);
      });
    } catch (e) {
      if (!isDifferentStructure(e)) throw e;
      const existing = await this.getCompiled(model.id);
      throw new DifferentStructureError(
        "task",
        key,
        { template: normalizedJson(TaskTemplateSchema, existing.template ?? create(TaskTemplateSchema)) },
        { template: normalizedJson(TaskTemplateSchema, compiledTemplate) },
      );
    }
  }

  async get(req: ObjectGetRequest): Promise<Task> {
    const v = new Violations();
    const id = validateIdentifier(v, "id", req.id, ResourceType.TASK, { implicitType: true });
    v.throwIfAny("GetTask request");
    return toTask(await this.ctx.repositories.tasks.get(entityIdOf(id as FullId)));
  }

  /** The compiled task of a registered version (workflow registration reads these). */
  async getCompiled(id: EntityId): Promise<CompiledTask> {
    const model = await this.ctx.repositories.tasks.get(id);
    const compiled = fromBinary(TaskClosureSchema, model.closure).compiledTask;
    if (!compiled) throw new SystemError("CorruptTaskClosure", `task ${displayId(id)} has no compiled task stored`);
    return compiled;
  }

  async list(req: ResourceListRequest): Promise<TaskList> {
    const { scope, options } = versionedListRequest(req, "ListTasks");
    const page = await this.ctx.repositories.tasks.list(scope, options);
    return create(TaskListSchema, { tasks: page.items.map(toTask), token: page.token });
  }

  listIds(req: NamedEntityIdentifierListRequest): Promise<NamedEntityIdentifierList> {
    return listNamedIds(req, "ListTaskIds", (scope, options) => this.ctx.repositories.tasks.listIds(scope, options));
  }
}

function toTask(m: TaskModel): Task {
  return create(TaskSchema, {
    id: create(IdentifierSchema, { resourceType: ResourceType.TASK, ...m.id }),
    closure: fromBinary(TaskClosureSchema, m.closure),
    shortDescription: m.shortDescription,
  });
}
