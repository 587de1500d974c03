import type { Client } from "@connectrpc/connect";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";

const TERMINAL = new Set([Phase.SUCCEEDED, Phase.FAILED, Phase.ABORTED, Phase.TIMED_OUT]);

/** Polls GetExecution until `until` holds (default: a terminal phase) or the timeout passes. */
export async function waitForExecution(
  client: Client<typeof AdminService>,
  id: { project: string; domain: string; name: string },
  until: (e: Execution) => boolean = (e) => TERMINAL.has(e.closure?.phase ?? Phase.UNDEFINED),
  timeoutMs = 20_000,
): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await client.getExecution({ id });
    if (until(e)) return e;
    if (Date.now() > deadline) {
      throw new Error(`execution ${id.name} still ${Phase[e.closure?.phase ?? 0]} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
