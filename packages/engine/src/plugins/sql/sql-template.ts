import type { Literal, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { literalToText } from "../container/literal-text.js";

/** A value better-sqlite3 binds. */
export type SqlParam = bigint | number | string | Uint8Array | null;

export interface BoundQuery {
  readonly sql: string;
  readonly params: readonly SqlParam[];
}

/** A query placeholder names a missing input, or one that cannot be put in SQL. */
export class SqlTemplateError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = "SqlTemplateError";
  }
}

const PLACEHOLDER = /\{\{\s*[.$]inputs\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/iy;

/**
 * Turns a Flyte query template into SQL with bound parameters. `{{ .inputs.x }}` (case-insensitive,
 * `.` or `$`) becomes a `?` parameter where SQL allows one: in expression position (bound with its
 * type: integer, float, text, blob, NULL) and as a whole quoted string `'{{ .inputs.x }}'` (bound as
 * the text the template would have produced). Inside a longer string literal or a quoted identifier
 * the text is inlined with its quotes doubled, so it cannot end the literal. Comments are left alone.
 */
export function bindQuery(template: string, inputs: LiteralMap): BoundQuery {
  const params: SqlParam[] = [];
  let out = "";
  let i = 0;
  const n = template.length;
  while (i < n) {
    const c = template[i] ?? "";
    const two = template.slice(i, i + 2);
    if (two === "--") {
      const end = template.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      out += template.slice(i, stop);
      i = stop;
    } else if (two === "/*") {
      const end = template.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      out += template.slice(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      const [body, next] = quoted(template, i + 1, close);
      const whole = placeholderAt(body, 0);
      if (c === "'" && whole && whole.length === body.length) {
        params.push(text(inputs, whole.name));
        out += "?";
      } else {
        out += c + inline(body, inputs, close) + (next <= n && template[next - 1] === close ? close : "");
      }
      i = next;
    } else {
      const ph = placeholderAt(template, i);
      if (ph) {
        params.push(typed(inputs, ph.name));
        out += "?";
        i += ph.length;
      } else {
        out += c;
        i += 1;
      }
    }
  }
  return { sql: out, params };
}

/** The body of a quoted token starting after its opening quote, and the index after its close. */
function quoted(s: string, start: number, close: string): [string, number] {
  let body = "";
  let i = start;
  while (i < s.length) {
    const ch = s[i] ?? "";
    if (ch === close) {
      if (close !== "]" && s[i + 1] === close) {
        body += ch + ch;
        i += 2;
        continue;
      }
      return [body, i + 1];
    }
    body += ch;
    i += 1;
  }
  return [body, s.length + 1];
}

function placeholderAt(s: string, at: number): { name: string; length: number } | undefined {
  PLACEHOLDER.lastIndex = at;
  const m = PLACEHOLDER.exec(s);
  return m ? { name: m[1] ?? "", length: m[0].length } : undefined;
}

function inline(body: string, inputs: LiteralMap, close: string): string {
  return body.replace(new RegExp(PLACEHOLDER.source, "gi"), (_, name: string) => {
    const t = text(inputs, name);
    if (close === "]" && t.includes("]")) {
      throw new SqlTemplateError(`input '${name}' contains ']' and cannot be used inside a [bracketed] name`, name);
    }
    return t.split(close).join(close + close);
  });
}

function lookup(inputs: LiteralMap, name: string): Literal {
  const lit = inputs.literals[name];
  if (!lit) {
    const known = Object.keys(inputs.literals).join(", ") || "none";
    throw new SqlTemplateError(
      `the query uses {{ .inputs.${name} }} but the task has no input '${name}' (inputs: ${known})`,
      name,
    );
  }
  return lit;
}

function text(inputs: LiteralMap, name: string): string {
  const t = literalToText(lookup(inputs, name));
  if (t === undefined) throw new SqlTemplateError(`input '${name}' cannot be written into a query`, name);
  return t;
}

/** The SQLite value of an input in expression position. */
function typed(inputs: LiteralMap, name: string): SqlParam {
  let lit = lookup(inputs, name);
  for (;;) {
    const s = lit.value.case === "scalar" ? lit.value.value.value : undefined;
    if (s?.case === "union" && s.value.value) {
      lit = s.value.value;
      continue;
    }
    if (s?.case === "noneType") return null;
    if (s?.case === "binary") return s.value.value;
    if (s?.case === "primitive") {
      const p = s.value.value;
      if (p.case === "integer") return p.value;
      if (p.case === "floatValue") return p.value;
      if (p.case === "boolean") return p.value ? 1n : 0n;
    }
    return text(inputs, name);
  }
}
