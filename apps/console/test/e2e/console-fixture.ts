import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { literalMap, literals } from "@flyte-ts/idl";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { loadServerConfig, startServer, type RunningServer } from "../../../server/src/index.js";
import { CONSOLE_DIR } from "./browser.js";
import { launch, registerExamples, waitForExecution } from "./examples.js";

const REPO = join(CONSOLE_DIR, "../../");

export interface ConsoleFixture {
  readonly server: RunningServer;
  readonly client: Client<typeof AdminService>;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A real `flyte start` server (SQLite + file:// in a temp dir, TS tasks run from the repo) with
 * the SDK examples registered and a few executions run: finished ones for the pages and one
 * waiting on a signal (running) to terminate.
 */
export async function startConsoleFixture(): Promise<ConsoleFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "flyte-console-e2e-"));
  const config = loadServerConfig({
    overrides: { port: 0, dataDir, engine: { codeRoot: REPO, workers: 2 } },
    home: tmpdir(),
    cwd: REPO,
  });
  const server = await startServer({ config });
  const client = createClient(AdminService, createGrpcTransport({ baseUrl: server.url }));
  await registerExamples(client);
  await launch(
    client,
    "basic-one",
    "examples.basic-workflow.basicWorkflow",
    literalMap({ a: literals.integer(3), b: literals.string("hello ") }),
  );
  await launch(client, "branch-one", "examples.conditions.multiplier", literalMap({ myInput: literals.float(5) }));
  await launch(client, "branch-fail", "examples.conditions.multiplier", literalMap({ myInput: literals.float(20) }));
  await launch(client, "sub-one", "examples.subworkflows.parentWf", literalMap({ a: literals.integer(1) }));
  await launch(
    client,
    "map-one",
    "examples.map-task.myMapWorkflow",
    literalMap({ a: literals.collection([1, 2, 3, 4].map((n) => literals.integer(n))) }),
  );
  await launch(client, "gate-one", "examples.gates.reportingWf", literalMap({ data: literals.string("q3") }));
  for (const name of ["basic-one", "branch-one", "branch-fail", "sub-one", "map-one"])
    await waitForExecution(client, name);
  await waitForExecution(client, "gate-one", (e) => e.closure?.phase === Phase.RUNNING);
  return {
    server,
    client,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
