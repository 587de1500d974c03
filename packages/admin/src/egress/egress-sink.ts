/** One destination. `send` resolves once the sink has the event and throws when it must be sent again. */
export interface EgressSink {
  readonly name: string;
  /** `cloudEvent` is the CloudEvent JSON (structured mode). */
  send(cloudEvent: string): Promise<void>;
  close(): Promise<void>;
}

/** A sink refused or could not take an event; the publisher retries it with backoff. */
export class EgressDeliveryError extends Error {
  readonly code = "EgressDeliveryFailed";
  readonly retryable = true;
  constructor(sink: string, detail: string) {
    super(`egress sink ${sink}: ${detail}`);
    this.name = "EgressDeliveryError";
  }
}
