import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecution_Phase as WorkflowPhase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";

/** The parts of an identifier a message names (project, domain, name, version). */
export interface EntityRef {
  project: string;
  domain: string;
  name: string;
  version: string;
}

/** What a notification says about one execution; also the JSON body of the generic webhook. */
export interface ExecutionSummary {
  project: string;
  domain: string;
  name: string;
  phase: WorkflowPhase;
  /** When the execution reached `phase`, ms since the epoch. */
  occurredAtMs: number;
  error?: { code: string; message: string };
  workflow?: EntityRef;
  launchPlan?: EntityRef;
}

function ref(id: Identifier | undefined): EntityRef | undefined {
  if (!id) return undefined;
  return { project: id.project, domain: id.domain, name: id.name, version: id.version };
}

/**
 * The summary of an `admin.Execution` as stored, at the phase the caller is reporting (which may
 * be newer than the closure it holds).
 */
export function summaryFromExecution(
  execution: Execution,
  at: { phase: WorkflowPhase; occurredAtMs: number; error?: { code: string; message: string } },
): ExecutionSummary {
  const id = execution.id;
  const summary: ExecutionSummary = {
    project: id?.project ?? "",
    domain: id?.domain ?? "",
    name: id?.name ?? "",
    phase: at.phase,
    occurredAtMs: at.occurredAtMs,
  };
  const closureError =
    execution.closure?.outputResult.case === "error" ? execution.closure.outputResult.value : undefined;
  const error = at.error ?? (closureError ? { code: closureError.code, message: closureError.message } : undefined);
  if (error) summary.error = error;
  const workflow = ref(execution.closure?.workflowId);
  if (workflow) summary.workflow = workflow;
  const launchPlan = ref(execution.spec?.launchPlan);
  if (launchPlan) summary.launchPlan = launchPlan;
  return summary;
}

/** Lower-case phase name as Flyte's emails write it ("succeeded", "timed_out"). */
export function phaseName(phase: WorkflowPhase): string {
  return (WorkflowPhase[phase] ?? String(phase)).toLowerCase();
}

/** `project:domain:name`. */
export function executionKey(s: Pick<ExecutionSummary, "project" | "domain" | "name">): string {
  return `${s.project}:${s.domain}:${s.name}`;
}

/** The console page of the execution, or "" when no console base URL is configured. */
export function executionLink(consoleBaseUrl: string | undefined, s: ExecutionSummary): string {
  if (!consoleBaseUrl) return "";
  const base = consoleBaseUrl.replace(/\/+$/, "");
  const e = encodeURIComponent;
  return `${base}/projects/${e(s.project)}/domains/${e(s.domain)}/executions/${e(s.name)}`;
}

/** The summary as plain JSON (phase by name, time as RFC 3339), for webhooks. */
export function summaryToJson(s: ExecutionSummary, link: string): Record<string, unknown> {
  return {
    project: s.project,
    domain: s.domain,
    name: s.name,
    phase: WorkflowPhase[s.phase] ?? String(s.phase),
    occurred_at: new Date(s.occurredAtMs).toISOString(),
    ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {}),
    ...(s.workflow ? { workflow_id: s.workflow } : {}),
    ...(s.launchPlan ? { launch_plan_id: s.launchPlan } : {}),
    ...(link ? { link } : {}),
  };
}
