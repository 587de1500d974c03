import { create } from "@bufbuild/protobuf";
import { NotificationSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { ExecutionSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { describe, expect, it } from "vitest";
import { notificationLine, notificationOverride, notificationRows } from "./notifications.js";

const email = create(NotificationSchema, {
  phases: [Phase.FAILED, Phase.TIMED_OUT],
  type: { case: "email", value: { recipientsEmail: ["oncall@example.com", "lead@example.com"] } },
});
const slack = create(NotificationSchema, {
  phases: [Phase.SUCCEEDED],
  type: { case: "slack", value: { recipientsEmail: ["#pipelines"], template: "done: {{ name }}" } },
});
const pager = create(NotificationSchema, {
  phases: [Phase.ABORTED],
  type: { case: "pagerDuty", value: { recipientsEmail: ["pd@example.com"] } },
});

describe("notifications", () => {
  it("are rows of phases, channel and recipients", () => {
    expect(notificationRows([email, slack, pager])).toEqual([
      {
        phases: ["failed", "timed out"],
        channel: "Email",
        recipients: ["oncall@example.com", "lead@example.com"],
        template: "",
      },
      { phases: ["succeeded"], channel: "Slack", recipients: ["#pipelines"], template: "done: {{ name }}" },
      { phases: ["aborted"], channel: "PagerDuty", recipients: ["pd@example.com"], template: "" },
    ]);
    expect(notificationRows(undefined)).toEqual([]);
    expect(notificationRows([create(NotificationSchema, {})])).toEqual([
      { phases: [], channel: "Unknown", recipients: [], template: "" },
    ]);
  });

  it("read as one line each", () => {
    const [a, , c] = notificationRows([email, slack, pager]);
    expect(a && notificationLine(a)).toBe("failed, timed out → Email oncall@example.com, lead@example.com");
    expect(c && notificationLine(c)).toBe("aborted → PagerDuty pd@example.com");
    expect(notificationLine({ phases: [], channel: "Email", recipients: [], template: "" })).toBe(
      "no phase → Email (no recipients)",
    );
  });

  it("an execution's overrides: disabled, its own list, or the launch plan's (as Flyte applies them)", () => {
    const spec = (o: Parameters<typeof create<typeof ExecutionSpecSchema>>[1]) => create(ExecutionSpecSchema, o);
    expect(notificationOverride(undefined)).toEqual({ kind: "inherit" });
    expect(notificationOverride(spec({}))).toEqual({ kind: "inherit" });
    expect(notificationOverride(spec({ notificationOverrides: { case: "disableAll", value: true } }))).toEqual({
      kind: "disabled",
    });
    expect(notificationOverride(spec({ notificationOverrides: { case: "disableAll", value: false } }))).toEqual({
      kind: "inherit",
    });
    const own = notificationOverride(
      spec({ notificationOverrides: { case: "notifications", value: { notifications: [pager] } } }),
    );
    expect(own).toEqual({
      kind: "own",
      rows: [{ phases: ["aborted"], channel: "PagerDuty", recipients: ["pd@example.com"], template: "" }],
    });
    // An empty list keeps the launch plan's.
    expect(
      notificationOverride(spec({ notificationOverrides: { case: "notifications", value: { notifications: [] } } })),
    ).toEqual({ kind: "inherit" });
  });
});
