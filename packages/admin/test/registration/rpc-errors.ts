import { ConnectError } from "@connectrpc/connect";

/** The ConnectError a call failed with (fails the test when it succeeded). */
export async function errorOf(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("expected the call to fail, it succeeded");
}
