/** Caching (flytesnacks `task_cache`, `task_cache_serialize`): versioned cache, serialized runs, ignored inputs. */
import { t, task, workflow } from "@flyte-ts/sdk";

export const square = task(
  {
    inputs: { n: t.int },
    outputs: t.int,
    cache: { version: "1.0" },
    description: "Cached: same n, same version → no rerun",
  },
  ({ n }) => n * n,
);

export const squareSerialized = task(
  { inputs: { n: t.int }, outputs: t.int, cache: { version: "1.0", serialize: true } },
  ({ n }) => n * n,
);

export const withRunId = task(
  { inputs: { n: t.int, runId: t.string }, outputs: t.int, cache: { version: "2", ignoreInputs: ["runId"] } },
  ({ n }) => n + 1,
);

export const cachedWf = workflow({ inputs: { n: t.int, runId: t.string }, outputs: t.int }, ({ n, runId }) =>
  withRunId({ n: squareSerialized({ n: square({ n }) }), runId }),
);
