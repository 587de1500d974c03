import { RuntimeErrorCode, type TaskErrorInfo } from "../errors/task-error.js";
import type { WorkerLoss } from "./worker-process.js";

const HEAP_OOM = /heap out of memory|Reached heap limit|Allocation failed/i;

function lastLines(tail: string, n = 20): string {
  const lines = tail.split("\n");
  return lines.slice(-n).join("\n");
}

/**
 * The error of an attempt whose worker was lost: SYSTEM (recoverable unless aborted), except
 * running out of memory, which is the task's (as Flyte records an OOMKilled pod: USER,
 * recoverable, code `OOMKilled`, so it uses the task's own retries).
 */
export function lossError(loss: WorkerLoss, worker: string): TaskErrorInfo {
  switch (loss.reason) {
    case "timeout":
      return {
        code: RuntimeErrorCode.TimedOut,
        message: `the task timed out after ${loss.limitMs} ms; worker ${worker} was killed`,
        origin: "SYSTEM",
        recoverable: true,
      };
    case "memory":
      return {
        code: RuntimeErrorCode.OutOfMemory,
        message:
          `the task exceeded its memory limit of ${loss.limitMb} MiB: it grew the worker's resident memory by ` +
          `${loss.rssMb - loss.baselineMb} MiB (measured RSS ${loss.rssMb} MiB, ${loss.baselineMb} MiB when the ` +
          `attempt started); worker ${worker} was killed (OOMKilled)`,
        origin: "USER",
        recoverable: true,
      };
    case "crash": {
      const how = loss.signal ? `was killed by ${loss.signal}` : `exited with code ${loss.code ?? "?"}`;
      const said = loss.tail ? `:\n${lastLines(loss.tail)}` : "";
      if (HEAP_OOM.test(loss.tail)) {
        const limit = loss.heapLimitMb === undefined ? "" : ` of ${loss.heapLimitMb} MiB (--max-old-space-size)`;
        const rss = loss.rssMb === undefined ? "" : `, last measured RSS ${loss.rssMb} MiB`;
        return {
          code: RuntimeErrorCode.OutOfMemory,
          message: `the task ran out of heap memory (OOMKilled): the worker's heap limit${limit} was reached${rss}; worker ${worker} ${how}${said}`,
          origin: "USER",
          recoverable: true,
        };
      }
      return {
        code: RuntimeErrorCode.WorkerCrashed,
        message: `worker ${worker} ${how} while running the task${said}`,
        origin: "SYSTEM",
        recoverable: true,
      };
    }
    case "aborted":
      return {
        code: RuntimeErrorCode.Aborted,
        message: `the attempt was aborted: ${loss.why}`,
        origin: "SYSTEM",
        recoverable: false,
      };
    case "failed":
      return {
        code: RuntimeErrorCode.Unknown,
        message: `worker ${worker} could not record the attempt: ${loss.message}`,
        origin: "SYSTEM",
        recoverable: true,
      };
    default: {
      const never: never = loss;
      throw new Error(`unknown loss ${JSON.stringify(never)}`);
    }
  }
}
