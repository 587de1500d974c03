import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { JsonObject } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { CliContext } from "../../context.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import { parseOutputFormat } from "../../output/format.js";
import { renderColumns, renderYaml } from "../../output/proto-output.js";
import type { RemoteFlags } from "../../remote/cli-config.js";
import { isRpcCode, type Remote } from "../../remote/remote-client.js";
import { remoteFor, withRemoteOptions } from "../../remote/remote-options.js";
import {
  deleteAttributes,
  describeScope,
  getAttributes,
  updateAttributes,
  type AttributeScope,
} from "./attribute-scope.js";
import {
  ATTRIBUTE_EXAMPLES,
  attributeBody,
  attributeTypeNames,
  matchingAttributes,
  parseAttributeType,
  type AttributeType,
} from "./attribute-types.js";
import { withOutputOption, type OutputFlags } from "./list-options.js";

interface AttributeFlags extends RemoteFlags {
  type?: string;
  workflow?: string;
  projectLevel?: boolean;
  file?: string;
}

type ScopeKeys = { project?: string; domain?: string; workflow?: string };

function withAttributeOptions(cmd: Command, typeRequired: boolean): Command {
  return withRemoteOptions(
    cmd
      .option("--type <type>", `${typeRequired ? "" : "only "}this type: ${attributeTypeNames.join(", ")}`)
      .option("--workflow <name>", "attributes of one workflow (WorkflowAttributes) instead of the project/domain")
      .option("--project-level", "attributes of the whole project, every domain (ProjectAttributes)"),
  );
}

/** The scope from flags, then the attribute file's project/domain/workflow keys, then env and config. */
function scopeOf(
  flags: AttributeFlags,
  ctx: CliContext,
  file: ScopeKeys = {},
): { remote: Remote; scope: AttributeScope } {
  const remote = remoteFor(
    {
      ...flags,
      ...((flags.project ?? file.project) ? { project: flags.project ?? file.project } : {}),
      ...((flags.domain ?? file.domain) ? { domain: flags.domain ?? file.domain } : {}),
    },
    ctx,
  );
  const { project, domain } = remote.config;
  const workflow = flags.workflow ?? file.workflow;
  if (flags.projectLevel && workflow !== undefined) {
    throw new CliError("--project-level and --workflow are different scopes: give one", ExitCode.Usage);
  }
  if (flags.projectLevel) return { remote, scope: { level: "project", project } };
  if (workflow !== undefined) return { remote, scope: { level: "workflow", project, domain, workflow } };
  return { remote, scope: { level: "domain", project, domain } };
}

/** Reads an attributes file: its scope keys and the attribute body. */
function readAttributeFile(path: string, ctx: CliContext): { scope: ScopeKeys; body: JsonObject } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(resolve(ctx.io.cwd, path), "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") throw new CliError(`no such attributes file: ${path}`, ExitCode.Usage);
    throw new CliError(`${path} is not valid YAML: ${err.message}`, ExitCode.Usage);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new CliError(`${path} must be a YAML mapping of attribute fields`, ExitCode.Usage);
  }
  const { project, domain, workflow, ...body } = doc as Record<string, unknown>;
  const scope: ScopeKeys = {};
  for (const [k, v] of [
    ["project", project],
    ["domain", domain],
    ["workflow", workflow],
  ] as const) {
    if (v === undefined) continue;
    if (typeof v !== "string") throw new CliError(`${path}: ${k} must be a string`, ExitCode.Usage);
    scope[k] = v;
  }
  return { scope, body: stringifyQuantities(body) as JsonObject };
}

/** `cpu: 1` in YAML is a number; resource quantities and label values are strings in flyteidl. */
function stringifyQuantities(v: unknown): unknown {
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return v.map(stringifyQuantities);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        k === "max_parallelism" || k === "maxParallelism" ? x : stringifyQuantities(x),
      ]),
    );
  }
  return v;
}

const scopeKeys = (s: AttributeScope): Record<string, string> => {
  const { level: _level, ...keys } = s;
  return keys;
};

