import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChannels } from "../../src/notifications/create-channels.js";
import type { NotificationsConfig } from "../../src/notifications/config.js";
import { NotificationDispatcher } from "../../src/notifications/notification-dispatcher.js";
import { Notifier } from "../../src/notifications/notifier.js";
import { planNotifications } from "../../src/notifications/plan-notifications.js";
import { ManualScheduler } from "../../src/notifications/scheduler.js";
import type { Logger } from "../../src/notifications/logger.js";
import { HttpReceiver } from "./http-receiver.js";
import { SmtpSink } from "./smtp-sink.js";
import { notification, summary, WorkflowPhase } from "./fixtures.js";

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (m, f) => warnings.push(`${m} ${JSON.stringify(f)}`) };
}

describe("NotificationDispatcher", () => {
  let http: HttpReceiver;
  let smtp: SmtpSink;
  let config: NotificationsConfig;
  let scheduler: ManualScheduler;

  beforeEach(async () => {
    http = new HttpReceiver();
    smtp = new SmtpSink();
    const base = await http.start();
    const port = await smtp.start();
    scheduler = new ManualScheduler();
    config = {
      consoleBaseUrl: "http://127.0.0.1:8088/console",
      smtp: { host: "127.0.0.1", port, from: "flyte@127.0.0.1", ignoreTls: true },
      slack: { webhookUrl: `${base}/slack` },
      pagerDuty: { eventsUrl: `${base}/pd`, routingKey: "rk" },
      webhooks: [{ url: `${base}/hook` }],
    };
  });
  afterEach(async () => {
    await http.stop();
    await smtp.stop();
  });

  function dispatcher(
    options: Partial<ConstructorParameters<typeof NotificationDispatcher>[0]> = {},
  ): NotificationDispatcher {
    return new NotificationDispatcher({
      channels: createChannels(config),
      scheduler,
      backoff: { baseMs: 1_000, maxMs: 3_000, maxAttempts: 4, jitter: 0 },
      logger: recordingLogger(),
      ...options,
    });
  }

  function slackMessage(): ReturnType<typeof planNotifications>[number] {
    const n = notification("slack", [WorkflowPhase.FAILED], ["c@x"]);
    return planNotifications({ summary: summary(), launchPlanNotifications: [n] }, config)[0]!;
  }

  it("retries with exponential backoff: the receiver fails twice with 500, then succeeds", async () => {
    http.failFirst(2, 500);
    const d = dispatcher();
    const queued = d.dispatch(slackMessage());
    expect(queued.status).toBe("queued");
    expect(await scheduler.fireNext()).toBe(1_000);
    expect(await scheduler.fireNext()).toBe(2_000);
    await d.whenIdle();
    expect(http.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    const [record] = d.records();
    expect(record).toMatchObject({
      status: "delivered",
      attempts: 3,
      channel: "slack",
      executionId: "flytesnacks:development:abc123",
    });
    expect(record?.lastError?.message).toContain("answered 500");
    expect(record?.updatedAtMs).toBe(record!.createdAtMs + 3_000);
  });

  it("records a permanently failing receiver as failed after the attempt budget, and logs it", async () => {
    http.answer = () => 503;
    const logger = recordingLogger();
    const d = dispatcher({ logger });
    d.dispatch(slackMessage());
    const delays = [await scheduler.fireNext(), await scheduler.fireNext(), await scheduler.fireNext()];
    await d.whenIdle();
    expect(delays).toEqual([1_000, 2_000, 3_000]); // capped at maxMs
    expect(http.requests).toHaveLength(4);
    expect(scheduler.pending()).toEqual([]);
    expect(d.records({ status: "failed" })).toMatchObject([
      { attempts: 4, lastError: { code: "NotificationDeliveryFailed", retryable: true } },
    ]);
    expect(logger.warnings.join("\n")).toContain("notification delivery failed");
  });

  it("does not retry a permanent failure (404)", async () => {
    http.answer = () => 404;
    const d = dispatcher();
    d.dispatch(slackMessage());
    await d.whenIdle();
    expect(http.requests).toHaveLength(1);
    expect(d.records()[0]).toMatchObject({ status: "failed", attempts: 1, lastError: { retryable: false } });
  });

  it("retries email after a transient SMTP reply", async () => {
    smtp.failNextData(1, 421);
    const d = dispatcher();
    const n = notification("email", [WorkflowPhase.FAILED], ["a@example.com"]);
    d.dispatch(
      planNotifications({ summary: summary(), launchPlanNotifications: [n] }, { ...config, webhooks: [] })[0]!,
    );
    expect(await scheduler.fireNext()).toBe(1_000);
    await d.whenIdle();
    expect(smtp.mails).toHaveLength(1);
    expect(d.records()[0]).toMatchObject({ status: "delivered", attempts: 2 });
    await d.close();
  });

  it("returns at once and never throws, even while the receiver is failing; re-dispatch is a no-op", async () => {
    http.answer = () => 500;
    const d = dispatcher();
    const message = slackMessage();
    const first = d.dispatch(message);
    const again = d.dispatch(message);
    expect(again.id).toBe(first.id);
    expect(d.records()).toHaveLength(1);
    await scheduler.nextTimer();
    expect(d.records()[0]?.status).toBe("retrying");
    expect(d.records()[0]?.nextAttemptAtMs).toBe(scheduler.now() + 1_000);
    await d.close();
    expect(d.records()[0]?.status).toBe("failed");
  });

  it("bounds the queue: beyond capacity a message is dropped and recorded, not thrown", async () => {
    http.answer = () => 500;
    const d = dispatcher({ queueCapacity: 1 });
    const base = slackMessage();
    d.dispatch(base);
    const dropped = d.dispatch({ ...base, id: `${base.id}/other` });
    expect(dropped).toMatchObject({ status: "dropped", lastError: { code: "NotificationQueueFull" } });
    const noChannel = new NotificationDispatcher({ channels: {}, scheduler, logger: recordingLogger() }).dispatch(base);
    expect(noChannel).toMatchObject({ status: "dropped", lastError: { code: "NotificationChannelNotConfigured" } });
    await d.close();
  });

  it("Notifier: a failed execution reaches every configured channel; records are listed per execution", async () => {
    const d = dispatcher();
    const notifier = new Notifier({ config, dispatcher: d });
    const records = notifier.onWorkflowPhase({
      summary: summary(),
      launchPlanNotifications: [
        notification("email", [WorkflowPhase.FAILED], ["a@example.com"]),
        notification("slack", [WorkflowPhase.FAILED], ["c@x"]),
        notification("pagerDuty", [WorkflowPhase.FAILED, WorkflowPhase.TIMED_OUT], ["p@x"]),
        notification("email", [WorkflowPhase.SUCCEEDED], ["never@example.com"]),
      ],
    });
    expect(records.map((r) => r.channel)).toEqual(["email", "slack", "pagerDuty", "webhook"]);
    await d.whenIdle();
    expect(smtp.mails.map((m) => m.to)).toEqual([["a@example.com"]]);
    expect(http.requests.map((r) => r.path).sort()).toEqual(["/hook", "/pd", "/slack"]);
    expect(d.records({ executionId: "flytesnacks:development:abc123", status: "delivered" })).toHaveLength(4);
    expect(d.records({ executionId: "other:development:x" })).toEqual([]);
    await d.close();
  });
});
