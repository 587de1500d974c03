import { errorMessage } from "@flyte-ts/core";
import { createTransport, type Transporter } from "nodemailer";
import { ChannelKind, type NotificationChannel, type NotificationMessage } from "./channel.js";
import type { SmtpOptions } from "./config.js";
import { NotificationDeliveryError } from "./errors.js";

/** Network failures that are worth another attempt. */
const transientCodes: ReadonlySet<string> = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "ECONNREFUSED",
  "ECONNRESET",
  "EDNS",
]);

/** The SMTP reply code of a nodemailer error, when the server answered. */
function replyCode(e: unknown): number | undefined {
  const code = (e as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" ? code : undefined;
}

/** Sends notifications as plain-text email over SMTP (nodemailer). */
export class EmailChannel implements NotificationChannel {
  readonly kind = ChannelKind.Email;
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(options: { smtp: SmtpOptions }) {
    const { smtp } = options;
    const timeout = smtp.timeoutMs ?? 10_000;
    this.from = smtp.from;
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure ?? false,
      ignoreTLS: smtp.ignoreTls ?? false,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    });
  }

  async send(message: NotificationMessage): Promise<void> {
    if (message.recipients.length === 0) {
      throw new NotificationDeliveryError(`notification ${message.id} has no email recipients`, { retryable: false });
    }
    try {
      await this.transport.sendMail({
        from: this.from,
        to: [...message.recipients],
        subject: message.subject,
        text: message.body,
        headers: { "X-Flyte-Notification-Id": message.id },
      });
    } catch (e) {
      const reply = replyCode(e);
      const code = (e as { code?: unknown } | null)?.code;
      // 4xx replies are transient by SMTP's own definition; 5xx are permanent.
      const retryable = reply !== undefined ? reply < 500 : typeof code === "string" && transientCodes.has(code);
      throw new NotificationDeliveryError(`SMTP delivery of ${message.id} failed: ${errorMessage(e)}`, {
        retryable,
        cause: e,
        ...(reply !== undefined ? { details: { smtpReply: String(reply) } } : {}),
      });
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