/** `flyte get attributes [--type T] [--workflow W | --project-level]`. */
export function registerGetAttributes(get: Command, ctx: CliContext): void {
  const cmd = get
    .command("attributes")
    .description("Show the matchable attributes set at a project, domain or workflow");
  withOutputOption(withAttributeOptions(cmd, false))
    .addHelpText(
      "after",
      `
Examples:
  $ flyte get attributes                                   # every type set for flytesnacks/development
  $ flyte get attributes --type task_resource -o yaml > attrs.yaml   # a file update attributes reads back
  $ flyte get attributes --type execution_queue --workflow my.wf
  $ flyte get attributes --type cluster_assignment --project-level -p myproject`,
    )
    .action(async (flags: AttributeFlags & OutputFlags) => {
      const format = parseOutputFormat(flags.output);
      const types = flags.type !== undefined ? [parseAttributeType(flags.type)] : attributeTypeNames;
      const { remote, scope } = scopeOf(flags, ctx);
      const found: { type: AttributeType; body: JsonObject }[] = [];
      for (const type of types) {
        const body = attributeBody(type, await getAttributes(remote, scope, type));
        if (body) found.push({ type, body });
      }
      if (flags.type !== undefined && found.length === 0) {
        throw new CliError(
          `no ${flags.type} attributes are set for ${describeScope(scope)} (NOT_FOUND).\n` +
            `Set them with: flyte create attributes --type ${flags.type} --file attrs.yaml`,
          ExitCode.Failed,
        );
      }
      if (format === "table") {
        const columns = [
          { header: "TYPE", value: (f: (typeof found)[number]) => f.type },
          { header: "SCOPE", value: () => describeScope(scope) },
          { header: "ATTRIBUTES", value: (f: (typeof found)[number]) => JSON.stringify(f.body) },
        ];
        ctx.io.stdout(renderColumns(columns, found, ctx.io.color));
        if (found.length === 0) ctx.io.stderr(`no attributes are set for ${describeScope(scope)}\n`);
        return;
      }
      // One type prints the file `create/update attributes --file` reads; several print a list.
      const docs = found.map((f) => ({
        ...(flags.type === undefined ? { type: f.type } : {}),
        ...scopeKeys(scope),
        ...f.body,
      }));
      const data = flags.type !== undefined ? docs[0] : docs;
      ctx.io.stdout(format === "json" ? JSON.stringify(data, null, 2) + "\n" : renderYaml(data));
    });
}

type Verb = "create" | "update" | "delete";

const VERB_TEXT: Readonly<Record<Verb, string>> = {
  create: "Set matchable attributes where none of that type are set yet",
  update: "Set (replace) matchable attributes of a type",
  delete: "Remove the matchable attributes of a type",
};

/** `flyte create|update|delete attributes --type T [--workflow W | --project-level] [--file f.yaml]`. */
export function registerAttributesVerb(parent: Command, ctx: CliContext, verb: Verb): void {
  const cmd = parent.command("attributes").description(VERB_TEXT[verb]);
  if (verb !== "delete")
    cmd.option("--file <attrs.yaml>", "the attribute fields (YAML or JSON); may set project, domain, workflow");
  withAttributeOptions(cmd, true)
    .addHelpText(
      "after",
      `
Examples:
  $ flyte ${verb} attributes --type task_resource${verb === "delete" ? "" : " --file attrs.yaml"}
  $ flyte ${verb} attributes --type execution_queue --workflow my.wf${verb === "delete" ? "" : " --file queue.yaml"}
  $ flyte ${verb} attributes --type cluster_assignment --project-level -p myproject${verb === "delete" ? "" : " --file pool.yaml"}

Attribute files, one per type (keys as in flyteidl, snake_case or camelCase):
${attributeTypeNames.map((t) => `  ${t}:\n    ${ATTRIBUTE_EXAMPLES[t].replace(/\n/g, "\n    ")}`).join("\n")}`,
    )
    .action(async (flags: AttributeFlags) => {
      const type = parseAttributeType(flags.type);
      if (verb === "delete") {
        const { remote, scope } = scopeOf(flags, ctx);
        try {
          await deleteAttributes(remote, scope, type);
        } catch (e) {
          if (!isRpcCode(e, Code.NotFound)) throw e;
          throw new CliError(`no ${type} attributes are set for ${describeScope(scope)} (NOT_FOUND)`, ExitCode.Failed);
        }
        ctx.io.stdout(`deleted ${type} attributes of ${describeScope(scope)}\n`);
        return;
      }
      if (flags.file === undefined) {
        throw new CliError(
          `${verb} attributes needs --file attrs.yaml with the ${type} fields, e.g.\n  ${ATTRIBUTE_EXAMPLES[type].replace(/\n/g, "\n  ")}`,
          ExitCode.Usage,
        );
      }
      const file = readAttributeFile(flags.file, ctx);
      const attrs = matchingAttributes(type, file.body, flags.file);
      const { remote, scope } = scopeOf(flags, ctx, file.scope);
      if (verb === "create" && (await getAttributes(remote, scope, type)) !== undefined) {
        throw new CliError(
          `${type} attributes are already set for ${describeScope(scope)}: replace them with flyte update attributes --type ${type} --file ${flags.file}`,
          ExitCode.Failed,
        );
      }
      await updateAttributes(remote, scope, attrs);
      ctx.io.stdout(`${verb === "create" ? "created" : "updated"} ${type} attributes of ${describeScope(scope)}\n`);
    });
}
