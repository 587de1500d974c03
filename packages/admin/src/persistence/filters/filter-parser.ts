import { InvalidFilterError, ListErrorCode } from "./list-errors.js";

/** Flyte's filter functions (brief §1.7). */
export const FILTER_FUNCTIONS = [
  "eq",
  "ne",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "not_like",
  "value_in",
  "value_not_in",
] as const;
export type FilterFunction = (typeof FILTER_FUNCTIONS)[number];

/** One `func(field,value)` term, as written (not yet checked against an entity's columns). */
export interface FilterExpression {
  fn: FilterFunction;
  /** `execution` in `execution.phase`; absent when the field is not qualified. */
  entity?: string;
  field: string;
  /** One value, or several for `value_in` / `value_not_in` (split on `;`). */
  values: string[];
  /** The term as written, for error messages. */
  text: string;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const isFunction = (s: string): s is FilterFunction => (FILTER_FUNCTIONS as readonly string[]).includes(s);

const malformed = (message: string, part: string) =>
  new InvalidFilterError(ListErrorCode.MalformedFilter, part, message);

/**
 * Parses a filter string such as `eq(phase,SUCCEEDED)+gte(created_at,2024-01-01T00:00:00Z)+value_in(name,a;b)`.
 * Terms are joined by `+` (or whitespace, which is what an unescaped `+` becomes in a query
 * string). A value runs to the next `)`, so it may itself contain `+` or `,`.
 */
export function parseFilters(input: string): FilterExpression[] {
  const out: FilterExpression[] = [];
  let i = 0;
  const skipSeparators = () => {
    while (i < input.length && (input[i] === "+" || /\s/.test(input[i] ?? ""))) i++;
  };
  skipSeparators();
  while (i < input.length) {
    const open = input.indexOf("(", i);
    const close = open < 0 ? -1 : input.indexOf(")", open);
    if (open < 0 || close < 0) {
      throw malformed("expected func(field,value)", input.slice(i));
    }
    const text = input.slice(i, close + 1);
    out.push(parseTerm(input.slice(i, open).trim(), input.slice(open + 1, close), text));
    i = close + 1;
    if (i < input.length && input[i] !== "+" && !/\s/.test(input[i] ?? "")) {
      throw malformed("expected '+' between filter terms", input.slice(i));
    }
    skipSeparators();
  }
  return out;
}

function parseTerm(fn: string, args: string, text: string): FilterExpression {
  if (!isFunction(fn)) {
    throw new InvalidFilterError(
      ListErrorCode.UnknownFilterFunction,
      text,
      `unknown function ${JSON.stringify(fn)} (expected one of ${FILTER_FUNCTIONS.join(", ")})`,
    );
  }
  const comma = args.indexOf(",");
  if (comma < 0) throw malformed("expected a field and a value separated by ','", text);
  const field = args.slice(0, comma).trim();
  // flyteadmin accepts `func(field, value)` too: one space after the comma is not part of the value.
  const value = args.slice(args[comma + 1] === " " ? comma + 2 : comma + 1);
  if (!FIELD.test(field)) throw malformed(`invalid field name ${JSON.stringify(field)}`, text);
  const multi = fn === "value_in" || fn === "value_not_in";
  const values = multi ? value.split(";") : [value];
  if (value.length === 0) throw new InvalidFilterError(ListErrorCode.InvalidFilterValue, text, "missing value", field);
  const dot = field.indexOf(".");
  const base = { fn, values, text };
  return dot < 0 ? { ...base, field } : { ...base, entity: field.slice(0, dot), field: field.slice(dot + 1) };
}
