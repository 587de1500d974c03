/**
 * Flyte list filters: `func(field,value)` expressions joined by `+` (brief §1.7), e.g.
 * `eq(phase,SUCCEEDED)+gte(created_at,2024-01-01T00:00:00.000Z)`.
 */
export type FilterFunction = "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "contains" | "value_in" | "value_not_in";

export interface Filter {
  readonly fn: FilterFunction;
  readonly field: string;
  readonly value: string | readonly string[];
}

export function filterString(filters: readonly Filter[]): string {
  return filters
    .map((f) => `${f.fn}(${f.field},${typeof f.value === "string" ? f.value : f.value.join(";")})`)
    .join("+");
}

/** What the executions page lets a user filter by; every field is optional. */
export interface ExecutionFilterForm {
  /** Phase names (`SUCCEEDED`, `FAILED`, ...). */
  readonly phases?: readonly string[];
  readonly workflow?: string;
  readonly launchPlan?: string;
  /** ISO timestamps bounding `created_at`. */
  readonly createdAfter?: string;
  readonly createdBefore?: string;
}

export function executionFilters(form: ExecutionFilterForm): string {
  const out: Filter[] = [];
  const phases = form.phases ?? [];
  if (phases.length === 1 && phases[0] !== undefined) out.push({ fn: "eq", field: "phase", value: phases[0] });
  else if (phases.length > 1) out.push({ fn: "value_in", field: "phase", value: phases });
  if (form.workflow) out.push({ fn: "eq", field: "workflow.name", value: form.workflow });
  if (form.launchPlan) out.push({ fn: "eq", field: "launch_plan.name", value: form.launchPlan });
  if (form.createdAfter) out.push({ fn: "gte", field: "created_at", value: form.createdAfter });
  if (form.createdBefore) out.push({ fn: "lte", field: "created_at", value: form.createdBefore });
  return filterString(out);
}

/** Time-range presets of the executions page, as a `created_at` lower bound relative to `now`. */
export const TIME_RANGES = {
  all: undefined,
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const satisfies Record<string, number | undefined>;
export type TimeRange = keyof typeof TIME_RANGES;

export function createdAfter(range: TimeRange, now: number): string | undefined {
  const ms = TIME_RANGES[range];
  return ms === undefined ? undefined : new Date(now - ms).toISOString();
}
