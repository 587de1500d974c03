import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DynamicJobSpec } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { SystemError } from "@flyte-ts/core";
import { entityOf, nameEntities, type RunOptions, type SerializeConfig } from "@flyte-ts/sdk";
import { RuntimeErrorCode } from "../errors/task-error.js";

/** A task resolved from its module: what the runtime calls. */
export type LoadedTask =
  | {
      readonly kind: "function";
      readonly label: string;
      execute(inputs: LiteralMap, opts: RunOptions): Promise<LiteralMap>;
    }
  | {
      readonly kind: "dynamic";
      readonly label: string;
      expand(inputs: LiteralMap, opts: RunOptions & { config?: SerializeConfig }): Promise<DynamicJobSpec>;
    };

export interface LoadTaskOptions {
  /** The package root module paths are relative to (the bundle dir for fast-registered code). */
  readonly root: string;
  readonly taskModule: string;
  readonly taskName: string;
  /** Register tsx's ESM loader before importing a `.ts` module (false when the process already has it). */
  readonly registerTs?: boolean;
}

const USER_MODULE = /\.(m|c)?[tj]sx?$/;
let tsRegistered = false;
/** User files tsx loaded (what task modules import), waiting to have their entities named. */
const importedByTsx: string[] = [];
/** Modules already imported and named in this process (the warm cache of a worker). */
const loaded = new Map<string, Readonly<Record<string, unknown>>>();

function loadFailed(message: string, details: Record<string, string>, cause?: unknown): SystemError {
  return new SystemError(RuntimeErrorCode.TaskLoadFailed, message, { details, cause, retryable: false });
}

async function importModule(root: string, file: string, taskModule: string, registerTs: boolean) {
  const url = pathToFileURL(file).href;
  const cached = loaded.get(url);
  if (cached) return cached;
  // tsx's hooks load `.ts` files and tell which user modules get imported (for naming); they are
  // registered for `.js` task modules too, so both kinds of bundle behave the same.
  if (registerTs && !tsRegistered) {
    const { register } = await import("tsx/esm/api");
    register({
      onImport: (u) => {
        if (u.startsWith("file:") && !u.includes("/node_modules/")) importedByTsx.push(u.replace(/[?#].*$/, ""));
      },
    });
    tsRegistered = true;
  }
  let exports: Readonly<Record<string, unknown>>;
  try {
    exports = { ...((await import(url)) as Record<string, unknown>) };
  } catch (e) {
    throw new SystemError(
      RuntimeErrorCode.TaskLoadFailed,
      `cannot load task module ${taskModule}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      { details: { module: taskModule }, cause: e, retryable: true },
    );
  }
  // Name every entity of the module `<module>.<export>`, as packaging did, so a dynamic task can
  // serialize the tasks it calls.
  nameEntities([{ modulePath: taskModule, exports }]);
  loaded.set(url, exports);
  await nameImportedModules(root);
  return exports;
}

/**
 * Names the entities of the other user modules the task module imported (e.g. the tasks a
 * dynamic task calls, defined in a sibling file) after their path under the root, as packaging
 * named them. Only modules loaded through tsx's hooks are seen; the task module's own names win.
 */
async function nameImportedModules(root: string): Promise<void> {
  for (let u = importedByTsx.shift(); u !== undefined; u = importedByTsx.shift()) {
    if (loaded.has(u)) continue;
    const path = fileURLToPath(u);
    const modulePath = relative(root, path).split(sep).join("/");
    if (modulePath.startsWith("..") || isAbsolute(modulePath) || !USER_MODULE.test(path)) continue;
    try {
      const exports = { ...((await import(u)) as Record<string, unknown>) };
      nameEntities([{ modulePath, exports }]);
      loaded.set(u, exports);
    } catch {
      // A module that failed to load surfaces where it is used.
    }
  }
}

/**
 * Imports the module `taskModule` (relative to `root`) and returns the task exported as
 * `taskName`. Failures are SYSTEM errors (`SYSTEM:TaskLoadFailed` / `SYSTEM:NotATask`) naming the
 * module and export. The module is imported once per process.
 */
export async function loadTask(options: LoadTaskOptions): Promise<LoadedTask> {
  const { taskModule, taskName } = options;
  const file = resolve(options.root, taskModule);
  const rel = relative(resolve(options.root), file);
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw loadFailed(`task module ${taskModule} lies outside the package root ${options.root}`, { module: taskModule });
  }
  if (!existsSync(file)) {
    throw loadFailed(`task module ${taskModule} does not exist under ${options.root}`, { module: taskModule });
  }
  const exports = await importModule(resolve(options.root), file, taskModule, options.registerTs ?? true);
  const value = exports[taskName];
  if (value === undefined) {
    const names = Object.keys(exports).join(", ") || "none";
    throw loadFailed(`module ${taskModule} has no export '${taskName}' (its exports: ${names})`, {
      module: taskModule,
      export: taskName,
    });
  }
  const entity = entityOf(value);
  const variant = entity?.kind === "task" ? (entity as { variant?: { kind?: string } }).variant?.kind : undefined;
  const fns = value as Partial<Record<"execute" | "expand", unknown>>;
  if (entity && variant === "function" && typeof fns.execute === "function") {
    const execute = fns.execute as (inputs: LiteralMap, opts: RunOptions) => Promise<LiteralMap>;
    return { kind: "function", label: entity.label, execute: (inputs, opts) => execute(inputs, opts) };
  }
  if (entity && variant === "dynamic" && typeof fns.expand === "function") {
    const expand = fns.expand as (inputs: LiteralMap, opts: RunOptions) => Promise<DynamicJobSpec>;
    return { kind: "dynamic", label: entity.label, expand: (inputs, opts) => expand(inputs, opts) };
  }
  throw new SystemError(
    RuntimeErrorCode.NotATask,
    `export '${taskName}' of ${taskModule} is not a TypeScript task (${entity ? `a ${entity.kind}${variant ? ` (${variant})` : ""}` : typeof value})`,
    { details: { module: taskModule, export: taskName }, retryable: false },
  );
}
