import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { compileLaunchPlan } from "@flyte-ts/compiler";
import { isFlyteError } from "@flyte-ts/core";
import type {
  NamedEntityIdentifierList,
  NamedEntityIdentifierListRequest,
  ObjectGetRequest,
  ResourceListRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import {
  LaunchPlanClosureSchema,
  LaunchPlanListSchema,
  LaunchPlanSchema,
  LaunchPlanSpecSchema,
  LaunchPlanState,
  type ActiveLaunchPlanListRequest,
  type ActiveLaunchPlanRequest,
  type LaunchPlan,
  type LaunchPlanCreateRequest,
  type LaunchPlanList,
  type LaunchPlanSpec,
  type LaunchPlanUpdateRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { FixedRateUnit } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LaunchPlanModel } from "../persistence/repositories/launch-plan-repository.js";
import { checkLaunchPlanSchedule } from "../schedules/schedule-validation.js";
import { validateLaunchPlanCreate, validateLaunchPlanUpdate } from "../validation/entity-validation.js";
import {
  validateIdentifier,
  validateNamedIdentifier,
  validateScope,
  type FullId,
} from "../validation/identifier-validation.js";
import { toListOptions } from "../validation/list-validation.js";
import { Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import { contentDigest, normalizedJson } from "./content-digest.js";
import {
  displayId,
  ensureNamedEntity,
  entityIdOf,
  isDifferentStructure,
  listNamedIds,
  versionedListRequest,
} from "./entity-helpers.js";
import type { ProjectManager } from "./project-manager.js";
import { CompilationFailedError, DifferentStructureError, ReferenceNotFoundError } from "./registration-errors.js";
import type { WorkflowManager } from "./workflow-manager.js";

/** The schedule columns the scheduler reads: type, expression and kickoff-time input. */
function scheduleColumns(
  spec: LaunchPlanSpec,
): Pick<LaunchPlanModel, "scheduleType" | "scheduleExpression" | "kickoffTimeInputArg"> {
  const schedule = spec.entityMetadata?.schedule;
  const kickoffTimeInputArg = schedule?.kickoffTimeInputArg ?? "";
  const expr = schedule?.ScheduleExpression;
  switch (expr?.case) {
    case "cronSchedule":
      return { scheduleType: "cron", scheduleExpression: expr.value.schedule, kickoffTimeInputArg };
    case "cronExpression":
      return { scheduleType: "cron", scheduleExpression: expr.value, kickoffTimeInputArg };
    case "rate":
      return {
        scheduleType: "rate",
        scheduleExpression: `${expr.value.value} ${FixedRateUnit[expr.value.unit] ?? expr.value.unit}`,
        kickoffTimeInputArg,
      };
    case undefined:
      return { scheduleType: "", scheduleExpression: "", kickoffTimeInputArg: "" };
    default: {
      const never: never = expr;
      throw new Error(`unhandled schedule ${JSON.stringify(never)}`);
    }
  }
}

/** Launch plans: checked against their workflow, created INACTIVE, one ACTIVE version per name. */
export class LaunchPlanManager {
  private readonly ctx: ManagerContext;
  private readonly projects: ProjectManager;
  private readonly workflows: WorkflowManager;
  constructor(options: { context: ManagerContext; projects: ProjectManager; workflows: WorkflowManager }) {
    this.ctx = options.context;
    this.projects = options.projects;
    this.workflows = options.workflows;
  }

  async create(req: LaunchPlanCreateRequest): Promise<void> {
    const { id, workflowId } = validateLaunchPlanCreate(req);
    const spec = req.spec as LaunchPlanSpec;
    const key = displayId(id);
    await this.projects.checkProjectDomain(id.project, id.domain);
    let workflowInterface;
    try {
      workflowInterface = (await this.workflows.getClosure(entityIdOf(workflowId)))?.primary?.template?.interface;
    } catch (e) {
      if (!(isFlyteError(e) && e.status === "not_found")) throw e;
      throw new ReferenceNotFoundError("launch plan", key, [
        { kind: "workflow", id: displayId(workflowId), referencedBy: "spec.workflow_id" },
      ]);
    }
    const compiled = compileLaunchPlan(spec, workflowInterface);
    const now = this.ctx.now();
    const errors = [...(compiled.ok ? [] : compiled.errors), ...checkLaunchPlanSchedule(spec, now)];
    if (!compiled.ok || errors.length > 0) throw new CompilationFailedError("launch plan", key, errors);
    const closure = create(LaunchPlanClosureSchema, {
      state: LaunchPlanState.INACTIVE,
      expectedInputs: compiled.value.expectedInputs,
      expectedOutputs: compiled.value.expectedOutputs,
      createdAt: timestampFromMs(now),
      updatedAt: timestampFromMs(now),
    });
    const model: LaunchPlanModel = {
      id: entityIdOf(id),
      workflowId: entityIdOf(workflowId),
      spec: toBinary(LaunchPlanSpecSchema, spec),
      closure: toBinary(LaunchPlanClosureSchema, closure),
      state: LaunchPlanState.INACTIVE,
      ...scheduleColumns(spec),
      digest: contentDigest(LaunchPlanSpecSchema, spec),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.ctx.transaction(async (repos) => {
        const { created } = await repos.launchPlans.create(model);
        if (created) await ensureNamedEntity(repos, ResourceType.LAUNCH_PLAN, model.id, now);
      });
    } catch (e) {
      if (!isDifferentStructure(e)) throw e;
      const existing = await this.ctx.repositories.launchPlans.get(model.id);
      throw new DifferentStructureError(
        "launch plan",
        key,
        { spec: normalizedJson(LaunchPlanSpecSchema, fromBinary(LaunchPlanSpecSchema, existing.spec)) },
        { spec: normalizedJson(LaunchPlanSpecSchema, spec) },
      );
    }
  }

  /** ACTIVE makes this the one active version of its name (the previous one is deactivated atomically). */
  async update(req: LaunchPlanUpdateRequest): Promise<void> {
    const { id, state } = validateLaunchPlanUpdate(req);
    await this.ctx.repositories.launchPlans.setState(entityIdOf(id), state, this.ctx.now());
  }

  async get(req: ObjectGetRequest): Promise<LaunchPlan> {
    const v = new Violations();
    const id = validateIdentifier(v, "id", req.id, ResourceType.LAUNCH_PLAN, { implicitType: true });
    v.throwIfAny("GetLaunchPlan request");
    return toLaunchPlan(await this.ctx.repositories.launchPlans.get(entityIdOf(id as FullId)));
  }

  async getActive(req: ActiveLaunchPlanRequest): Promise<LaunchPlan> {
    const v = new Violations();
    const id = validateNamedIdentifier(v, "id", req.id);
    v.throwIfAny("GetActiveLaunchPlan request");
    return toLaunchPlan(
      await this.ctx.repositories.launchPlans.getActive(id as { project: string; domain: string; name: string }),
    );
  }

  async listActive(req: ActiveLaunchPlanListRequest): Promise<LaunchPlanList> {
    const v = new Violations();
    const scope = validateScope(v, "", req);
    const options = toListOptions(v, req);
    v.throwIfAny("ListActiveLaunchPlans request");
    const page = await this.ctx.repositories.launchPlans.listActive(
      scope as { project: string; domain: string },
      options,
    );
    return create(LaunchPlanListSchema, { launchPlans: page.items.map(toLaunchPlan), token: page.token });
  }

  async list(req: ResourceListRequest): Promise<LaunchPlanList> {
    const { scope, options } = versionedListRequest(req, "ListLaunchPlans");
    const page = await this.ctx.repositories.launchPlans.list(scope, options);
    return create(LaunchPlanListSchema, { launchPlans: page.items.map(toLaunchPlan), token: page.token });
  }

  listIds(req: NamedEntityIdentifierListRequest): Promise<NamedEntityIdentifierList> {
    return listNamedIds(req, "ListLaunchPlanIds", (scope, options) =>
      this.ctx.repositories.launchPlans.listIds(scope, options),
    );
  }
}

/** The stored row as the API shows it: the row's state and update time are authoritative. */
function toLaunchPlan(m: LaunchPlanModel): LaunchPlan {
  const closure = fromBinary(LaunchPlanClosureSchema, m.closure);
  closure.state = m.state;
  closure.updatedAt = timestampFromMs(m.updatedAt);
  return create(LaunchPlanSchema, {
    id: create(IdentifierSchema, { resourceType: ResourceType.LAUNCH_PLAN, ...m.id }),
    spec: fromBinary(LaunchPlanSpecSchema, m.spec),
    closure,
  });
}
