import { fromBinary } from "@bufbuild/protobuf";
import type { AdminManagers, Repositories } from "@flyte-ts/admin";
import { isFlyteError } from "@flyte-ts/core";
import type { StateStore } from "@flyte-ts/engine";
import {
  NodeExecutionEventSchema,
  TaskExecutionEventSchema,
  WorkflowExecutionEventSchema,
} from "@flyte-ts/idl/gen/flyteidl/event/event_pb";
import type { ExecutionServices } from "./admin-internals.js";

const UNFINISHED = "value_in(phase,UNDEFINED;QUEUED;RUNNING;SUCCEEDING;FAILING;ABORTING)";
const PAGE = 500;

/**
 * After a crash the engine may have stored events that never reached admin (the engine appends to
 * its own log first, then reports). On start, every execution admin still sees as unfinished gets
 * the engine's stored events replayed through the sink, in order: events admin has are duplicates
 * (ignored), missed ones apply, so the admin rows catch up, including a terminal phase the engine
 * reached just before the crash. An execution admin stored but the engine never received (QUEUED,
 * unknown to the engine) is resubmitted. Returns how many executions were replayed or resubmitted.
 */
export async function reconcileExecutions(options: {
  repositories: Repositories;
  managers: AdminManagers;
  store: StateStore;
  sink: ExecutionServices["sink"];
  /** Resubmits executions stored in admin that never reached the engine. */
  executions: ExecutionServices["executions"];
  onError?: (e: unknown) => void;
}): Promise<number> {
  const { repositories, store, sink } = options;
  const domains = options.managers.projects.domains().domains.map((d) => d.id);
  let replayed = 0;
  for (let offset = 0; ; offset += PAGE) {
    const projects = await repositories.projects.list({ limit: PAGE, token: String(offset) });
    for (const project of projects.items) {
      for (const domain of domains) {
        for (let at = 0; ; at += PAGE) {
          const page = await repositories.executions.list(
            { project: project.id, domain },
            { filters: UNFINISHED, limit: PAGE, token: String(at) },
          );
          for (const ex of page.items) {
            if (!(await store.getExecution(ex.id))) {
              if (ex.phase === "QUEUED" || ex.phase === "UNDEFINED") {
                await options.executions.resubmit(ex.id);
                replayed += 1;
              }
              continue;
            }
            const events = await store.listEvents(ex.id);
            if (events.length === 0) continue;
            replayed += 1;
            for (const e of events) {
              try {
                switch (e.kind) {
                  case "workflow":
                    await sink.send({ kind: "workflow", event: fromBinary(WorkflowExecutionEventSchema, e.payload) });
                    break;
                  case "node":
                    await sink.send({ kind: "node", event: fromBinary(NodeExecutionEventSchema, e.payload) });
                    break;
                  case "task":
                    await sink.send({ kind: "task", event: fromBinary(TaskExecutionEventSchema, e.payload) });
                    break;
                  default: {
                    const never: never = e.kind;
                    throw new Error(`unknown event kind ${String(never)}`);
                  }
                }
              } catch (err) {
                // A rejected event is already superseded (older than the row's phase): nothing to catch up.
                if (!isFlyteError(err)) options.onError?.(err);
              }
            }
          }
          if (page.token === "") break;
        }
      }
    }
    if (projects.token === "") break;
  }
  return replayed;
}
