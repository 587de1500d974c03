import { clone, create } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { CompiledTaskSchema, type CompiledTask } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import {
  Resources_ResourceName,
  TaskTemplateSchema,
  type Container,
  type Resources_ResourceEntry,
  type TaskTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { CompileErrorCode, ErrorSink, type CompileResult } from "../errors.js";
import { idString } from "../ids.js";
import { isDns1123Label, isValidQuantity } from "./quantity.js";

/**
 * Validates a task template the way propeller's `CompileTask` does: an id is present; a container
 * has an image, parseable resource quantities, and a command or args when the interface has inputs
 * or outputs; a k8s pod spec has DNS-1123 container names. Returns the task wrapped as a
 * `CompiledTask` (a copy: the input is never modified).
 */
export function compileTask(template: TaskTemplate): CompileResult<CompiledTask> {
  const errs = new ErrorSink();
  const name = template.id ? idString(template.id) : "task";
  if (!template.id) errs.add(CompileErrorCode.ValueRequired, "root", "task: id is required");
  const target = template.target;
  switch (target.case) {
    case "container":
      validateContainer(name, template, target.value, errs);
      break;
    case "k8sPod":
      validatePodSpec(name, target.value.podSpec, errs);
      break;
    case "sql":
    case undefined:
      break;
  }
  if (errs.count > 0) return { ok: false, errors: errs.errors };
  return { ok: true, value: create(CompiledTaskSchema, { template: clone(TaskTemplateSchema, template) }) };
}

function validateContainer(name: string, task: TaskTemplate, container: Container, errs: ErrorSink): void {
  const hasInputs = Object.keys(task.interface?.inputs?.variables ?? {}).length > 0;
  const hasOutputs = Object.keys(task.interface?.outputs?.variables ?? {}).length > 0;
  if ((hasInputs || hasOutputs) && container.command.length === 0 && container.args.length === 0) {
    errs.add(
      CompileErrorCode.ValueRequired,
      "container",
      `${name}: container needs a command or args, because the task declares inputs or outputs`,
    );
  }
  if (container.image === "") {
    errs.add(CompileErrorCode.ValueRequired, "container", `${name}: container image is required`);
  }
  const resources = container.resources;
  if (resources) {
    checkQuantities(name, "requests", resources.requests, errs);
    checkQuantities(name, "limits", resources.limits, errs);
  }
}

function checkQuantities(
  name: string,
  kind: string,
  entries: readonly Resources_ResourceEntry[],
  errs: ErrorSink,
): void {
  for (const r of entries) {
    if (isValidQuantity(r.value)) continue;
    const resource = Resources_ResourceName[r.name] ?? String(r.name);
    errs.add(
      CompileErrorCode.UnrecognizedValue,
      `resources.${resource}`,
      `${name}: resource ${kind}.${resource} has value '${r.value}', which is not a quantity (e.g. 500m, 1.5Gi, 2)`,
    );
  }
}

function validatePodSpec(name: string, podSpec: JsonObject | undefined, errs: ErrorSink): void {
  const containers = podSpec?.["containers"];
  if (!podSpec || !Array.isArray(containers)) {
    errs.add(CompileErrorCode.InvalidValue, "root", `${name}: k8s pod spec must be an object with a 'containers' list`);
    return;
  }
  for (const c of containers) {
    const cname = typeof c === "object" && c !== null && !Array.isArray(c) ? c["name"] : undefined;
    if (typeof cname !== "string" || !isDns1123Label(cname)) {
      errs.add(
        CompileErrorCode.InvalidValue,
        "root",
        `${name}: k8s pod spec container name ${JSON.stringify(cname ?? null)} is not a DNS-1123 label (lowercase letters, digits and '-', at most 63)`,
      );
    }
  }
}
