import { executionKey } from "../model/ids.js";
import { isTerminalAttempt, isTerminalNode } from "../model/phases.js";
import type { ExecutionRecord, StateStore } from "../state/state-store.js";
import type { ResourceManager } from "./resource-manager.js";

/**
 * Before a restarted engine resumes its executions, counts the task attempts that were past the
 * gate (their plugin had them), so no waiting attempt is admitted into capacity they still use.
 * Only slots are known here; an attempt's pool units are counted when its node is next evaluated.
 */
export async function reserveResumedAttempts(
  store: StateStore,
  records: readonly ExecutionRecord[],
  resources: ResourceManager | undefined,
): Promise<number> {
  if (!resources) return 0;
  let reserved = 0;
  for (const record of records) {
    for (const node of await store.getNodes(record.id)) {
      if (isTerminalNode(node.phase)) continue;
      const last = (await store.getAttempts(record.id, node.uniqueId)).at(-1);
      if (!last || last.attempt !== node.attempt || isTerminalAttempt(last.phase)) continue;
      if (last.phase === "WaitingForResources" && last.pluginState === undefined) continue;
      resources.admit({
        key: `${executionKey(record.id)}/${node.uniqueId}/${last.attempt}`,
        project: record.id.project,
        domain: record.id.domain,
        wake: () => {},
        resumed: true,
      });
      reserved++;
    }
  }
  return reserved;
}
