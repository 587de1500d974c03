import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { writeProto } from "@flyte-ts/storage";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../task-plugin.js";

/** Flyte's `echo` plugin: the task's outputs are its inputs, with no work done. */
export class EchoPlugin implements TaskPlugin {
  readonly id = "echo";
  readonly taskTypes: readonly string[] = ["echo"];

  async handle(ctx: TaskExecutionContext): Promise<PluginTransition> {
    await writeProto(ctx.blobs, ctx.paths.outputs, LiteralMapSchema, await ctx.inputs());
    return { phase: "success" };
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }

  finalize(): Promise<void> {
    return Promise.resolve();
  }
}
