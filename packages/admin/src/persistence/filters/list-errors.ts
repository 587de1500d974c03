import { InvalidArgumentError } from "@flyte-ts/core";

/** Stable codes of the list-request errors (filters, sort, limit, token). Branch on these. */
export const ListErrorCode = {
  /** Not `func(field,value)` terms joined by `+`. */
  MalformedFilter: "MalformedFilter",
  /** A function other than eq, ne, gt, gte, lt, lte, contains, not_like, value_in, value_not_in. */
  UnknownFilterFunction: "UnknownFilterFunction",
  /** A field the listed entity does not allow filtering on. */
  UnknownFilterField: "UnknownFilterField",
  /** A value that does not parse as the field's type (timestamp, integer, phase, enum, ...). */
  InvalidFilterValue: "InvalidFilterValue",
  /** A function the field's type does not support (`contains` on a timestamp). */
  UnsupportedFilterFunction: "UnsupportedFilterFunction",
  InvalidSortKey: "InvalidSortKey",
  InvalidSortDirection: "InvalidSortDirection",
  InvalidLimit: "InvalidLimit",
  InvalidToken: "InvalidToken",
} as const;
export type ListErrorCode = (typeof ListErrorCode)[keyof typeof ListErrorCode];

/**
 * A bad filter: InvalidArgument with one of the filter codes, a message that quotes the term, and
 * `details.filter` (the term as written) and `details.field` (when known) for machines.
 */
export class InvalidFilterError extends InvalidArgumentError {
  constructor(code: ListErrorCode, filter: string, message: string, field?: string) {
    super(`invalid filter ${JSON.stringify(filter)}: ${message}`, {
      code,
      details: field === undefined ? { filter } : { filter, field },
    });
    this.name = "InvalidFilterError";
  }
}

/** A bad sort key or direction, page size or page token. */
export function invalidListOption(code: ListErrorCode, field: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(message, { code, details: { field } });
}
