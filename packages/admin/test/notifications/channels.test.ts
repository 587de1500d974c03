import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createChannels, validateNotificationsConfig } from "../../src/notifications/create-channels.js";
import { EmailChannel } from "../../src/notifications/email-channel.js";
import { NotificationDeliveryError } from "../../src/notifications/errors.js";
import { planNotifications } from "../../src/notifications/plan-notifications.js";
import type { NotificationMessage } from "../../src/notifications/channel.js";
import { HttpReceiver } from "./http-receiver.js";
import { SmtpSink } from "./smtp-sink.js";
import { notification, summary, WorkflowPhase } from "./fixtures.js";

const consoleBaseUrl = "http://127.0.0.1:8088/console";

describe("channels against real loopback receivers", () => {
  let smtp: SmtpSink;
  let http: HttpReceiver;
  let smtpPort: number;
  let baseUrl: string;

  beforeEach(async () => {
    smtp = new SmtpSink();
    http = new HttpReceiver();
    smtpPort = await smtp.start();
    baseUrl = await http.start();
  });
  afterEach(async () => {
    await smtp.stop();
    await http.stop();
  });

  function messagesFor(kind: "email" | "slack" | "pagerDuty"): {
    messages: NotificationMessage[];
    config: Parameters<typeof createChannels>[0];
  } {
    const config = {
      consoleBaseUrl,
      smtp: { host: "127.0.0.1", port: smtpPort, from: "Flyte <flyte@127.0.0.1>", ignoreTls: true },
      slack: { webhookUrl: `${baseUrl}/slack/T000/B000/secret` },
      pagerDuty: { eventsUrl: `${baseUrl}/v2/enqueue`, routingKey: "R0UT1NG", source: "flyte-test" },
      webhooks: [{ url: `${baseUrl}/hook`, headers: { authorization: "Bearer t0k" } }],
    };
    const n = notification(kind, [WorkflowPhase.FAILED], ["oncall@example.com", "ml@example.com"]);
    return { messages: planNotifications({ summary: summary(), launchPlanNotifications: [n] }, config), config };
  }

  it("email: the SMTP sink receives subject, body with link and error, sender and recipients", async () => {
    const { messages, config } = messagesFor("email");
    const channels = createChannels(config);
    await channels.email!.send(messages[0]!);
    await channels.email!.close?.();
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe("flyte@127.0.0.1");
    expect(mail.to).toEqual(["oncall@example.com", "ml@example.com"]);
    expect(mail.headers["subject"]).toBe('Notice: Execution "abc123" has failed in "development".');
    expect(mail.headers["x-flyte-notification-id"]).toBe("flytesnacks:development:abc123/failed/0/email");
    expect(mail.text).toBe(
      'Execution "abc123" has failed in "development". View details at ' +
        "http://127.0.0.1:8088/console/projects/flytesnacks/domains/development/executions/abc123. " +
        "The execution failed with error: [x must be positive].",
    );
  });

  it("email: a 4xx reply is a retryable failure, a 5xx reply a permanent one", async () => {
    const { messages } = messagesFor("email");
    const channel = new EmailChannel({
      smtp: { host: "127.0.0.1", port: smtpPort, from: "f@127.0.0.1", ignoreTls: true },
    });
    smtp.failNextData(1, 451);
    const transient = await channel.send(messages[0]!).catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(NotificationDeliveryError);
    expect((transient as NotificationDeliveryError).retryable).toBe(true);
    smtp.failNextData(1, 554);
    const permanent = await channel.send(messages[0]!).catch((e: unknown) => e);
    expect((permanent as NotificationDeliveryError).retryable).toBe(false);
    expect((permanent as NotificationDeliveryError).details["smtpReply"]).toBe("554");
    await channel.close();
    expect(smtp.mails).toHaveLength(0);
  });

  it("slack: an incoming-webhook JSON body with text and mrkdwn blocks", async () => {
    const { messages, config } = messagesFor("slack");
    expect(messages.map((m) => m.channel)).toEqual(["slack", "webhook"]);
    await createChannels(config).slack!.send(messages[0]!);
    expect(http.requests).toHaveLength(1);
    const req = http.requests[0]!;
    expect(req.path).toBe("/slack/T000/B000/secret");
    expect(req.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(req.body) as { text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(body.text).toContain('Notice: Execution "abc123" has failed in "development".');
    expect(body.blocks[0]?.text?.text).toContain("*Notice:");
    expect(JSON.stringify(body.blocks[1])).toContain(
      "/console/projects/flytesnacks/domains/development/executions/abc123",
    );
  });

  it("pagerDuty: an Events API v2 trigger with routing key, dedup key and details", async () => {
    const { messages, config } = messagesFor("pagerDuty");
    await createChannels(config).pagerDuty!.send(messages[0]!);
    const body = JSON.parse(http.requests[0]!.body) as Record<string, unknown>;
    expect(http.requests[0]!.path).toBe("/v2/enqueue");
    expect(body).toMatchObject({
      routing_key: "R0UT1NG",
      event_action: "trigger",
      dedup_key: "flyte:flytesnacks:development:abc123",
      payload: {
        summary: 'Notice: Execution "abc123" has failed in "development".',
        source: "flyte-test",
        severity: "error",
        timestamp: "2026-11-21T12:00:00.000Z",
        custom_details: { phase: "FAILED", error: { code: "USER:ValueError", message: "x must be positive" } },
      },
    });
  });

  it("generic webhook: the execution summary as JSON, with the configured headers", async () => {
    const { messages, config } = messagesFor("email");
    const hook = messages.find((m) => m.channel === "webhook")!;
    await createChannels(config).webhook!.send(hook);
    const req = http.requests[0]!;
    expect(req.path).toBe("/hook");
    expect(req.headers["authorization"]).toBe("Bearer t0k");
    expect(JSON.parse(req.body)).toEqual({
      notification_id: "flytesnacks:development:abc123/failed/webhook-0",
      subject: 'Notice: Execution "abc123" has failed in "development".',
      body: expect.stringContaining("View details at http://127.0.0.1:8088/console/") as unknown,
      execution: {
        project: "flytesnacks",
        domain: "development",
        name: "abc123",
        phase: "FAILED",
        occurred_at: "2026-11-21T12:00:00.000Z",
        error: { code: "USER:ValueError", message: "x must be positive" },
        workflow_id: { project: "flytesnacks", domain: "development", name: "wf.train", version: "v1" },
        launch_plan_id: { project: "flytesnacks", domain: "development", name: "lp.train", version: "v2" },
        link: "http://127.0.0.1:8088/console/projects/flytesnacks/domains/development/executions/abc123",
      },
    });
  });

  it("webhooks: 5xx and 429 are retryable failures, other 4xx permanent", async () => {
    const { messages, config } = messagesFor("slack");
    const slack = createChannels(config).slack!;
    for (const [status, retryable] of [
      [500, true],
      [429, true],
      [404, false],
    ] as const) {
      http.answer = () => status;
      const e = await slack.send(messages[0]!).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(NotificationDeliveryError);
      expect([status, (e as NotificationDeliveryError).retryable]).toEqual([status, retryable]);
      // The hook's secret path never appears in the message.
      expect((e as Error).message).not.toContain("secret");
    }
  });
});

describe("config validation", () => {
  it("names the field at fault", () => {
    expect(() => validateNotificationsConfig({ slack: { webhookUrl: "not a url" } })).toThrow(/slack\.webhookUrl/);
    expect(() => validateNotificationsConfig({ webhooks: [{ url: "ftp://127.0.0.1/x" }] })).toThrow(
      /webhooks\[0\]\.url/,
    );
    expect(() => validateNotificationsConfig({ smtp: { host: "127.0.0.1", port: 0, from: "a@b" } })).toThrow(
      /smtp\.port/,
    );
    expect(() =>
      validateNotificationsConfig({ pagerDuty: { eventsUrl: "http://127.0.0.1/", routingKey: "" } }),
    ).toThrow(/routingKey/);
    expect(Object.keys(createChannels({}))).toEqual([]);
  });
});
