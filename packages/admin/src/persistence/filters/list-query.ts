import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from "kysely";
import { parseFilters, type FilterExpression, type FilterFunction } from "./filter-parser.js";
import { convertFilterValue } from "./filter-values.js";
import { InvalidFilterError, invalidListOption, ListErrorCode } from "./list-errors.js";
import type { ColumnSpec, ListSpec, RelatedTable, SortDirection } from "./list-spec.js";

export interface SortBy {
  key: string;
  direction?: SortDirection;
}

/** What every list query accepts (Admin's `ResourceListRequest` shape). */
export interface ListOptions {
  /** A filter string (`eq(phase,SUCCEEDED)+...`) or already-parsed terms. */
  filters?: string | readonly FilterExpression[];
  sortBy?: SortBy;
  /** Page size; default 100, at most 10,000. */
  limit?: number;
  /** The opaque token of the previous page; absent or "" for the first page. */
  token?: string;
}

/** A page of results. `token` is "" when this was the last page (the page was not full). */
export interface Page<T> {
  items: T[];
  token: string;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

interface ResolvedFilter {
  fn: FilterFunction;
  column: string;
  values: (string | number)[];
  /** Set when the column lives in a related table: the filter becomes EXISTS (...). */
  related?: RelatedTable;
}

const qualified = (entity: string | undefined, field: string) => (entity === undefined ? field : `${entity}.${field}`);

/** The column behind a field name, or undefined when the entity does not allow it. */
function lookup(spec: ListSpec, entity: string | undefined, field: string): ColumnSpec | undefined {
  return spec.columns[entity === undefined || entity === spec.entity ? field : `${entity}.${field}`];
}

const allowed = (spec: ListSpec) => Object.keys(spec.columns).join(", ");

/** Checks parsed terms against the entity's allow-list and converts their values. */
export function resolveFilters(
  spec: ListSpec,
  filters: string | readonly FilterExpression[] | undefined,
): ResolvedFilter[] {
  const terms = typeof filters === "string" ? parseFilters(filters) : (filters ?? []);
  return terms.map((f) => {
    const name = qualified(f.entity, f.field);
    const c = lookup(spec, f.entity, f.field);
    if (c === undefined) {
      throw new InvalidFilterError(
        ListErrorCode.UnknownFilterField,
        f.text,
        `${spec.entity} has no filterable field ${JSON.stringify(name)} (allowed: ${allowed(spec)})`,
        name,
      );
    }
    if ((f.fn === "contains" || f.fn === "not_like") && c.type.kind !== "string") {
      throw new InvalidFilterError(
        ListErrorCode.UnsupportedFilterFunction,
        f.text,
        `${f.fn} needs a text field and ${name} is not one`,
        name,
      );
    }
    const values = f.values.map((v) => convertFilterValue(c, v, f.text, name));
    return c.related === undefined
      ? { fn: f.fn, column: c.column, values }
      : { fn: f.fn, column: c.column, values, related: c.related };
  });
}

/** Backslash escapes `%` and `_` on both dialects (PostgreSQL's default; SQLite needs ESCAPE). */
const ESCAPE = sql.lit("\\");

/**
 * One term as SQL. LIKE patterns follow flyteadmin: `contains(f,v)` is `f LIKE '%v%'` and
 * `not_like(f,v)` is `f NOT LIKE 'v'`, so `%` and `_` in a value are wildcards (`\%` is a literal
 * percent sign).
 */
function toSql(f: ResolvedFilter): Expression<SqlBool> {
  const ref = sql.ref(f.related === undefined ? f.column : `${f.related.table}.${f.column}`);
  const v = f.values[0] ?? "";
  const ops: Record<FilterFunction, () => Expression<SqlBool>> = {
    eq: () => sql<SqlBool>`${ref} = ${v}`,
    ne: () => sql<SqlBool>`${ref} <> ${v}`,
    gt: () => sql<SqlBool>`${ref} > ${v}`,
    gte: () => sql<SqlBool>`${ref} >= ${v}`,
    lt: () => sql<SqlBool>`${ref} < ${v}`,
    lte: () => sql<SqlBool>`${ref} <= ${v}`,
    contains: () => sql<SqlBool>`${ref} like ${`%${String(v)}%`} escape ${ESCAPE}`,
    not_like: () => sql<SqlBool>`${ref} not like ${String(v)} escape ${ESCAPE}`,
    value_in: () => sql<SqlBool>`${ref} in (${sql.join(f.values)})`,
    value_not_in: () => sql<SqlBool>`${ref} not in (${sql.join(f.values)})`,
  };
  const condition = ops[f.fn]();
  const r = f.related;
  if (r === undefined) return condition;
  // A column of a related table (an execution's tags): some related row must match.
  const join = sql.join(
    r.join.map(([outer, inner]) => sql`${sql.ref(`${r.table}.${inner}`)} = ${sql.ref(`${r.outer}.${outer}`)}`),
    sql` and `,
  );
  return sql<SqlBool>`exists (select 1 from ${sql.table(r.table)} where ${join} and ${condition})`;
}

export function parseToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  if (!/^\d{1,15}$/.test(token)) {
    throw invalidListOption(ListErrorCode.InvalidToken, "token", `invalid pagination token ${JSON.stringify(token)}`);
  }
  return Number(token);
}

