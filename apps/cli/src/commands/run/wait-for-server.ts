import type { CliIO } from "../../io.js";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { Remote } from "../../remote/remote-client.js";

const LOOPBACK = /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/;

/**
 * Waits up to `timeoutMs` for a server on this machine that is still starting (`(flyte start &)
 * && flyte run --remote ...`): while a loopback endpoint refuses connections, GetVersion is
 * retried. Any other endpoint, or a server that answers, returns at once; the last
 * "unreachable" error is thrown when the time is up.
 */
export async function waitForServer(remote: Remote, timeoutMs: number, io: CliIO): Promise<void> {
  const deadline = Date.now() + (LOOPBACK.test(remote.config.endpoint) ? timeoutMs : 0);
  let told = false;
  for (;;) {
    try {
      await remote.admin.getVersion({});
      return;
    } catch (e) {
      if (!(e instanceof CliError) || e.exitCode !== ExitCode.Unreachable || Date.now() >= deadline) throw e;
      if (!told) io.stderr(`waiting for the Flyte server at ${remote.config.endpoint} to start…\n`);
      told = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
