import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { isFlyteError } from "@flyte-ts/core";
import { LabelsSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import {
  DomainSchema,
  GetDomainsResponseSchema,
  Project_ProjectState,
  ProjectSchema,
  ProjectsSchema,
  type GetDomainsResponse,
  type Project,
  type ProjectListRequest,
  type Projects,
} from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import type { ProjectModel } from "../persistence/repositories/project-repository.js";
import { toListOptions } from "../validation/list-validation.js";
import { validateProjectRegistration, validateProjectUpdate } from "../validation/project-validation.js";
import { Violations, requireText } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import { invalidProjectDomain } from "./registration-errors.js";

/** Archived projects are hidden from ListProjects unless the request filters on state itself. */
const HIDE_ARCHIVED = `value_not_in(state,${Project_ProjectState.ARCHIVED};${Project_ProjectState.SYSTEM_ARCHIVED})`;

/** Projects and domains (flyteadmin's project manager). */
export class ProjectManager {
  private readonly ctx: ManagerContext;
  constructor(options: { context: ManagerContext }) {
    this.ctx = options.context;
  }

  domains(): GetDomainsResponse {
    return create(GetDomainsResponseSchema, {
      domains: this.ctx.config.domains.map((d) => create(DomainSchema, d)),
    });
  }

  async register(project: Project | undefined): Promise<void> {
    const v = new Violations();
    const ok = validateProjectRegistration(v, project);
    v.throwIfAny("RegisterProject request");
    if (!ok || !project) return;
    const now = this.ctx.now();
    await this.ctx.repositories.projects.create({
      id: project.id,
      name: project.name,
      description: project.description,
      labels: project.labels ? toBinary(LabelsSchema, project.labels) : null,
      state: project.state,
      createdAt: now,
      updatedAt: now,
    });
  }

  async get(id: string): Promise<Project> {
    const v = new Violations();
    requireText(v, "id", id);
    v.throwIfAny("GetProject request");
    return this.toProject(await this.ctx.repositories.projects.get(id));
  }

  async list(req: ProjectListRequest): Promise<Projects> {
    const v = new Violations();
    const stateFiltered = /\bstate\s*,/.test(req.filters);
    const options = toListOptions(v, req, stateFiltered ? undefined : HIDE_ARCHIVED);
    v.throwIfAny("ListProjects request");
    const page = await this.ctx.repositories.projects.list(options);
    return create(ProjectsSchema, { projects: page.items.map((p) => this.toProject(p)), token: page.token });
  }

  /** Replaces state; name, description and labels only when given (as Flyte's update). */
  async update(project: Project): Promise<void> {
    const v = new Violations();
    validateProjectUpdate(v, project);
    v.throwIfAny("UpdateProject request");
    await this.ctx.transaction(async (repos) => {
      const existing = await repos.projects.get(project.id);
      await repos.projects.update({
        ...existing,
        name: project.name === "" ? existing.name : project.name,
        description: project.description === "" ? existing.description : project.description,
        labels: project.labels ? toBinary(LabelsSchema, project.labels) : existing.labels,
        state: project.state,
        updatedAt: this.ctx.now(),
      });
    });
  }

  /** Creates each configured default project that does not exist yet. */
  async ensureDefaultProjects(): Promise<void> {
    for (const p of this.ctx.config.defaultProjects) {
      const now = this.ctx.now();
      try {
        await this.ctx.repositories.projects.create({
          ...p,
          labels: null,
          state: Project_ProjectState.ACTIVE,
          createdAt: now,
          updatedAt: now,
        });
      } catch (e) {
        if (!(isFlyteError(e) && e.status === "already_exists")) throw e;
      }
    }
  }

  /**
   * Registration into `project`/`domain` needs an existing, active project and a configured
   * domain (INVALID_ARGUMENT otherwise, as Flyte).
   */
  async checkProjectDomain(project: string, domain: string): Promise<void> {
    if (!this.ctx.config.domains.some((d) => d.id === domain)) {
      throw invalidProjectDomain(
        `domain "${domain}" is not one of the configured domains (${this.ctx.config.domains.map((d) => d.id).join(", ")})`,
        "id.domain",
      );
    }
    let model: ProjectModel;
    try {
      model = await this.ctx.repositories.projects.get(project);
    } catch (e) {
      if (isFlyteError(e) && e.status === "not_found") {
        throw invalidProjectDomain(`project "${project}" is not registered; register it first`, "id.project");
      }
      throw e;
    }
    if (
      model.state !== (Project_ProjectState.ACTIVE as number) &&
      model.state !== (Project_ProjectState.SYSTEM_GENERATED as number)
    ) {
      throw invalidProjectDomain(`project "${project}" is archived; unarchive it to register into it`, "id.project");
    }
  }

  private toProject(m: ProjectModel): Project {
    return create(ProjectSchema, {
      id: m.id,
      name: m.name,
      description: m.description,
      labels: m.labels ? fromBinary(LabelsSchema, m.labels) : undefined,
      state: m.state as Project_ProjectState,
      domains: this.domains().domains,
    });
  }
}