export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit <= 0 || limit > MAX_LIMIT) {
    throw invalidListOption(
      ListErrorCode.InvalidLimit,
      "limit",
      `limit must be an integer between 1 and ${MAX_LIMIT}, got ${limit}`,
    );
  }
  return limit;
}

/**
 * Adds the filters, ORDER BY (requested key or the entity default, then the tie-break columns),
 * LIMIT and OFFSET of `options` to `qb`. Returns the query and the page window for `toPage`.
 */
export function applyListOptions<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  spec: ListSpec,
  options: ListOptions,
): { query: SelectQueryBuilder<DB, TB, O>; offset: number; limit: number } {
  const limit = checkLimit(options.limit);
  const offset = parseToken(options.token);
  let query = qb;
  for (const f of resolveFilters(spec, options.filters)) query = query.where(toSql(f));
  const key = options.sortBy?.key ? options.sortBy.key : spec.defaultSort.key;
  const [entity, field] = key.includes(".") ? key.split(".", 2) : [undefined, key];
  const sortSpec = lookup(spec, entity, field ?? key);
  if (sortSpec === undefined || sortSpec.related !== undefined) {
    throw invalidListOption(
      ListErrorCode.InvalidSortKey,
      "sort_by.key",
      `${spec.entity} cannot be sorted by ${JSON.stringify(key)} (allowed: ${allowed(spec)})`,
    );
  }
  const sortColumn = sortSpec.column;
  const dirName = options.sortBy?.direction ?? (options.sortBy?.key ? "DESCENDING" : spec.defaultSort.direction);
  if (dirName !== "ASCENDING" && dirName !== "DESCENDING") {
    throw invalidListOption(
      ListErrorCode.InvalidSortDirection,
      "sort_by.direction",
      `sort direction must be ASCENDING or DESCENDING, got ${JSON.stringify(dirName)}`,
    );
  }
  const dir = dirName === "ASCENDING" ? sql`asc` : sql`desc`;
  query = query.orderBy(sql`${sql.ref(sortColumn)} ${dir}`);
  for (const c of spec.tieBreak) if (c !== sortColumn) query = query.orderBy(sql`${sql.ref(c)} ${dir}`);
  return { query: query.limit(limit).offset(offset), offset, limit };
}

export function toPage<R, T>(rows: readonly R[], window: { offset: number; limit: number }, map: (r: R) => T): Page<T> {
  return { items: rows.map(map), token: rows.length === window.limit ? String(window.offset + window.limit) : "" };
}
