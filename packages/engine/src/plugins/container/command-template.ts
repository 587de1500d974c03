import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalToText } from "./literal-text.js";

/** The values a container command line may refer to (brief §5.1). */
export interface TemplateValues {
  /** `{{.input}}`: the inputs.pb URI. */
  readonly inputUri: string;
  /** `{{.inputPrefix}}`: the node data dir. */
  readonly inputPrefix: string;
  /** `{{.outputPrefix}}`: the attempt output dir. */
  readonly outputPrefix: string;
  readonly rawOutputDataPrefix: string;
  readonly checkpointOutputPrefix: string;
  /** Renders as `""` when undefined (first attempt). */
  readonly prevCheckpointPrefix: string | undefined;
  /** The generated name; sanitised for `{{.perRetryUniqueKey}}`. */
  readonly generatedName: string;
  readonly namespace: string;
  readonly inputs: LiteralMap;
  /** Gives the URI of the task template, uploading it the first time it is asked for. */
  readonly taskTemplatePath?: () => Promise<string>;
}

/** A command part refers to an input that does not exist or has no text form. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

const PLACEHOLDER = /\{\{\s*[.$]([A-Za-z][A-Za-z0-9]*)(?:\.([^}\s]+))?\s*\}\}/g;

/**
 * Renders Flyte's command-line placeholders in each part: case-insensitive, `.` or `$` prefix,
 * optional spaces (`{{ .Inputs.x }}`, `{{$outputPrefix}}`). Unknown placeholders are left as they
 * are. Throws `TemplateError` for an input that is missing or has no text form.
 */
export async function renderCommand(parts: readonly string[], values: TemplateValues): Promise<string[]> {
  let templateUri: string | undefined;
  const needsTemplate = parts.some((p) => /\{\{\s*[.$]taskTemplatePath\s*\}\}/i.test(p));
  if (needsTemplate && values.taskTemplatePath) templateUri = await values.taskTemplatePath();
  return parts.map((part) =>
    part.replace(PLACEHOLDER, (whole, name: string, sub: string | undefined) => {
      const key = name.toLowerCase();
      if (sub !== undefined) return key === "inputs" ? inputText(values.inputs, sub) : whole;
      return simpleValue(key, values, templateUri) ?? whole;
    }),
  );
}

function simpleValue(key: string, v: TemplateValues, templateUri: string | undefined): string | undefined {
  switch (key) {
    case "input":
      return v.inputUri;
    case "inputprefix":
      return v.inputPrefix;
    case "outputprefix":
      return v.outputPrefix;
    case "rawoutputdataprefix":
      return v.rawOutputDataPrefix;
    case "checkpointoutputprefix":
      return v.checkpointOutputPrefix;
    case "prevcheckpointprefix":
      return v.prevCheckpointPrefix ?? '""';
    case "perretryuniquekey":
      return perRetryUniqueKey(v.generatedName);
    case "namespace":
      return v.namespace;
    case "tasktemplatepath":
      return templateUri;
    default:
      return undefined;
  }
}

function inputText(inputs: LiteralMap, name: string): string {
  const lit = inputs.literals[name];
  if (!lit) {
    const known = Object.keys(inputs.literals).join(", ") || "none";
    throw new TemplateError(
      `the command uses {{.inputs.${name}}} but the task has no input '${name}' (inputs: ${known})`,
      name,
    );
  }
  const text = literalToText(lit);
  if (text === undefined) {
    throw new TemplateError(
      `input '${name}' has no text form for the command line (only primitives, files, lists)`,
      name,
    );
  }
  return text;
}

/** The generated name as `[a-zA-Z0-9_]`, starting with a letter. */
export function perRetryUniqueKey(generatedName: string): string {
  const clean = generatedName.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z]/.test(clean) ? clean : `k${clean}`;
}
