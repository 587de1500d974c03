import type { ArtifactMatch, DatasetId, ListFilterTerm, ListOptions } from "@flyte-ts/admin";
import {
  PaginationOptions_SortKey,
  PaginationOptions_SortOrder,
  SinglePropertyFilter_ComparisonOperator,
  type DatasetPropertyFilter,
  type FilterExpression,
  type PaginationOptions,
  type SinglePropertyFilter,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { RequestCheck } from "./request-check.js";

/** DataCatalog's page size when a request gives none. */
export const DEFAULT_PAGE_LIMIT = 50;
/** The largest page the repositories serve. */
export const MAX_PAGE_LIMIT = 10_000;

/** Dataset id fields a filter can compare, and where the stored id keeps them. */
type DatasetField = Exclude<DatasetPropertyFilter["property"]["case"], undefined>;
const DATASET_FIELDS: Record<DatasetField, keyof DatasetId | undefined> = {
  project: "project",
  name: "name",
  domain: "domain",
  version: "version",
  // Datasets are not stored per org: only the empty org matches.
  org: undefined,
};

export interface DatasetCondition {
  field: DatasetField;
  value: string;
}

/** A filter expression split by what it constrains. Every condition must hold (AND). */
export interface SortedFilters {
  artifact: ArtifactMatch;
  /** Artifact ids asked for by more than one filter; they must all be the same. */
  artifactIds: string[];
  dataset: DatasetCondition[];
}

/** Checks every filter of `expr` (EQUALS is the only operator) and sorts it into `SortedFilters`. */
export function sortFilters(check: RequestCheck, expr: FilterExpression | undefined): SortedFilters {
  const out: SortedFilters = { artifact: {}, artifactIds: [], dataset: [] };
  for (const [i, f] of (expr?.filters ?? []).entries()) {
    const field = `filter.filters[${i}]`;
    if (f.operator !== SinglePropertyFilter_ComparisonOperator.EQUALS) {
      check.problem(`${field}.operator`, `${field}.operator ${String(f.operator)} is not supported (only EQUALS)`);
    }
    addFilter(check, field, f, out);
  }
  return out;
}

function addFilter(check: RequestCheck, field: string, f: SinglePropertyFilter, out: SortedFilters): void {
  const p = f.propertyFilter;
  switch (p.case) {
    case "tagFilter": {
      const name = p.value.property.case === "tagName" ? p.value.property.value : undefined;
      if (check.require(`${field}.tag_filter.tag_name`, name)) (out.artifact.tagNames ??= []).push(name);
      return;
    }
    case "partitionFilter": {
      const kv = p.value.property.case === "keyVal" ? p.value.property.value : undefined;
      if (check.require(`${field}.partition_filter.key_val.key`, kv?.key) && kv)
        (out.artifact.partitions ??= []).push({ key: kv.key, value: kv.value });
      return;
    }
    case "artifactFilter": {
      const id = p.value.property.case === "artifactId" ? p.value.property.value : undefined;
      if (check.require(`${field}.artifact_filter.artifact_id`, id)) out.artifactIds.push(id);
      return;
    }
    case "datasetFilter":
      if (p.value.property.case === undefined) check.require(`${field}.dataset_filter`, undefined);
      else out.dataset.push({ field: p.value.property.case, value: p.value.property.value });
      return;
    case undefined:
      check.problem(field, `${field} names no property to filter on`);
      return;
    default: {
      const unreachable: never = p;
      throw new Error(`unhandled filter ${String(unreachable)}`);
    }
  }
}

/** Whether a dataset id meets every condition. */
export function datasetMatches(id: DatasetId, conditions: readonly DatasetCondition[]): boolean {
  return conditions.every((c) => {
    const key = DATASET_FIELDS[c.field];
    return key === undefined ? c.value === "" : id[key] === c.value;
  });
}

/** Dataset conditions as repository filter terms; undefined when one can never hold (an org). */
export function datasetTerms(conditions: readonly DatasetCondition[]): ListFilterTerm[] | undefined {
  const terms: ListFilterTerm[] = [];
  for (const c of conditions) {
    const key = DATASET_FIELDS[c.field];
    if (key === undefined) {
      if (c.value !== "") return undefined;
      continue;
    }
    terms.push({ fn: "eq", field: key, values: [c.value], text: `eq(${key},${c.value})` });
  }
  return terms;
}

/** A page request: the repository's options plus the offset the token stands for. */
export interface PageRequest {
  options: ListOptions;
  offset: number;
}

/**
 * DataCatalog pagination: the token is the offset of the page (a decimal number), the limit
 * defaults to 50, sorting is by creation time (newest first unless ASCENDING).
 */
export function pageRequest(check: RequestCheck, p: PaginationOptions | undefined): PageRequest {
  const token = p?.token ?? "";
  let offset = 0;
  if (token !== "") {
    if (/^\d{1,15}$/.test(token)) offset = Number(token);
    else check.problem("pagination.token", `pagination.token ${JSON.stringify(token)} is not a page offset`);
  }
  const limit = p?.limit ? p.limit : DEFAULT_PAGE_LIMIT;
  if (limit > MAX_PAGE_LIMIT) check.problem("pagination.limit", `pagination.limit ${limit} is over ${MAX_PAGE_LIMIT}`);
  const sortKey = p?.sortKey ?? PaginationOptions_SortKey.CREATION_TIME;
  if (sortKey !== PaginationOptions_SortKey.CREATION_TIME) {
    check.problem("pagination.sortKey", `pagination.sortKey ${String(sortKey)} is not supported (only CREATION_TIME)`);
  }
  const order = p?.sortOrder ?? PaginationOptions_SortOrder.DESCENDING;
  if (order !== PaginationOptions_SortOrder.DESCENDING && order !== PaginationOptions_SortOrder.ASCENDING) {
    check.problem("pagination.sortOrder", `pagination.sortOrder ${String(order)} is not ASCENDING or DESCENDING`);
  }
  const direction = order === PaginationOptions_SortOrder.ASCENDING ? "ASCENDING" : "DESCENDING";
  return {
    offset,
    options: {
      limit: Math.min(limit, MAX_PAGE_LIMIT),
      token: String(offset),
      sortBy: { key: "created_at", direction },
    },
  };
}

/** DataCatalog's next token: the offset after this page (an empty page follows the last one). */
export const nextToken = (page: PageRequest, count: number): string => String(page.offset + count);
