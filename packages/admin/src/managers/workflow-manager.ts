import { clone, create, fromBinary, toBinary, type JsonValue } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  compileWorkflow,
  END_NODE_ID,
  getRequirements,
  START_NODE_ID,
  type LaunchPlanInterface,
} from "@flyte-ts/compiler";
import { isFlyteError } from "@flyte-ts/core";
import { identifierKey } from "@flyte-ts/idl";
import type {
  NamedEntityIdentifierList,
  NamedEntityIdentifierListRequest,
  ObjectGetRequest,
  ResourceListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { LaunchPlanClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import {
  WorkflowClosureSchema,
  WorkflowListSchema,
  WorkflowSchema,
  WorkflowSpecSchema,
  type Workflow,
  type WorkflowCreateRequest,
  type WorkflowList,
} from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import type { CompiledTask, CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { IdentifierSchema, ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { TypedInterfaceSchema, VariableMapSchema, type Variable } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { WorkflowTemplateSchema, type WorkflowTemplate } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import type { EntityId } from "../persistence/repositories/common.js";
import type { WorkflowModel } from "../persistence/repositories/workflow-repository.js";
import { validateWorkflowCreate } from "../validation/entity-validation.js";
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
import { referenceSites } from "./reference-sites.js";
import {
  CompilationFailedError,
  DifferentStructureError,
  ReferenceNotFoundError,
  type MissingReference,
} from "./registration-errors.js";
import type { TaskManager } from "./task-manager.js";

const isNotFound = (e: unknown) => isFlyteError(e) && e.status === "not_found";

/** A compiled template without the start and end nodes the compiler adds, so paths match the spec. */
function asWritten(t: WorkflowTemplate | undefined): JsonValue {
  if (!t) return null;
  const copy = clone(WorkflowTemplateSchema, t);
  copy.nodes = copy.nodes.filter((n) => n.id !== START_NODE_ID && n.id !== END_NODE_ID);
  return normalizedJson(WorkflowTemplateSchema, copy);
}

/** The part of a compiled closure that comes from the spec: what a conflict diff compares. */
const specView = (c: CompiledWorkflowClosure | undefined) => ({
  template: asWritten(c?.primary?.template),
  sub_workflows: (c?.subWorkflows ?? []).map((s) => asWritten(s.template)),
});

/** Workflows: every reference fetched by full id, compiled, stored with the compiled closure. */
export class WorkflowManager {
  private readonly ctx: ManagerContext;
  private readonly projects: ProjectManager;
  private readonly tasks: TaskManager;
  constructor(options: { context: ManagerContext; projects: ProjectManager; tasks: TaskManager }) {
    this.ctx = options.context;
    this.projects = options.projects;
    this.tasks = options.tasks;
  }

  async create(req: WorkflowCreateRequest): Promise<void> {
    const { id, template, subWorkflows } = validateWorkflowCreate(req);
    const key = displayId(id);
    await this.projects.checkProjectDomain(id.project, id.domain);
    const { tasks, launchPlans } = await this.fetchReferences(key, template, subWorkflows);
    const compiled = compileWorkflow({ primary: template, subWorkflows, tasks, launchPlans });
    if (!compiled.ok) throw new CompilationFailedError("workflow", key, compiled.errors);
    const now = this.ctx.now();
    const spec = create(WorkflowSpecSchema, { template, subWorkflows });
    const model: WorkflowModel = {
      id: entityIdOf(id),
      shortDescription: req.spec?.description?.shortDescription ?? "",
      closure: toBinary(
        WorkflowClosureSchema,
        create(WorkflowClosureSchema, { compiledWorkflow: compiled.value, createdAt: timestampFromMs(now) }),
      ),
      digest: contentDigest(WorkflowSpecSchema, spec),
      createdAt: now,
    };
    try {
      await this.ctx.transaction(async (repos) => {
        const { created } = await repos.workflows.create(model);
        if (!created) return;
        await ensureNamedEntity(repos, ResourceType.WORKFLOW, model.id, now);
        await storeDescription(repos, ResourceType.WORKFLOW, model.id, req.spec?.description, now);
      });
    } catch (e) {
      if (!isDifferentStructure(e)) throw e;
      const existing = await this.getClosure(model.id);
      throw new DifferentStructureError("workflow", key, specView(existing), specView(compiled.value), template.id);
    }
  }

  /**
   * Fetches every task and launch plan the workflow references. References must be complete
   * (INVALID_ARGUMENT naming the node otherwise); unregistered ones are NOT_FOUND, all listed.
   */
  private async fetchReferences(
    key: string,
    template: Parameters<typeof getRequirements>[0],
    subWorkflows: Parameters<typeof getRequirements>[1],
  ): Promise<{ tasks: CompiledTask[]; launchPlans: LaunchPlanInterface[] }> {
    const reqs = getRequirements(template, subWorkflows);
    const sites = referenceSites(template, subWorkflows);
    const site = (ref: Identifier) => `node ${sites.get(identifierKey(ref)) ?? "?"}`;
    const v = new Violations();
    const complete = (ref: Identifier, kind: string): EntityId | undefined => {
      const gaps = (["project", "domain", "name", "version"] as const).filter((p) => ref[p] === "");
      if (gaps.length === 0) return { project: ref.project, domain: ref.domain, name: ref.name, version: ref.version };
      v.invalid(
        site(ref),
        `${site(ref)}: the ${kind} it references (${ref.name || "<no name>"}) has no ${gaps.join(", ")}`,
      );
      return undefined;
    };
    const missing: MissingReference[] = [];
    const tasks: CompiledTask[] = [];
    const launchPlans: LaunchPlanInterface[] = [];
    for (const ref of reqs.tasks) {
      const eid = complete(ref, "task");
      if (!eid) continue;
      try {
        tasks.push(await this.tasks.getCompiled(eid));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        missing.push({ kind: "task", id: displayId(eid), referencedBy: site(ref) });
      }
    }
    for (const ref of reqs.launchPlans) {
      const eid = complete(ref, "launch plan");
      if (!eid) continue;
      try {
        const lp = await this.ctx.repositories.launchPlans.get(eid);
        launchPlans.push(launchPlanInterface(ref, fromBinary(LaunchPlanClosureSchema, lp.closure)));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        missing.push({ kind: "launch plan", id: displayId(eid), referencedBy: site(ref) });
      }
    }
    v.throwIfAny(`CreateWorkflow request for workflow ${key}`);
    if (missing.length > 0) throw new ReferenceNotFoundError("workflow", key, missing);
    return { tasks, launchPlans };
  }

  async get(req: ObjectGetRequest): Promise<Workflow> {
    const v = new Violations();
    const id = validateIdentifier(v, "id", req.id, ResourceType.WORKFLOW, { implicitType: true });
    v.throwIfAny("GetWorkflow request");
    return toWorkflow(await this.ctx.repositories.workflows.get(entityIdOf(id as FullId)));
  }

  /** The compiled closure of a registered version (launch plans and executions read it). */
  async getClosure(id: EntityId): Promise<CompiledWorkflowClosure | undefined> {
    const model = await this.ctx.repositories.workflows.get(id);
    return fromBinary(WorkflowClosureSchema, model.closure).compiledWorkflow;
  }

  async list(req: ResourceListRequest): Promise<WorkflowList> {
    const { scope, options } = versionedListRequest(req, "ListWorkflows");
    const page = await this.ctx.repositories.workflows.list(scope, options);
    return create(WorkflowListSchema, { workflows: page.items.map(toWorkflow), token: page.token });
  }

  listIds(req: NamedEntityIdentifierListRequest): Promise<NamedEntityIdentifierList> {
    return listNamedIds(req, "ListWorkflowIds", (scope, options) =>
      this.ctx.repositories.workflows.listIds(scope, options),
    );
  }
}

/** A launch plan as a launch-plan node sees it: its expected inputs and outputs (as flyteadmin). */
function launchPlanInterface(
  id: Identifier,
  closure: ReturnType<typeof fromBinary<typeof LaunchPlanClosureSchema>>,
): LaunchPlanInterface {
  const variables: Record<string, Variable> = {};
  for (const [name, p] of Object.entries(closure.expectedInputs?.parameters ?? {})) if (p.var) variables[name] = p.var;
  const out: LaunchPlanInterface = {
    id,
    interface: create(TypedInterfaceSchema, {
      inputs: create(VariableMapSchema, { variables }),
      outputs: closure.expectedOutputs ?? create(VariableMapSchema),
    }),
  };
  return closure.expectedInputs ? { ...out, expectedInputs: closure.expectedInputs } : out;
}

function toWorkflow(m: WorkflowModel): Workflow {
  return create(WorkflowSchema, {
    id: create(IdentifierSchema, { resourceType: ResourceType.WORKFLOW, ...m.id }),
    closure: fromBinary(WorkflowClosureSchema, m.closure),
    shortDescription: m.shortDescription,
  });
}
