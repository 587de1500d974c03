import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { isFlyteError } from "@flyte-ts/core";
import { LaunchPlanEntity, isEngineType, parseInputText, type Entity, type FlyteType } from "@flyte-ts/sdk";
import { CliError, ExitCode } from "../../exit-codes.js";
import { localizePaths } from "./local-paths.js";
import { closestNames } from "./suggest.js";

/** Inputs as the user gave them: `--input k=v` and `--k v` pairs (in order), and an inputs file. */
export interface RawInputs {
  readonly pairs: readonly (readonly [string, string])[];
  readonly inputsFile?: string;
}

type Types = Readonly<Record<string, FlyteType<unknown>>>;

const kebabToCamel = (s: string) => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `a (int), b (list<string>)` */
export function describeInputs(names: readonly string[], types: Types): string {
  return names.map((n) => `${n} (${types[n]?.name ?? "?"})`).join(", ");
}

function readInputsFile(file: string, cwd: string): Record<string, unknown> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new CliError(`no such inputs file: ${file}`, ExitCode.Usage);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw new CliError(`${file} is not valid YAML or JSON: ${describeError(e)}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc))
    throw new CliError(`${file} must hold a mapping of input names to values`, ExitCode.Usage);
  return doc as Record<string, unknown>;
}

/** Collects input values and every problem with them, for one entity. */
class InputCollector {
  readonly problems: string[] = [];
  readonly values: Record<string, unknown> = {};
  readonly given = new Set<string>();
  readonly #entity: Entity;
  readonly #types: Types;
  readonly #fixed: readonly string[];

  constructor(entity: Entity) {
    this.#entity = entity;
    this.#types = entity.iface.inputs;
    this.#fixed = entity instanceof LaunchPlanEntity ? Object.keys(entity.settings.fixed ?? {}) : [];
  }

  /** The declared input a user's name stands for (`my-input` → `myInput`), or a problem. */
  nameOf(given: string): string | undefined {
    if (given in this.#types) return given;
    const camel = kebabToCamel(given);
    if (camel in this.#types) return camel;
    const label = this.#entity.label;
    if (this.#fixed.includes(given) || this.#fixed.includes(camel)) {
      this.problems.push(`input '${given}' is fixed by ${label} and cannot be given`);
      return undefined;
    }
    const names = Object.keys(this.#types);
    const close = closestNames(given, names);
    const hint = close.length > 0 ? ` (did you mean ${close.map((c) => `'${c}'`).join(" or ")}?)` : "";
    const inputs = names.length > 0 ? describeInputs(names, this.#types) : "none";
    this.problems.push(`${label} has no input '${given}'${hint}; its inputs: ${inputs}`);
    return undefined;
  }

  /** Parses one value (`parse` throws on a wrong type) and turns local paths into file URIs. */
  set(name: string, parse: (type: FlyteType<unknown>) => unknown, base: string): void {
    const what = `input '${name}'`;
    const type = this.#types[name];
    if (!type) return;
    this.given.add(name);
    try {
      this.values[name] = localizePaths(parse(type), base, what, this.problems);
    } catch (e) {
      const msg = describeError(e);
      const typed = isFlyteError(e) && /TypeMismatch|InvalidArgument/i.test(e.code) && msg.includes("expected");
      if (!typed) this.problems.push(`${what} (expected ${type.name}): ${msg}`);
      else this.problems.push(msg.startsWith(what) ? msg : `${what}: ${msg}`);
    }
  }

  /** Optional inputs left out are none; other inputs without a default are a problem. */
  fillMissing(): void {
    const types = this.#types;
    const missing = Object.keys(types).filter((n) => !this.given.has(n) && !(n in this.#entity.iface.defaults));
    const required: string[] = [];
    for (const n of missing) {
      if (types[n]?.name.startsWith("optional<")) this.values[n] = null;
      else required.push(n);
    }
    if (required.length === 0) return;
    const flags = required.map((n) => `--${n} <${types[n]?.name ?? "value"}>`).join(" ");
    this.problems.push(
      `missing required input${required.length > 1 ? "s" : ""} of ${this.#entity.label}: ${describeInputs(required, types)}` +
        `\n  give ${flags}, or --input name=value, or --inputs-file`,
    );
  }
}

/**
 * Turns what the user typed into the entity's input values, by the entity's declared types.
 * Flags win over the inputs file. Every problem (unknown name, wrong type, missing input,
 * missing local file) is collected and reported together as one usage error naming the input
 * and the expected type.
 */
export function resolveInputs(entity: Entity, raw: RawInputs, cwd: string): Record<string, unknown> {
  const c = new InputCollector(entity);
  const flagged = new Map<string, string>();
  for (const [given, text] of raw.pairs) {
    const name = c.nameOf(given);
    if (name !== undefined) flagged.set(name, text);
  }
  if (raw.inputsFile !== undefined) {
    const base = dirname(resolve(cwd, raw.inputsFile));
    for (const [given, json] of Object.entries(readInputsFile(raw.inputsFile, cwd))) {
      const name = c.nameOf(given);
      if (name === undefined || flagged.has(name)) continue;
      c.set(
        name,
        (type) => {
          if (!isEngineType(type)) throw new Error(`type '${type.name}' cannot be read from an inputs file`);
          return type.fromJson(json);
        },
        base,
      );
    }
  }
  for (const [name, text] of flagged) c.set(name, (type) => parseInputText(type, text, `input '${name}'`), cwd);
  c.fillMissing();
  const { problems } = c;
  if (problems.length === 1) throw new CliError(problems[0] ?? "", ExitCode.Usage);
  if (problems.length > 1) {
    const list = problems.map((p) => `  - ${p.replace(/\n/g, "\n    ")}`).join("\n");
    throw new CliError(`${problems.length} problems with the inputs of ${entity.label}:\n${list}`, ExitCode.Usage);
  }
  return c.values;
}
