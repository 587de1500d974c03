import { errorMessage } from "@flyte-ts/core";
import { NotificationDeliveryError } from "./errors.js";

export interface HttpPostOptions {
  body: string;
  headers: Readonly<Record<string, string>>;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
}

/** Statuses worth another attempt besides 5xx: timeout and rate limit. */
const retryableStatuses: ReadonlySet<number> = new Set([408, 425, 429]);

/**
 * POSTs once; resolves on 2xx. Anything else throws a {@link NotificationDeliveryError} that is
 * retryable for network errors, timeouts, 5xx, 408/425/429 and permanent for other statuses.
 */
export async function httpPost(url: string, options: HttpPostOptions): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: options.headers,
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (e) {
    throw new NotificationDeliveryError(`POST ${redact(url)} failed: ${errorMessage(e)}`, {
      retryable: true,
      cause: e,
    });
  }
  const text = await response.text().catch(() => "");
  if (response.ok) return response.status;
  const retryable = response.status >= 500 || retryableStatuses.has(response.status);
  throw new NotificationDeliveryError(
    `POST ${redact(url)} answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    { retryable, details: { status: String(response.status) } },
  );
}

/** The URL without its path and query, which often hold secrets (Slack hook tokens). */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "<invalid url>";
  }
}
