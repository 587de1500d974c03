import type { CompiledWorkflowClosure } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalMap } from "@flyte-ts/idl";
import { AlreadyExistsError, NotFoundError } from "@flyte-ts/core";
import { formatIdentifier } from "@flyte-ts/idl";
import type { Engine } from "../engine/engine.js";
import { executionKey, type ExecutionId } from "../model/ids.js";
import { EngineErrorCode } from "../model/node-error.js";
import type { ChildStatus, LaunchPlanExecutor, LaunchRequest } from "./launch-plan-executor.js";

/** A launch plan as a local run needs it: the compiled workflow and its default and fixed inputs. */
export interface ResolvedLaunchPlan {
  readonly closure: CompiledWorkflowClosure;
  readonly defaultInputs?: LiteralMap;
  readonly fixedInputs?: LiteralMap;
}

export interface InProcessLaunchPlanExecutorOptions {
  readonly engine: Engine;
  readonly resolve: (id: Identifier) => ResolvedLaunchPlan | undefined;
}

/**
 * Child executions in the same engine (local runs, `flyte start` before admin is wired): inputs
 * are defaults ← node inputs ← fixed inputs; the child runs as a normal execution with the
 * parent recorded in its config. Launching an existing child id is a no-op.
 */
export class InProcessLaunchPlanExecutor implements LaunchPlanExecutor {
  readonly #engine: Engine;
  readonly #resolve: InProcessLaunchPlanExecutorOptions["resolve"];

  constructor(options: InProcessLaunchPlanExecutorOptions) {
    this.#engine = options.engine;
    this.#resolve = options.resolve;
  }

  async launch(request: LaunchRequest): Promise<void> {
    const lp = this.#resolve(request.launchPlanId);
    if (!lp) {
      throw new NotFoundError(`launch plan ${formatIdentifier(request.launchPlanId)} is not known to this engine`, {
        code: EngineErrorCode.LaunchPlanFailed,
      });
    }
    const inputs = literalMap({
      ...(lp.defaultInputs?.literals ?? {}),
      ...request.inputs.literals,
      ...(lp.fixedInputs?.literals ?? {}),
    });
    try {
      await this.#engine.createExecution({
        id: request.childId,
        closure: lp.closure,
        inputs,
        config: {
          maxParallelism: request.maxParallelism,
          overwriteCache: request.overwriteCache,
          ...(request.interruptible === undefined ? {} : { interruptible: request.interruptible }),
          ...(request.recoverFrom ? { recoverFrom: request.recoverFrom } : {}),
          parent: request.parent,
        },
      });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }

  async status(childId: ExecutionId): Promise<ChildStatus> {
    const record = await this.#engine.getExecution(childId);
    if (!record) return { phase: "notFound" };
    switch (record.phase) {
      case "Succeeded": {
        const result = await this.#engine.waitFor(childId);
        return { phase: "succeeded", outputs: result.outputs ?? literalMap({}) };
      }
      case "Failed":
        return {
          phase: "failed",
          error: record.error ?? {
            kind: "SYSTEM",
            code: EngineErrorCode.LaunchPlanFailed,
            message: `child ${executionKey(childId)} failed`,
          },
        };
      case "Aborted":
        return { phase: "aborted", reason: record.abortReason ?? "aborted" };
      case "Ready":
      case "Running":
      case "Failing":
      case "HandlingFailureNode":
      case "Succeeding":
        return { phase: "running" };
    }
  }

  async abort(childId: ExecutionId, reason: string): Promise<void> {
    const record = await this.#engine.getExecution(childId);
    if (!record) return;
    await this.#engine.abort(childId, reason);
  }

  watch(childId: ExecutionId, listener: () => void): () => void {
    const key = executionKey(childId);
    return this.#engine.onTerminal((r) => {
      if (executionKey(r.id) === key) listener();
    });
  }
}
