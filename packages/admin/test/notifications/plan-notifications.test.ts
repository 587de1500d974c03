import { create } from "@bufbuild/protobuf";
import {
  ExecutionClosureSchema,
  ExecutionSchema,
  ExecutionSpecSchema,
  NotificationListSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ExecutionErrorSchema } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { IdentifierSchema, WorkflowExecutionIdentifierSchema } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { describe, expect, it } from "vitest";
import { summaryFromExecution } from "../../src/notifications/execution-summary.js";
import { effectiveNotifications, planNotifications } from "../../src/notifications/plan-notifications.js";
import { renderTemplate, templateValues } from "../../src/notifications/template.js";
import { notification, summary, WorkflowPhase } from "./fixtures.js";

const config = { consoleBaseUrl: "http://127.0.0.1:8088/console/", smtp: { host: "127.0.0.1", port: 25, from: "f@x" } };

describe("templates", () => {
  it("fills every Flyte placeholder, spaced or unspaced, and leaves unknown ones as written", () => {
    const values = templateValues(summary(), config.consoleBaseUrl);
    const out = renderTemplate(
      "{{project}}/{{ domain }}/{{  name }} {{phase}} [{{ error }}] wf={{ workflow.project }}/{{workflow.domain}}/" +
        "{{ workflow.name }}@{{workflow.version}} lp={{launch_plan.project}}/{{ launch_plan.domain }}/" +
        "{{launch_plan.name}}@{{ launch_plan.version }} {{ link }} {{ nope }}",
      values,
    );
    expect(out).toBe(
      "flytesnacks/development/abc123 failed [The execution failed with error: [x must be positive].] " +
        "wf=flytesnacks/development/wf.train@v1 lp=flytesnacks/development/lp.train@v2 " +
        "http://127.0.0.1:8088/console/projects/flytesnacks/domains/development/executions/abc123 {{ nope }}",
    );
  });

  it("writes phases the way Flyte's emails do and leaves error empty on success", () => {
    const values = templateValues(summary({ phase: WorkflowPhase.TIMED_OUT }), undefined);
    expect(values["phase"]).toBe("timed_out");
    expect(values["link"]).toBe("");
    const { error: _e, ...ok } = summary({ phase: WorkflowPhase.SUCCEEDED });
    expect(templateValues(ok, undefined)["error"]).toBe("");
  });
});

describe("effectiveNotifications", () => {
  const lp = [notification("email", [WorkflowPhase.FAILED], ["a@x"])];
  const other = [notification("slack", [WorkflowPhase.FAILED], ["b@x"])];
  it("uses the launch plan's unless overridden; an empty override list keeps them; disable_all wins", () => {
    expect(effectiveNotifications(lp, undefined)).toBe(lp);
    const list = create(NotificationListSchema, { notifications: other });
    expect(effectiveNotifications(lp, { case: "notifications", value: list })).toEqual(other);
    const empty = create(NotificationListSchema, { notifications: [] });
    expect(effectiveNotifications(lp, { case: "notifications", value: empty })).toBe(lp);
    expect(effectiveNotifications(lp, { case: "disableAll", value: true })).toBe("disabled");
    expect(effectiveNotifications(lp, { case: "disableAll", value: false })).toBe(lp);
  });
});

describe("planNotifications", () => {
  const all = [
    notification("email", [WorkflowPhase.FAILED, WorkflowPhase.TIMED_OUT], ["oncall@x"]),
    notification("email", [WorkflowPhase.SUCCEEDED], ["happy@x"]),
    notification("slack", [WorkflowPhase.FAILED], ["chan@slack"], "custom: {{ name }} {{ phase }}"),
    notification("pagerDuty", [WorkflowPhase.FAILED], ["pd@x"]),
  ];

  it("sends only the notifications whose phases match, rendered, with deterministic ids", () => {
    const messages = planNotifications({ summary: summary(), launchPlanNotifications: all }, config);
    expect(messages.map((m) => [m.id, m.channel, m.recipients])).toEqual([
      ["flytesnacks:development:abc123/failed/0/email", "email", ["oncall@x"]],
      // Slack and PagerDuty go by email, as in Flyte, when their webhooks are not configured.
      ["flytesnacks:development:abc123/failed/2/email", "email", ["chan@slack"]],
      ["flytesnacks:development:abc123/failed/3/email", "email", ["pd@x"]],
    ]);
    expect(messages[0]?.subject).toBe('Notice: Execution "abc123" has failed in "development".');
    expect(messages[1]?.body).toBe("custom: abc123 failed");
  });

  it("routes to the Slack and PagerDuty channels when configured; generic webhooks by their phases", () => {
    const cfg = {
      ...config,
      slack: { webhookUrl: "http://127.0.0.1:1/slack" },
      pagerDuty: { eventsUrl: "http://127.0.0.1:1/pd", routingKey: "rk" },
      webhooks: [{ url: "http://127.0.0.1:1/a" }, { url: "http://127.0.0.1:1/b", phases: [WorkflowPhase.SUCCEEDED] }],
    };
    const messages = planNotifications({ summary: summary(), launchPlanNotifications: all }, cfg);
    expect(messages.map((m) => `${m.channel}:${m.endpoint ?? ""}`)).toEqual([
      "email:",
      "slack:",
      "pagerDuty:",
      "webhook:http://127.0.0.1:1/a",
    ]);
  });

  it("sends nothing for non-terminal phases or when disabled for the execution", () => {
    const cfg = { ...config, webhooks: [{ url: "http://127.0.0.1:1/a" }] };
    const running = summary({ phase: WorkflowPhase.RUNNING });
    expect(planNotifications({ summary: running, launchPlanNotifications: all }, cfg)).toEqual([]);
    const disabled = { case: "disableAll" as const, value: true };
    expect(planNotifications({ summary: summary(), launchPlanNotifications: all, overrides: disabled }, cfg)).toEqual(
      [],
    );
  });

  it("builds the summary from a stored admin Execution", () => {
    const execution = create(ExecutionSchema, {
      id: create(WorkflowExecutionIdentifierSchema, { project: "p", domain: "d", name: "n" }),
      spec: create(ExecutionSpecSchema, {
        launchPlan: create(IdentifierSchema, { project: "p", domain: "d", name: "lp", version: "1" }),
      }),
      closure: create(ExecutionClosureSchema, {
        workflowId: create(IdentifierSchema, { project: "p", domain: "d", name: "wf", version: "2" }),
        outputResult: { case: "error", value: create(ExecutionErrorSchema, { code: "E1", message: "boom" }) },
      }),
    });
    const s = summaryFromExecution(execution, { phase: WorkflowPhase.FAILED, occurredAtMs: 5 });
    expect(s).toEqual({
      project: "p",
      domain: "d",
      name: "n",
      phase: WorkflowPhase.FAILED,
      occurredAtMs: 5,
      error: { code: "E1", message: "boom" },
      workflow: { project: "p", domain: "d", name: "wf", version: "2" },
      launchPlan: { project: "p", domain: "d", name: "lp", version: "1" },
    });
  });
});
