import { existsSync, statSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { Entity, entityOf, nameEntities } from "@flyte-ts/sdk";
import { CliError, ExitCode } from "../../exit-codes.js";
import { closestNames } from "./suggest.js";

/** The entity `flyte run` executes, and where it came from. */
export interface LoadedEntity {
  readonly entity: Entity;
  /** The export name it was found under (or its explicit name). */
  readonly exportName: string;
  readonly file: string;
}

let tsxRegistered = false;

/** Lets `import()` load TypeScript (once per process). */
async function registerTypeScript(): Promise<void> {
  if (tsxRegistered) return;
  const { register } = await import("tsx/esm/api");
  // Not namespaced on purpose: the module must import the same @flyte-ts/sdk instance as the
  // engine, so its entities are the SDK objects the engine's local runner knows.
  register();
  tsxRegistered = true;
}

/** An entity a module exports, under its export name. */
export interface ExportedEntity {
  readonly key: string;
  readonly entity: Entity;
}

/** A loaded module: its path relative to the package root, and its exports. */
export interface LoadedModule {
  readonly modulePath: string;
  readonly exports: Readonly<Record<string, unknown>>;
  /** Its tasks, workflows and launch plans (reference entities left out), by export name. */
  readonly entities: ExportedEntity[];
}

/**
 * Loads a TypeScript (or JavaScript) module and returns the tasks, workflows and launch plans it
 * exports (reference entities left out), each named after its module and export first, as
 * `flyte package` names them.
 */
export async function loadModuleEntities(file: string, cwd: string): Promise<ExportedEntity[]> {
  return (await loadModule(file, cwd)).entities;
}

/**
 * Loads a module (path relative to `cwd`, which is also the root its module path is relative
 * to) and names its entities `<module>.<export>`.
 */
export async function loadModule(file: string, cwd: string): Promise<LoadedModule> {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`no such file: ${file}`, ExitCode.Usage);
  await registerTypeScript();
  let exports: Record<string, unknown>;
  try {
    exports = { ...((await import(pathToFileURL(path).href)) as Record<string, unknown>) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const hint = /require\(/.test(message) ? ' (is "type": "module" set in the nearest package.json?)' : "";
    throw new CliError(`cannot load ${file}: ${message}${hint}`, ExitCode.Usage);
  }
  const rel = relative(cwd, path);
  const modulePath = rel.startsWith("..") || isAbsolute(rel) ? basename(path) : rel.split(sep).join("/");
  const foreign = Object.entries(exports).filter(([, v]) => {
    const e = entityOf(v);
    return e !== undefined && !(e instanceof Entity);
  });
  if (foreign.length > 0)
    throw new CliError(
      `${file} uses another copy of @flyte-ts/sdk than the flyte command (export ${foreign.map(([k]) => `'${k}'`).join(", ")}): install the SDK once, next to the CLI`,
      ExitCode.Usage,
    );
  nameEntities([{ modulePath, exports }]);
  const entities: ExportedEntity[] = [];
  for (const [key, value] of Object.entries(exports)) {
    const entity = entityOf(value);
    if (entity && !entity.reference) entities.push({ key, entity });
  }
  return { modulePath, exports, entities };
}

/**
 * Finds the entity `name` of a module: by export name, by Flyte name (`module.export`) or by the
 * explicit name given in its options; otherwise a usage error listing the closest names.
 */
export async function loadEntity(file: string, name: string, cwd: string): Promise<LoadedEntity> {
  const found = await loadModuleEntities(file, cwd);
  const match =
    found.find((f) => f.key === name) ?? found.find((f) => f.entity.name === name || f.entity.naming.explicit === name);
  if (match) return { entity: match.entity, exportName: match.key, file };
  throw new CliError(unknownEntityMessage(file, name, found), ExitCode.Usage);
}

export const kindName = (e: Entity): string => (e.kind === "launchPlan" ? "launch plan" : e.kind);

function unknownEntityMessage(file: string, name: string, found: readonly ExportedEntity[]): string {
  if (found.length === 0) return `${file} exports no task, workflow or launch plan (looked for '${name}')`;
  const names = [
    ...new Set(found.flatMap((f) => [f.key, ...(f.entity.naming.explicit ? [f.entity.naming.explicit] : [])])),
  ];
  const close = closestNames(name, names);
  const listing = found.map((f) => `  ${f.key} (${kindName(f.entity)})`).join("\n");
  const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `'${c}'`).join(" or ")}?` : "";
  return `${file} has no task, workflow or launch plan named '${name}'.${hint}\nIts entities:\n${listing}`;
}
