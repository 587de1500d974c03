import { create } from "@bufbuild/protobuf";
import { FailedPreconditionError } from "@flyte-ts/core";
import { ObjectGetRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { entityIdOf } from "./entity-helpers.js";
import { ExecutionErrorCode } from "./execution-errors.js";
import type { LaunchPlanManager } from "./launch-plan-manager.js";
import type { WorkflowManager } from "./workflow-manager.js";

/** What an execution of a launch plan version runs: the plan (inputs) and its compiled workflow. */
export interface LaunchTarget {
  lp: LaunchPlan;
  workflowId: Identifier;
  closure: CompiledWorkflowClosure;
}

const MAX_ENTRIES = 256;

/**
 * Launch plan versions and workflow versions are immutable once registered, so what an execution
 * needs of them (inputs, compiled closure) is read and decoded once per version, not once per
 * CreateExecution. Only successful lookups are kept; the oldest entry goes first when full.
 */
export class ExecutionTargetCache {
  readonly #launchPlans: LaunchPlanManager;
  readonly #workflows: WorkflowManager;
  readonly #entries = new Map<string, LaunchTarget>();

  constructor(options: { launchPlans: LaunchPlanManager; workflows: WorkflowManager }) {
    this.#launchPlans = options.launchPlans;
    this.#workflows = options.workflows;
  }

  async get(lpId: Identifier | undefined): Promise<LaunchTarget> {
    const key = lpId ? `${lpId.org}/${lpId.project}/${lpId.domain}/${lpId.name}/${lpId.version}` : "";
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const lp = await this.#launchPlans.get(create(ObjectGetRequestSchema, lpId ? { id: lpId } : {}));
    const workflowId = lp.spec?.workflowId;
    const closure = workflowId
      ? await this.#workflows.getClosure(entityIdOf({ ...workflowId, resourceType: ResourceType.WORKFLOW }))
      : undefined;
    if (!workflowId || !closure) {
      throw new FailedPreconditionError(`launch plan ${lpId?.name ?? "?"} has no compiled workflow`, {
        code: ExecutionErrorCode.WorkflowNotCompiled,
      });
    }
    const target = { lp, workflowId, closure };
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, target);
    return target;
  }
}
