import { EgressDeliveryError, type EgressSink } from "./egress-sink.js";

/** POSTs each CloudEvent (`application/cloudevents+json`); any 2xx acknowledges it. */
export class WebhookSink implements EgressSink {
  readonly name: string;
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  constructor(options: { name: string; url: string; timeoutMs?: number; headers?: Record<string, string> }) {
    this.name = options.name;
    this.#url = options.url;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#headers = options.headers ?? {};
  }

  async send(cloudEvent: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: "POST",
        headers: { ...this.#headers, "content-type": "application/cloudevents+json; charset=utf-8" },
        body: cloudEvent,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      throw new EgressDeliveryError(this.name, `POST ${this.#url} failed: ${(e as Error).message}`);
    }
    // Drain the body so the connection is reused.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status > 299) {
      throw new EgressDeliveryError(this.name, `POST ${this.#url} answered ${res.status}`);
    }
  }

  async close(): Promise<void> {}
}
