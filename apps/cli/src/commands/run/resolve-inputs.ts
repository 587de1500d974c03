import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { isFlyteError } from "@flyte-ts/core";
import {
  DataFrame,
  FlyteDirectory,
  FlyteFile,
  LaunchPlanEntity,
  isEngineType,
  parseInputText,
  type Entity,
  type FlyteType,
} from "@flyte-ts/sdk";
import { CliError, ExitCode } from "../../exit-codes.js";
import { closestNames } from "./suggest.js";

/** Inputs as the user gave them: `--input k=v`, `--k v` sugar, and an inputs file. */
export interface RawInputs {
  readonly pairs: readonly (readonly [string, string])[];
  readonly inputsFile?: string;
}

/**
 * Splits what commander left unparsed (operands and unknown `--name value` options) into
 * positional arguments and `--name value` pairs. `--flag` alone (last, or before another option)
 * is `true`, `--no-flag` is `false`, `--name=value` works too.
 */
export function splitArgs(args: readonly string[]): { positionals: string[]; sugar: [string, string][] } {
  const positionals: string[] = [];
  const sugar: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (!a.startsWith("--") || a === "--") {
      if (a !== "--") positionals.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (eq > 0) {
      sugar.push([a.slice(2, eq), a.slice(eq + 1)]);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next.startsWith("--")) {
      sugar.push(a.startsWith("--no-") ? [a.slice(5), "false"] : [a.slice(2), "true"]);
    } else {
      sugar.push([a.slice(2), next]);
      i++;
    }
  }
  return { positionals, sugar };
}

/** `--input name=value` → [name, value]. */
export function parsePair(text: string, flag = "--input"): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new CliError(`${flag} takes name=value, got '${text}'`, ExitCode.Usage);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

const kebabToCamel = (s: string) => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Local paths of files, directories and dataframes become `file://` URIs (after checking they exist). */
function localizePaths(value: unknown, base: string, what: string, problems: string[]): unknown {
  const local = (path: string, dir: boolean): string | undefined => {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
    const abs = resolve(base, path);
    if (!existsSync(abs)) {
      problems.push(`${what}: no such ${dir ? "folder" : "file"} ${path}`);
      return undefined;
    }
    if (dir !== statSync(abs).isDirectory()) {
      problems.push(`${what}: ${path} is ${dir ? "not a folder" : "a folder, not a file"}`);
      return undefined;
    }
    return pathToFileURL(abs).href;
  };
  if (value instanceof FlyteFile && !value.isRemote && !value.inMemory) {
    const uri = local(value.path, false);
    return uri === undefined ? value : new FlyteFile(uri);
  }
  if (value instanceof FlyteDirectory && !value.isRemote) {
    const uri = local(value.path, true);
    return uri === undefined ? value : new FlyteDirectory(uri);
  }
  if (value instanceof DataFrame && !value.isLoaded && value.uri !== undefined) {
    const path = value.uri;
    const abs = resolve(base, path);
    const isDir = existsSync(abs) && statSync(abs).isDirectory();
    const uri = local(path, isDir);
    return uri === undefined ? value : DataFrame.fromUri(uri);
  }
  if (Array.isArray(value)) return value.map((v, i) => localizePaths(v, base, `${what}[${i}]`, problems));
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]) => [k, localizePaths(v, base, `${what}.${String(k)}`, problems)]));
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, localizePaths(v, base, `${what}.${k}`, problems)]),
    );
  }
  return value;
}

function readInputsFile(file: string, cwd: string): Record<string, unknown> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError(`no such inputs file: ${file}`, ExitCode.Usage);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CliError(`${file} is not valid YAML or JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new CliError(`${file} must hold a mapping of input names to values`, ExitCode.Usage);
  return doc as Record<string, unknown>;
}

const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `a (int), b (list<string>)` */
export function describeInputs(names: readonly string[], types: Readonly<Record<string, FlyteType<unknown>>>): string {
  return names.map((n) => `${n} (${types[n]?.name ?? "?"})`).join(", ");
}

/**
 * Turns what the user typed into the entity's input values, by the entity's declared types.
 * Every problem (unknown name, wrong type, missing input, missing local file) is collected and
 * reported together as one usage error naming the input and the expected type.
 */
export function resolveInputs(entity: Entity, raw: RawInputs, cwd: string): Record<string, unknown> {
  const types = entity.iface.inputs;
  const names = Object.keys(types);
  const fixed = entity instanceof LaunchPlanEntity ? Object.keys(entity.settings.fixed ?? {}) : [];
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const nameOf = (given: string): string | undefined => {
    if (given in types) return given;
    const camel = kebabToCamel(given);
    if (camel in types) return camel;
    if (fixed.includes(given) || fixed.includes(camel)) {
      problems.push(`input '${given}' is fixed by ${entity.label} and cannot be given`);
      return undefined;
    }
    const close = closestNames(given, names);
    const hint = close.length > 0 ? ` (did you mean ${close.map((c) => `'${c}'`).join(" or ")}?)` : "";
    problems.push(
      `${entity.label} has no input '${given}'${hint}; its inputs: ${names.length > 0 ? describeInputs(names, types) : "none"}`,
    );
    return undefined;
  };
  const set = (name: string, compute: () => unknown, base: string) => {
    const what = `input '${name}'`;
    given.add(name);
    try {
      values[name] = localizePaths(compute(), base, what, problems);
    } catch (e) {
      const msg = describeError(e);
      const expected = types[name]?.name ?? "?";
      problems.push(
        isFlyteError(e) && /TypeMismatch|InvalidArgument/i.test(e.code) && msg.includes("expected")
          ? msg.startsWith(what)
            ? msg
            : `${what}: ${msg}`
          : `${what} (expected ${expected}): ${msg}`,
      );
    }
  };

  if (raw.inputsFile !== undefined) {
    const base = dirname(resolve(cwd, raw.inputsFile));
    for (const [given, json] of Object.entries(readInputsFile(raw.inputsFile, cwd))) {
      const name = nameOf(given);
      const type = name === undefined ? undefined : types[name];
      if (name === undefined || type === undefined) continue;
      if (!isEngineType(type)) {
        problems.push(`input '${name}': type '${type.name}' cannot be read from an inputs file`);
        continue;
      }
      set(name, () => type.fromJson(json), base);
    }
  }
  for (const [given, text] of raw.pairs) {
    const name = nameOf(given);
    const type = name === undefined ? undefined : types[name];
    if (name === undefined || type === undefined) continue;
    set(name, () => parseInputText(type, text, `input '${name}'`), cwd);
  }

  const missing = names.filter((n) => !given.has(n) && !(n in entity.iface.defaults));
  const optional = missing.filter((n) => types[n]?.name.startsWith("optional<"));
  for (const n of optional) values[n] = null;
  const required = missing.filter((n) => !optional.includes(n));
  if (required.length > 0) {
    problems.push(
      `missing required input${required.length > 1 ? "s" : ""} of ${entity.label}: ${describeInputs(required, types)}` +
        `\n  give ${required.map((n) => `--${n} <${types[n]?.name ?? "value"}>`).join(" ")}, or --input name=value, or --inputs-file`,
    );
  }
  if (problems.length === 1) throw new CliError(problems[0] ?? "", ExitCode.Usage);
  if (problems.length > 1)
    throw new CliError(
      `${problems.length} problems with the inputs of ${entity.label}:\n${problems.map((p) => `  - ${p.replace(/\n/g, "\n    ")}`).join("\n")}`,
      ExitCode.Usage,
    );
  return values;
}
