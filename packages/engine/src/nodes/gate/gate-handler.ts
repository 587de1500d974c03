import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema, SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { UserError } from "@flyte-ts/core";
import { durationMs } from "../../executor/deadlines.js";
import { EngineErrorCode } from "../../model/node-error.js";
import type { NodeContext, NodeHandler, Transition } from "../node-handler.js";

const BOOLEAN = create(LiteralTypeSchema, { type: { case: "simple", value: SimpleType.BOOLEAN } });

/**
 * Gate nodes. `sleep`: a timer for the remaining time (no polling). `approve`: a boolean signal;
 * true passes the inputs through, false fails with `ReceivedRejectSignal`. `signal`: a typed
 * value becomes the output variable. Signals are created on first evaluation and watched, so
 * setting one wakes the node at once.
 */
export const gateHandler: NodeHandler = {
  async handle(ctx: NodeContext): Promise<Transition> {
    if (ctx.node.target.case !== "gateNode") throw new UserError("NotAGateNode", `node ${ctx.node.id} is not a gate`);
    const condition = ctx.node.target.value.condition;
    switch (condition.case) {
      case "sleep": {
        const started = ctx.record.lastAttemptStartedAtMs ?? ctx.record.queuedAtMs ?? ctx.services.clock.now();
        const remaining = started + durationMs(condition.value.duration) - ctx.services.clock.now();
        if (remaining <= 0) return { type: "success", outputs: create(LiteralMapSchema) };
        return { type: "running", wakeAfterMs: remaining, reason: `sleeping ${remaining}ms` };
      }
      case "approve": {
        const value = await signal(ctx, condition.value.signalId, BOOLEAN);
        if (value === undefined) return { type: "running", reason: `waiting for approval ${condition.value.signalId}` };
        const approved =
          value.value.case === "scalar" &&
          value.value.value.value.case === "primitive" &&
          value.value.value.value.value.value.case === "boolean"
            ? value.value.value.value.value.value.value
            : false;
        if (!approved) {
          return {
            type: "failure",
            error: {
              kind: "USER",
              code: EngineErrorCode.ReceivedRejectSignal,
              message: `signal ${condition.value.signalId} rejected node ${ctx.node.id}`,
            },
          };
        }
        return { type: "success", outputs: await ctx.inputs() };
      }
      case "signal": {
        const type = condition.value.type ?? BOOLEAN;
        const value = await signal(ctx, condition.value.signalId, type);
        if (value === undefined) return { type: "running", reason: `waiting for signal ${condition.value.signalId}` };
        return {
          type: "success",
          outputs: create(LiteralMapSchema, { literals: { [condition.value.outputVariableName]: value } }),
        };
      }
      case undefined:
        throw new UserError("GateWithoutCondition", `gate node ${ctx.node.id} has no condition`);
    }
  },
  abort: () => Promise.resolve(),
  finalize: () => Promise.resolve(),
};

async function signal(
  ctx: NodeContext,
  signalId: string,
  type: Parameters<NonNullable<NodeContext["services"]["signals"]>["getOrCreate"]>[2],
) {
  const source = ctx.services.signals;
  if (!source)
    throw new UserError(
      "NoSignalSource",
      `gate node ${ctx.node.id} waits for signal ${signalId}, but the engine has no signal source`,
    );
  const watch = source.watch?.bind(source);
  if (watch) ctx.watch(`signal:${signalId}`, (wake) => watch(ctx.execution, signalId, wake));
  return source.getOrCreate(ctx.execution, signalId, type);
}
