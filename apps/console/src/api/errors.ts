import { ConnectError } from "@connectrpc/connect";

/** The server's message for a failed call (Connect errors carry it without the `[code]` prefix). */
export function errorMessage(e: unknown): string {
  if (e instanceof ConnectError) return e.rawMessage || e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
