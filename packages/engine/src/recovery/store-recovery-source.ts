import { DynamicJobSpecSchema } from "@flyte-ts/idl/gen/flyteidl/core/dynamic_job_pb";
import { LiteralMapSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { inputsPath, readProtoIfExists, type BlobStore } from "@flyte-ts/storage";
import type { ExecutionId } from "../model/ids.js";
import type { StateStore } from "../state/state-store.js";
import type { RecoveredNode, RecoverySource } from "./recovery-source.js";

export interface StoreRecoverySourceOptions {
  readonly store: StateStore;
  readonly blobs: BlobStore;
}

/** Recovery from an engine's own state: the old node's row, its `inputs.pb` and `outputs.pb`. */
export class StoreRecoverySource implements RecoverySource {
  readonly #store: StateStore;
  readonly #blobs: BlobStore;

  constructor(options: StoreRecoverySourceOptions) {
    this.#store = options.store;
    this.#blobs = options.blobs;
  }

  async getNode(execution: ExecutionId, nodeUniqueId: string): Promise<RecoveredNode | undefined> {
    const rec = await this.#store.getNode(execution, nodeUniqueId).catch(() => undefined);
    if (!rec) return undefined;
    const inputs = await readProtoIfExists(this.#blobs, inputsPath(rec.dataDir), LiteralMapSchema);
    if (rec.phase !== "Succeeded" && rec.phase !== "Recovered") {
      const state = rec.handlerState;
      const futures =
        state !== null && typeof state === "object" && !Array.isArray(state)
          ? (state as { dynamic?: unknown }).dynamic
          : undefined;
      const spec =
        typeof futures === "string" ? await readProtoIfExists(this.#blobs, futures, DynamicJobSpecSchema) : undefined;
      return {
        phase: "other",
        ...(inputs ? { inputs } : {}),
        ...(spec ? { dynamic: { spec, attempt: rec.attempt } } : {}),
      };
    }
    const outputs = rec.outputsUri ? await readProtoIfExists(this.#blobs, rec.outputsUri, LiteralMapSchema) : undefined;
    return {
      phase: rec.phase === "Succeeded" ? "succeeded" : "recovered",
      ...(inputs ? { inputs } : {}),
      ...(outputs ? { outputs } : {}),
    };
  }
}
