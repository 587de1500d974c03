import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { isFlyteError, WorkflowPhase } from "@flyte-ts/core";
import {
  ExecutionClosureSchema,
  ExecutionCreateResponseSchema,
  ExecutionMetadata_ExecutionMode,
  ExecutionMetadataSchema,
  ExecutionSpecSchema,
  ExecutionState,
  ExecutionStateChangeDetailsSchema,
  type ExecutionCreateRequest,
  type ExecutionCreateResponse,
  type ExecutionRecoverRequest,
  type ExecutionRelaunchRequest,
  type ExecutionSpec,
  type ExecutionTerminateRequest,
  type ExecutionUpdateRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { adminExecutionInputsPath, readProtoIfExists, writeProto, type BlobStore } from "@flyte-ts/storage";
import type { NamedId } from "../persistence/repositories/common.js";
import type { ExecutionModel } from "../persistence/repositories/execution-rows.js";
import { validateIdentifier, type FullId } from "../validation/identifier-validation.js";
import { requireEnum, requireText, Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import { entityIdOf } from "./entity-helpers.js";
import { toExecutionIdentifier, validateExecutionId } from "./execution-ids.js";
import { failedLaunchPatch } from "./execution-failure.js";
import { resubmitExecution } from "./execution-resubmit.js";
import { ExecutionTargetCache } from "./execution-target-cache.js";
import { terminateExecution } from "./execution-terminate.js";
import { resolveExecutionInputs } from "./execution-inputs.js";
import { checkName, generateName } from "./execution-names.js";
import { resolveExecutionSettings } from "./execution-settings.js";
import type { ExecutionSettingsConfig } from "./execution-settings-config.js";
import type { ChildExecutionRequest, ExecutionLauncher } from "./execution-launcher.js";
import type { LaunchPlanManager } from "./launch-plan-manager.js";
import type { ProjectManager } from "./project-manager.js";
import { FLYTEGEN_PREFIX, taskLaunchPlanId } from "./execution-task-launch-plan.js";
import type { TaskManager } from "./task-manager.js";
import type { WorkflowManager } from "./workflow-manager.js";

const STATES: Readonly<Record<number, string>> = { 0: "EXECUTION_ACTIVE", 1: "EXECUTION_ARCHIVED" };

export interface ExecutionManagerOptions {
  context: ManagerContext;
  projects: ProjectManager;
  workflows: WorkflowManager;
  launchPlans: LaunchPlanManager;
  tasks: TaskManager;
  /** Where inputs are offloaded (`<storagePrefix>/metadata/<p>/<d>/<name>/inputs`). */
  blobs: BlobStore;
  storagePrefix: string;
  launcher: ExecutionLauncher;
  /** Principal recorded when a request names none. Default `flyte`. */
  defaultPrincipal?: string;
  /** Global execution settings: the last level of the settings merge (`resolveExecutionSettings`). */
  settings?: ExecutionSettingsConfig;
}

interface Launch {
  id: NamedId;
  spec: ExecutionSpec;
  userInputs: LiteralMap | undefined;
  recoverFrom?: NamedId;
  referenceExecution?: NamedId;
  /** Child executions: the launching node; an existing row with this id is not an error. */
  parent?: { execution: NamedId; nodeUniqueId: string };
}

/** CreateExecution, RelaunchExecution, RecoverExecution, TerminateExecution, UpdateExecution (brief §9). */
export class ExecutionManager {
  readonly #o: ExecutionManagerOptions;
  readonly #targets: ExecutionTargetCache;
  readonly #taskPlans = new Map<string, Identifier>();
  constructor(options: ExecutionManagerOptions) {
    this.#o = options;
    this.#targets = new ExecutionTargetCache(options);
  }

  async create(req: ExecutionCreateRequest): Promise<ExecutionCreateResponse> {
    const v = new Violations();
    requireText(v, "project", req.project);
    requireText(v, "domain", req.domain);
    checkName(v, "name", req.name);
    const isTask = req.spec?.launchPlan?.resourceType === ResourceType.TASK;
    if (!req.spec) v.missing("spec");
    else {
      const type = isTask ? ResourceType.TASK : ResourceType.LAUNCH_PLAN;
      validateIdentifier(v, "spec.launch_plan", req.spec.launchPlan, type);
    }
    v.throwIfAny("CreateExecution request");
    const spec = create(ExecutionSpecSchema, req.spec as ExecutionSpec);
    if (isTask && spec.launchPlan) {
      await this.#o.projects.checkProjectDomain(req.project, req.domain);
      const t = spec.launchPlan;
      const key = `${t.project}/${t.domain}/${t.name}/${t.version}`;
      const known = this.#taskPlans.get(key);
      spec.launchPlan = known ?? (await taskLaunchPlanId(this.#o, t));
      // Registered once per task version (tasks are immutable): later runs skip the re-registration.
      if (!known && this.#taskPlans.size < 1024) this.#taskPlans.set(key, spec.launchPlan);
    }
    const id = { project: req.project, domain: req.domain, name: req.name || generateName() };
    return this.#launch({ id, spec, userInputs: req.inputs ?? spec.inputs });
  }

  /**
   * A child execution of a launch-plan node (mode CHILD_WORKFLOW, linked to its parent node,
   * principal inherited, nesting + 1). Idempotent: an existing child is (re)handed to the engine,
   * which ignores executions it already has.
   */
  async createChild(r: ChildExecutionRequest): Promise<void> {
    const parent = await this.#o.context.repositories.executions.get(r.parent.execution);
    const parentMeta = fromBinary(ExecutionSpecSchema, parent.spec).metadata;
    const spec = create(ExecutionSpecSchema, {
      launchPlan: r.launchPlanId,
      metadata: {
        mode: ExecutionMetadata_ExecutionMode.CHILD_WORKFLOW,
        principal: parent.principal,
        nesting: (parentMeta?.nesting ?? 0) + 1,
        parentNodeExecution: {
          nodeId: r.parent.nodeUniqueId,
          executionId: toExecutionIdentifier(r.parent.execution),
        },
      },
      overwriteCache: r.overwriteCache,
      maxParallelism: r.maxParallelism,
      ...(r.interruptible === undefined ? {} : { interruptible: r.interruptible }),
    });
    await this.#launch({
      id: r.childId,
      spec,
      userInputs: r.inputs,
      parent: r.parent,
      ...(r.recoverFrom ? { recoverFrom: r.recoverFrom } : {}),
    });
  }

  async relaunch(req: ExecutionRelaunchRequest): Promise<ExecutionCreateResponse> {
    return this.#again(req, "RelaunchExecution", ExecutionMetadata_ExecutionMode.RELAUNCH, req.overwriteCache);
  }

  async recover(req: ExecutionRecoverRequest): Promise<ExecutionCreateResponse> {
    return this.#again(req, "RecoverExecution", ExecutionMetadata_ExecutionMode.RECOVERED, false, req.metadata);
  }

  /**
   * Hands a stored, never-started execution (QUEUED in admin, unknown to the engine: a crash
   * between the two) to the engine again, from its stored spec and merged inputs.
   */
  resubmit(id: NamedId): Promise<void> {
    return resubmitExecution(this.#o, id);
  }

  /** Rejected when terminal; ABORTING with the cause, then the engine aborts (ABORTED arrives as an event). */
  terminate(req: ExecutionTerminateRequest): Promise<void> {
    return terminateExecution(this.#o, req);
  }

  /** Archive / unarchive (listing only). */
  async update(req: ExecutionUpdateRequest): Promise<void> {
    const v = new Violations();
    const id = validateExecutionId(v, "id", req.id);
    requireEnum(v, "state", req.state, STATES);
    v.throwIfAny("UpdateExecution request");
    const eid = id as NamedId;
    const repos = this.#o.context.repositories;
    const ex = await repos.executions.get(eid);
    const now = this.#o.context.now();
    const closure = fromBinary(ExecutionClosureSchema, ex.closure);
    closure.stateChangeDetails = create(ExecutionStateChangeDetailsSchema, {
      state: req.state,
      occurredAt: timestampFromMs(now),
      principal: this.#o.defaultPrincipal ?? "flyte",
    });
    await repos.executions.update(eid, {
      state: req.state,
      updatedAt: now,
      closure: toBinary(ExecutionClosureSchema, closure),
    });
  }

  async #again(
    req: ExecutionRelaunchRequest | ExecutionRecoverRequest,
    what: string,
    mode: ExecutionMetadata_ExecutionMode,
    overwriteCache: boolean,
    metadata?: ExecutionRecoverRequest["metadata"],
  ): Promise<ExecutionCreateResponse> {
    const v = new Violations();
    const id = validateExecutionId(v, "id", req.id);
    checkName(v, "name", req.name);
    v.throwIfAny(`${what} request`);
    const old = await this.#o.context.repositories.executions.get(id as NamedId);
    const spec = fromBinary(ExecutionSpecSchema, old.spec);
    spec.overwriteCache = overwriteCache || spec.overwriteCache;
    const meta = metadata ? create(ExecutionMetadataSchema, metadata) : create(ExecutionMetadataSchema);
    meta.mode = mode;
    meta.principal = metadata?.principal || spec.metadata?.principal || "";
    meta.referenceExecution = toExecutionIdentifier(old.id);
    spec.metadata = meta;
    const userInputs = old.userInputsUri
      ? await readProtoIfExists(this.#o.blobs, old.userInputsUri, LiteralMapSchema)
      : undefined;
    const newId = { project: old.id.project, domain: old.id.domain, name: req.name || generateName() };
    return this.#launch({
      id: newId,
      spec,
      userInputs,
      referenceExecution: old.id,
      ...(mode === ExecutionMetadata_ExecutionMode.RECOVERED ? { recoverFrom: old.id } : {}),
    });
  }

  /** Load the launch plan and workflow, merge inputs, store the row QUEUED, hand it to the engine. */
  async #launch(l: Launch): Promise<ExecutionCreateResponse> {
    const o = this.#o;
    await o.projects.checkProjectDomain(l.id.project, l.id.domain);
    const lpId = l.spec.launchPlan;
    const { lp, workflowId: wfId, closure } = await this.#targets.get(lpId);
    const inputs = resolveExecutionInputs(lp, l.userInputs);
    const inputsUri = adminExecutionInputsPath(o.storagePrefix, l.id);
    // When the user gave every input (no defaults or fixed inputs added), both maps are one object.
    const userInputsUri = sameLiterals(inputs, l.userInputs)
      ? inputsUri
      : adminExecutionInputsPath(o.storagePrefix, l.id, "user_inputs");
    await Promise.all([
      writeProto(o.blobs, inputsUri, LiteralMapSchema, inputs),
      userInputsUri === inputsUri
        ? undefined
        : writeProto(o.blobs, userInputsUri, LiteralMapSchema, l.userInputs ?? create(LiteralMapSchema)),
    ]);
    const now = o.context.now();
    const spec = create(ExecutionSpecSchema, l.spec);
    spec.inputs = undefined;
    // What the execution leaves unset comes from its launch plan (as Flyte resolves it).
    const lps = lp.spec;
    if (lps) {
      if (spec.maxParallelism === 0) spec.maxParallelism = lps.maxParallelism;
      if (spec.interruptible === undefined && lps.interruptible !== undefined) spec.interruptible = lps.interruptible;
      if (!spec.overwriteCache) spec.overwriteCache = lps.overwriteCache;
      if (!spec.labels && lps.labels) spec.labels = lps.labels;
      if (!spec.annotations && lps.annotations) spec.annotations = lps.annotations;
    }
    // Then matchable attributes by scope and the global config; task resources defaulted and clamped.
    const settings = await resolveExecutionSettings({
      repositories: o.context.repositories,
      id: l.id,
      workflowName: wfId.name,
      launchPlanName: lpId?.name ?? "",
      spec,
      launchPlan: lps,
      closure,
      config: o.settings,
    });
    const meta = create(ExecutionMetadataSchema, spec.metadata ?? {});
    if (meta.principal === "") meta.principal = o.defaultPrincipal ?? "flyte";
    spec.metadata = meta;
    const model: ExecutionModel = {
      id: l.id,
      phase: "QUEUED",
      launchPlanId: entityIdOf({ ...(lpId as FullId) }),
      workflowId: { project: wfId.project, domain: wfId.domain, name: wfId.name, version: wfId.version },
      taskName: lpId?.name.startsWith(FLYTEGEN_PREFIX) ? lpId.name.slice(FLYTEGEN_PREFIX.length) : "",
      mode: meta.mode,
      principal: meta.principal,
      parentNodeExecution: l.parent ? { executionId: l.parent.execution, nodeId: l.parent.nodeUniqueId } : null,
      referenceExecution: l.referenceExecution ?? null,
      cluster: "",
      startedAt: null,
      durationMs: null,
      createdAt: now,
      updatedAt: now,
      state: ExecutionState.EXECUTION_ACTIVE,
      spec: toBinary(ExecutionSpecSchema, spec),
      closure: toBinary(
        ExecutionClosureSchema,
        create(ExecutionClosureSchema, {
          phase: WorkflowPhase.QUEUED,
          createdAt: timestampFromMs(now),
          updatedAt: timestampFromMs(now),
          workflowId: wfId,
          stateChangeDetails: {
            state: ExecutionState.EXECUTION_ACTIVE,
            occurredAt: timestampFromMs(now),
            principal: meta.principal,
          },
        }),
      ),
      errorKind: "",
      errorCode: "",
      inputsUri,
      userInputsUri,
      tags: [...spec.tags],
    };
    try {
      await o.context.repositories.executions.create(model);
    } catch (e) {
      if (!(l.parent && isFlyteError(e) && e.status === "already_exists")) throw e;
    }
    try {
      await o.launcher.launch({
        id: l.id,
        closure: settings.closure,
        inputs,
        overwriteCache: spec.overwriteCache,
        maxParallelism: spec.maxParallelism,
        ...(spec.interruptible === undefined ? {} : { interruptible: spec.interruptible }),
        ...(l.recoverFrom ? { recoverFrom: l.recoverFrom } : {}),
        ...(l.parent ? { parent: l.parent } : {}),
      });
    } catch (e) {
      if (l.parent && isFlyteError(e) && e.status === "already_exists") return created(l.id);
      await o.context.repositories.executions.update(model.id, failedLaunchPatch(model, e, o.context.now()));
    }
    return created(l.id);
  }
}

/** Whether the resolved inputs are exactly the user's (the same literal for every name). */
function sameLiterals(inputs: LiteralMap, user: LiteralMap | undefined): boolean {
  const given = user?.literals ?? {};
  const names = Object.keys(inputs.literals);
  return names.length === Object.keys(given).length && names.every((n) => inputs.literals[n] === given[n]);
}

const created = (id: NamedId): ExecutionCreateResponse =>
  create(ExecutionCreateResponseSchema, { id: toExecutionIdentifier(id) });
