import { executionLink, phaseName, type ExecutionSummary } from "./execution-summary.js";

/** Flyte's default subject and body (flyteadmin's emailer config), with our `{{ link }}`. */
export const defaultTemplates = {
  subject: 'Notice: Execution "{{ name }}" has {{ phase }} in "{{ domain }}".',
  body: 'Execution "{{ name }}" has {{ phase }} in "{{ domain }}". View details at {{ link }}. {{ error }}',
} as const;

/** The value of each placeholder for one execution. */
export function templateValues(s: ExecutionSummary, consoleBaseUrl: string | undefined): Record<string, string> {
  return {
    project: s.project,
    domain: s.domain,
    name: s.name,
    phase: phaseName(s.phase),
    error: s.error ? `The execution failed with error: [${s.error.message}].` : "",
    link: executionLink(consoleBaseUrl, s),
    "workflow.project": s.workflow?.project ?? "",
    "workflow.domain": s.workflow?.domain ?? "",
    "workflow.name": s.workflow?.name ?? "",
    "workflow.version": s.workflow?.version ?? "",
    "launch_plan.project": s.launchPlan?.project ?? "",
    "launch_plan.domain": s.launchPlan?.domain ?? "",
    "launch_plan.name": s.launchPlan?.name ?? "",
    "launch_plan.version": s.launchPlan?.version ?? "",
  };
}

const placeholder = /\{\{\s*([a-z_]+(?:\.[a-z_]+)?)\s*\}\}/g;

/**
 * Fills `{{ name }}`-style placeholders (spaced or unspaced). Unknown placeholders are left as
 * written so a typo shows in the message instead of vanishing.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(placeholder, (whole, key: string) => values[key] ?? whole).trim();
}
