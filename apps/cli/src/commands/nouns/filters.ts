import { CliError, ExitCode } from "../../exit-codes.js";

/** Flyte's filter functions, as the server parses them (`eq(phase,SUCCEEDED)`). */
const RAW_FUNCTIONS = ["eq", "ne", "gt", "gte", "lt", "lte", "contains", "not_like", "value_in", "value_not_in"];

/** Friendly operators, longest first so `>=` wins over `>`. */
const OPERATORS = [
  ["!=", "ne"],
  [">=", "gte"],
  ["<=", "lte"],
  ["!~", "not_like"],
  ["=", "eq"],
  [">", "gt"],
  ["<", "lt"],
  ["~", "contains"],
] as const;

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const RAW_TERM = new RegExp(`^(${RAW_FUNCTIONS.join("|")})\\(`);

/** Fields whose values are enum names: `phase=succeeded` means `eq(phase,SUCCEEDED)`. */
const UPPERCASE_FIELDS = new Set(["phase", "state", "mode"]);

export const FILTER_HELP = `Filters (--filter): comma-separated terms field<op>value, op one of
  =  !=  >  >=  <  <=  ~ (contains)  !~ (not like); a=x;y means a is x or y.
  e.g. --filter "phase=SUCCEEDED,name~nightly"  --filter "created_at>=2024-05-01T00:00:00Z"
  Raw Flyte filters are accepted too: --filter "eq(phase,SUCCEEDED)+contains(name,nightly)"`;

const bad = (why: string) => new CliError(`invalid --filter: ${why}\n${FILTER_HELP}`, ExitCode.Usage);

/**
 * Turns `--filter` text into Flyte's filter string. Raw Flyte filters (`eq(phase,SUCCEEDED)`,
 * terms joined by `+`) pass through; the friendly form `phase=SUCCEEDED,name~foo` is translated.
 */
export function toFlyteFilters(text: string | undefined): string {
  const input = (text ?? "").trim();
  if (input === "") return "";
  if (RAW_TERM.test(input)) return checkRaw(input);
  return input
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "")
    .map(translateTerm)
    .join("+");
}

function translateTerm(term: string): string {
  let best: { at: number; op: string; fn: string } | undefined;
  for (const [op, fn] of OPERATORS) {
    const at = term.indexOf(op);
    if (at > 0 && (best === undefined || at < best.at || (at === best.at && op.length > best.op.length))) {
      best = { at, op, fn };
    }
  }
  if (!best) throw bad(`"${term}" has no operator`);
  const field = term.slice(0, best.at).trim();
  let value = term.slice(best.at + best.op.length).trim();
  if (!FIELD.test(field)) throw bad(`"${field}" in "${term}" is not a field name`);
  if (value === "") throw bad(`"${term}" has no value`);
  if (value.includes(")")) throw bad(`the value in "${term}" may not contain ')'`);
  const last = field.split(".").pop() ?? field;
  if (UPPERCASE_FIELDS.has(last)) value = value.toUpperCase();
  let fn: string = best.fn;
  if (value.includes(";")) {
    if (fn === "eq") fn = "value_in";
    else if (fn === "ne") fn = "value_not_in";
    else throw bad(`"${term}": only = and != take several values (a;b)`);
  }
  return `${fn}(${field},${value})`;
}

/** Checks the shape of a raw filter string so a typo fails here, with help, before the server. */
function checkRaw(input: string): string {
  const terms = input.split(/\+(?=[a-z_]+\()/);
  for (const t of terms) {
    const m = /^([a-z_]+)\(([^,()]+),([^)]*)\)$/.exec(t.trim());
    if (!m) throw bad(`"${t}" is not func(field,value)`);
    const [, fn, field] = m;
    if (!RAW_FUNCTIONS.includes(fn ?? "")) throw bad(`unknown function "${fn}" (one of ${RAW_FUNCTIONS.join(", ")})`);
    if (!FIELD.test((field ?? "").trim())) throw bad(`"${field}" in "${t}" is not a field name`);
  }
  return terms.map((t) => t.trim()).join("+");
}
