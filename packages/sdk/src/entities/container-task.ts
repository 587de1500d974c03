import { addNode } from "../authoring/call.js";
import { callSite } from "../authoring/call-site.js";
import { AuthoringError, AuthoringErrorCode } from "../authoring/errors.js";
import { makeInterface, type OutputSpec } from "../authoring/interface.js";
import { runLocally } from "../authoring/local-runner.js";
import type { TypeMap } from "../types/flyte-type.js";
import { makeCallable } from "./callable.js";
import { TaskEntity } from "./task-entity.js";
import type { TaskSettings } from "./task-options.js";
import type { TaskFn, TaskOptions } from "./task.js";

/** What `containerTask(...)` takes: the interface, the image and command, and where data goes. */
export interface ContainerTaskOptions<I extends TypeMap, O extends OutputSpec> extends Omit<
  TaskOptions<I, O, never>,
  "defaults" | "image"
> {
  /** The name is required: a container task has no module export to be named after. */
  readonly name: string;
  readonly image: string;
  /** The command; `{{.inputs.x}}` is replaced by input `x`, e.g. `["sh", "-c", "echo {{.inputs.n}}"]`. */
  readonly command: readonly string[];
  readonly args?: readonly string[];
  /** Where inputs appear in the container, one file per input (default `/var/inputs`). */
  readonly inputDir?: string;
  /** Where the container writes one file per output (default `/var/outputs`). */
  readonly outputDir?: string;
  /** Format of the inputs/outputs metadata files (default `json`). */
  readonly format?: "json" | "yaml" | "proto";
}

const INPUT_TEMPLATE = /\{\{\s*[.$]inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/gi;

/**
 * A task in any language: a container image and a command. Inputs arrive as files in `inputDir`
 * (and as `{{.inputs.x}}` in the command); outputs are read from files in `outputDir`.
 */
export function containerTask<I extends TypeMap = Record<never, never>, O extends OutputSpec = undefined>(
  options: ContainerTaskOptions<I, O>,
): TaskFn<I, O> {
  const iface = makeInterface(options);
  for (const part of [...options.command, ...(options.args ?? [])]) {
    for (const m of part.matchAll(INPUT_TEMPLATE)) {
      const name = m[1] ?? "";
      if (!(name in iface.inputs)) {
        throw new AuthoringError(
          AuthoringErrorCode.VariableNameNotFound,
          `container task '${options.name}': the command uses {{.inputs.${name}}} but '${name}' is not an input (inputs: ${Object.keys(iface.inputs).join(", ") || "none"})`,
          { variable: name },
        );
      }
    }
  }
  const entity = new TaskEntity({
    iface,
    settings: options as TaskSettings,
    variant: {
      kind: "container",
      container: {
        image: options.image,
        command: [...options.command],
        args: [...(options.args ?? [])],
        inputDir: options.inputDir ?? "/var/inputs",
        outputDir: options.outputDir ?? "/var/outputs",
        format: options.format ?? "json",
      },
    },
    definedAt: callSite(),
  });
  const run = (inputs: Readonly<Record<string, unknown>> = {}) => runLocally(entity, inputs);
  return makeCallable(
    entity,
    {
      inWorkflow: (builder, inputs, overrides) =>
        addNode({ builder, entity, target: { kind: "task", entity }, inputs, overrides }),
      outside: run,
    },
    { run, execute: () => Promise.reject(new Error(`${entity.label} runs in its container: use the engine`)) },
  ) as unknown as TaskFn<I, O>;
}
