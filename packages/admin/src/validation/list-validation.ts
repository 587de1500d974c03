import { Sort_Direction, type Sort } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { ListOptions } from "../persistence/filters/list-query.js";
import { MAX_LIMIT } from "../persistence/filters/list-query.js";
import { requireEnum, type Violations } from "./request-errors.js";

const DIRECTIONS: Readonly<Record<number, string>> = {
  [Sort_Direction.DESCENDING]: "DESCENDING",
  [Sort_Direction.ASCENDING]: "ASCENDING",
};

/** The paging part of every list request. */
export interface ListRequestFields {
  limit: number;
  token: string;
  filters?: string;
  sortBy?: Sort | undefined;
}

/**
 * Checks limit, token shape and sort direction and turns them into repository list options.
 * A limit of 0 (unset) means the default page size; Flyte rejects it, we are lenient so a bare
 * `GET /api/v1/projects` works. Filters and sort keys are checked by the repository against the
 * entity's allow-list (INVALID_ARGUMENT naming the term).
 */
export function toListOptions(v: Violations, req: ListRequestFields, extraFilters?: string): ListOptions {
  const out: ListOptions = {};
  if (req.limit > MAX_LIMIT) v.invalid("limit", `limit must be at most ${MAX_LIMIT}, got ${req.limit}`);
  else if (req.limit > 0) out.limit = req.limit;
  if (req.token !== "") {
    if (/^\d{1,15}$/.test(req.token)) out.token = req.token;
    else v.invalid("token", `token ${JSON.stringify(req.token)} is not a pagination token returned by this server`);
  }
  const filters = [req.filters ?? "", extraFilters ?? ""].filter((f) => f.trim() !== "").join("+");
  if (filters !== "") out.filters = filters;
  if (req.sortBy) {
    if (req.sortBy.key.trim() === "") v.missing("sort_by.key", "sort_by.key is required when sort_by is given");
    else if (requireEnum(v, "sort_by.direction", req.sortBy.direction, DIRECTIONS)) {
      out.sortBy = {
        key: req.sortBy.key,
        direction: req.sortBy.direction === Sort_Direction.ASCENDING ? "ASCENDING" : "DESCENDING",
      };
    }
  }
  return out;
}
