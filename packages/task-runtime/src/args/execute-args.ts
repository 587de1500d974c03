import { UserError } from "@flyte-ts/core";

/** What one `flyte-execute` command line asks for (the args the SDK writes into the task template). */
export interface ExecuteArgs {
  /** URI of `inputs.pb`. */
  readonly inputs: string;
  /** The attempt's output dir: `outputs.pb`, `error.pb`, `futures.pb` go here. */
  readonly outputPrefix: string;
  readonly rawOutputDataPrefix: string;
  readonly checkpointPath?: string;
  /** Absent on a first attempt (Flyte renders it as `""`). */
  readonly prevCheckpoint?: string;
  readonly resolver: string;
  /** Module path relative to the package root, e.g. `workflows/hello.ts`. */
  readonly taskModule: string;
  /** The export holding the task. */
  readonly taskName: string;
  /** Fast registration: URI of the code bundle (`.tar.gz`) to load the module from. */
  readonly distribution?: string;
  /** Where the code bundle is extracted. */
  readonly destDir?: string;
}

export const EXECUTE_ENTRYPOINT = "flyte-execute";
export const FAST_EXECUTE_ENTRYPOINT = "flyte-fast-execute";
/** The entrypoint of a map task's sub-task: the engine's array node already gives it one index's inputs. */
export const MAP_EXECUTE_ENTRYPOINT = "flyte-map-execute";
export const DEFAULT_RESOLVER = "default";

export const USAGE = `usage: ${EXECUTE_ENTRYPOINT} --inputs <inputs.pb URI> --output-prefix <URI> --raw-output-data-prefix <URI>
       [--checkpoint-path <URI>] [--prev-checkpoint <URI>] [--resolver default]
       [--additional-distribution <code bundle .tar.gz URI> --dest-dir <dir>]
       -- task-module <module path> task-name <export name>
   or: ${MAP_EXECUTE_ENTRYPOINT} <the same options> (one index of a map task)
   or: ${FAST_EXECUTE_ENTRYPOINT} --additional-distribution <URI> --dest-dir <dir> -- ${EXECUTE_ENTRYPOINT} ...`;

/** A command line that does not follow the contract; the message says what is wrong. */
export class UsageError extends UserError {
  constructor(message: string) {
    super("Usage", `${message}\n${USAGE}`);
    this.name = "UsageError";
  }
}

const OPTIONS = {
  "--inputs": "inputs",
  "--output-prefix": "outputPrefix",
  "--raw-output-data-prefix": "rawOutputDataPrefix",
  "--checkpoint-path": "checkpointPath",
  "--prev-checkpoint": "prevCheckpoint",
  "--resolver": "resolver",
  "--additional-distribution": "distribution",
  "--dest-dir": "destDir",
} as const;
type OptionKey = (typeof OPTIONS)[keyof typeof OPTIONS];

function isOption(flag: string): flag is keyof typeof OPTIONS {
  return Object.hasOwn(OPTIONS, flag);
}

/** Flyte renders an absent prefix as `""`; both that and the empty string mean "none". */
function present(v: string | undefined): string | undefined {
  return v === undefined || v === "" || v === '""' ? undefined : v;
}

function parseOptions(args: readonly string[], into: Partial<Record<OptionKey, string>>): number {
  let i = 0;
  while (i < args.length) {
    const flag = args[i] ?? "";
    if (flag === "--") return i + 1;
    const eq = flag.indexOf("=");
    const name = eq > 0 ? flag.slice(0, eq) : flag;
    if (!isOption(name)) throw new UsageError(`unknown option '${flag}'`);
    const value = eq > 0 ? flag.slice(eq + 1) : args[i + 1];
    if (value === undefined) throw new UsageError(`option ${name} needs a value`);
    into[OPTIONS[name]] = value;
    i += eq > 0 ? 1 : 2;
  }
  throw new UsageError("missing '--' before 'task-module <module> task-name <name>'");
}

function parseResolverArgs(rest: readonly string[]): { taskModule: string; taskName: string } {
  const pairs = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i] ?? "";
    const value = rest[i + 1];
    if (key !== "task-module" && key !== "task-name") {
      throw new UsageError(`unknown resolver argument '${key}' (expected task-module or task-name)`);
    }
    if (value === undefined) throw new UsageError(`resolver argument ${key} needs a value`);
    pairs.set(key, value);
  }
  const taskModule = pairs.get("task-module");
  const taskName = pairs.get("task-name");
  if (!taskModule) throw new UsageError("missing resolver argument 'task-module <module path>'");
  if (!taskName) throw new UsageError("missing resolver argument 'task-name <export name>'");
  return { taskModule, taskName };
}

/**
 * Parses a rendered task command line. `argv` may start with the entrypoint name
 * (`flyte-execute ...` or `flyte-fast-execute ... -- flyte-execute ...`) or with the first option.
 */
export function parseExecuteArgs(argv: readonly string[]): ExecuteArgs {
  let args = argv;
  const opts: Partial<Record<OptionKey, string>> = {};
  if (args[0] === FAST_EXECUTE_ENTRYPOINT) {
    const next = parseOptions(args.slice(1), opts);
    args = args.slice(1 + next);
    if (!opts.distribution) throw new UsageError(`${FAST_EXECUTE_ENTRYPOINT} needs --additional-distribution`);
  }
  if (args[0] === EXECUTE_ENTRYPOINT || args[0] === MAP_EXECUTE_ENTRYPOINT) args = args.slice(1);
  const rest = args.slice(parseOptions(args, opts));
  for (const [flag, key] of [
    ["--inputs", "inputs"],
    ["--output-prefix", "outputPrefix"],
    ["--raw-output-data-prefix", "rawOutputDataPrefix"],
  ] as const) {
    if (!opts[key]) throw new UsageError(`missing required option ${flag}`);
  }
  const resolver = opts.resolver ?? DEFAULT_RESOLVER;
  if (resolver !== DEFAULT_RESOLVER)
    throw new UsageError(`unknown resolver '${resolver}' (only '${DEFAULT_RESOLVER}')`);
  const distribution = present(opts.distribution);
  const destDir = present(opts.destDir);
  const checkpointPath = present(opts.checkpointPath);
  const prevCheckpoint = present(opts.prevCheckpoint);
  return {
    inputs: opts.inputs ?? "",
    outputPrefix: opts.outputPrefix ?? "",
    rawOutputDataPrefix: opts.rawOutputDataPrefix ?? "",
    resolver,
    ...parseResolverArgs(rest),
    ...(checkpointPath === undefined ? {} : { checkpointPath }),
    ...(prevCheckpoint === undefined ? {} : { prevCheckpoint }),
    ...(distribution === undefined ? {} : { distribution }),
    ...(destDir === undefined ? {} : { destDir }),
  };
}
