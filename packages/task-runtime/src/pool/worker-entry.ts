import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The script a worker process runs, and the node flags it needs. */
export interface WorkerEntry {
  readonly path: string;
  readonly execArgv: readonly string[];
}

/**
 * This package's worker: the built `worker-main.js` when running from `dist`, or the TS source
 * under tsx's loader when running from sources (tests). Either way the user's modules and
 * `@flyte-ts/*` packages resolve through node_modules.
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const tsx = createRequire(here).resolve("tsx");
    return { path: fileURLToPath(new URL("./worker-main.ts", here)), execArgv: ["--import", pathToFileURL(tsx).href] };
  }
  return { path: fileURLToPath(new URL("./worker-main.js", here)), execArgv: [] };
}
