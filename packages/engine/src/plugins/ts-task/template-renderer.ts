import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { inputText } from "./input-text.js";

/** What the placeholders of a task command line stand for in one attempt (brief §5.1). */
export interface TemplateVars {
  /** `{{.input}}`: URI of inputs.pb. */
  readonly input: string;
  /** `{{.inputPrefix}}`: the node's data dir. */
  readonly inputPrefix: string;
  /** `{{.outputPrefix}}`: the attempt's output dir. */
  readonly outputPrefix: string;
  readonly rawOutputDataPrefix: string;
  readonly checkpointOutputPrefix: string;
  /** `""` when undefined (a first attempt). */
  readonly prevCheckpointPrefix: string | undefined;
  /** The attempt's generated name (sanitised for `{{.perRetryUniqueKey}}`). */
  readonly generatedName: string;
  readonly namespace: string;
  /** Values for `{{.Inputs.<name>}}`. */
  readonly inputs: LiteralMap;
  /** URI of the task template, when one was uploaded for `{{.taskTemplatePath}}`. */
  readonly taskTemplatePath?: string;
}

/** A placeholder that cannot be rendered: the message names the input. */
export class TemplateRenderError extends Error {
  readonly variable: string;
  constructor(message: string, variable: string) {
    super(message);
    this.name = "TemplateRenderError";
    this.variable = variable;
  }
}

/** `{{ .name }}`, `{{$name}}`, `{{.Inputs.x}}`: case-insensitive, `.` or `$`, optional spaces. */
const PLACEHOLDER = /\{\{\s*[.$]([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z0-9_-]+))?\s*\}\}/g;

/** Whether any part asks for the task template path (so the caller uploads it first). */
export function usesTaskTemplatePath(parts: readonly string[]): boolean {
  return parts.some((p) => /\{\{\s*[.$]taskTemplatePath\s*\}\}/i.test(p));
}

/**
 * Fills Flyte's placeholders in every part of a command line. Unknown placeholders stay as they
 * are (they may belong to the program); `{{.Inputs.x}}` of a missing input or one without a text
 * form throws `TemplateRenderError`.
 */
export function renderTemplate(parts: readonly string[], vars: TemplateVars): string[] {
  return parts.map((part) =>
    part.replace(PLACEHOLDER, (whole, name: string, sub: string | undefined) => {
      const key = name.toLowerCase();
      if (sub !== undefined) return key === "inputs" ? renderInput(vars.inputs, sub) : whole;
      return simple(key, vars) ?? whole;
    }),
  );
}

function simple(key: string, v: TemplateVars): string | undefined {
  switch (key) {
    case "input":
      return v.input;
    case "inputprefix":
      return v.inputPrefix;
    case "outputprefix":
      return v.outputPrefix;
    case "rawoutputdataprefix":
      return v.rawOutputDataPrefix;
    case "checkpointoutputprefix":
      return v.checkpointOutputPrefix;
    case "prevcheckpointprefix":
      return v.prevCheckpointPrefix === undefined || v.prevCheckpointPrefix === "" ? '""' : v.prevCheckpointPrefix;
    case "perretryuniquekey":
      return perRetryUniqueKey(v.generatedName);
    case "namespace":
      return v.namespace;
    case "tasktemplatepath":
      return v.taskTemplatePath;
    default:
      return undefined;
  }
}

function renderInput(inputs: LiteralMap, name: string): string {
  const lit = inputs.literals[name];
  if (lit === undefined) {
    const known = Object.keys(inputs.literals).join(", ") || "none";
    throw new TemplateRenderError(`{{.Inputs.${name}}}: the task has no input '${name}' (inputs: ${known})`, name);
  }
  const text = inputText(lit);
  if (text === undefined) {
    throw new TemplateRenderError(`{{.Inputs.${name}}}: input '${name}' has no command-line text form`, name);
  }
  return text;
}

/** The generated name with only `[a-zA-Z0-9_]`, starting with a letter. */
export function perRetryUniqueKey(generatedName: string): string {
  const clean = generatedName.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[a-zA-Z]/.test(clean) ? clean : `k${clean}`;
}
