import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@connectrpc/connect";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage, launchPlan, t, task, workflow } from "@flyte-ts/sdk";
import type { RunningServer } from "@flyte-ts/server";
import { grpcClient, registerFixtures, start } from "../../server/test/server-fixture.js";

export { waitFor, PD } from "../../server/test/server-fixture.js";

/** Workflow names the server fixtures register (module `test.fixtures.tasks`). */
export const FIX = "test.fixtures.tasks";

/** A yearly schedule (never fires during a test) whose kickoff time is the workflow's input. */
const stamp = task({ inputs: { at: t.datetime }, outputs: t.string }, ({ at }) => at.toISOString());
const stampWf = workflow({ inputs: { at: t.datetime }, outputs: t.string }, ({ at }) => stamp({ at }));
const yearly = launchPlan(stampWf, { name: "yearly_stamp", schedule: { cron: "0 0 1 1 *", kickoffInput: "at" } });

/** Takes a file: `create execution --input f=./local.txt` uploads it through the data proxy. */
const lineCount = task({ inputs: { f: t.file() }, outputs: t.int }, () => 0);
const fileWf = workflow({ inputs: { f: t.file() }, outputs: t.int }, ({ f }) => lineCount({ f }));

/** Fills project, domain and version into every identifier of a message, as registration tools do. */
function hydrate<T extends object>(message: T, project: string, domain: string, version: string): T {
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || v instanceof Uint8Array) continue;
    const o = v as Record<string, unknown>;
    if (o.$typeName === "flyteidl.core.Identifier") {
      if (o.project === "") o.project = project;
      if (o.domain === "") o.domain = domain;
      if (o.version === "") o.version = version;
      continue;
    }
    stack.push(...(Array.isArray(v) ? (v as unknown[]) : Object.values(o)));
  }
  return message;
}

async function registerScheduled(client: Client<typeof AdminService>, version: string): Promise<void> {
  const pkg = await buildPackage([
    { modulePath: "test/scheduled.ts", exports: { stamp, stampWf, yearly, lineCount, fileWf } },
  ]);
  const pd = ["flytesnacks", "development", version] as const;
  for (const e of pkg.entries) {
    if (e.kind === "task") {
      const spec = hydrate(e.message, ...pd);
      await client.createTask({ id: spec.template?.id, spec });
    } else if (e.kind === "workflow") {
      const spec = hydrate(e.message, ...pd);
      await client.createWorkflow({ id: spec.template?.id, spec });
    } else {
      const lp = hydrate(e.message, ...pd);
      await client.createLaunchPlan({ id: lp.id, spec: lp.spec });
    }
  }
}

export interface NounsServer {
  readonly server: RunningServer;
  readonly client: Client<typeof AdminService>;
  /** Env for `runCli`: FLYTE_ENDPOINT of this server, a HOME without a config file. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real `flyte start` server on a loopback port (SQLite and file:// storage in a temp dir), with
 * the server test fixtures registered at versions v1 and v2 and a scheduled launch plan at v1.
 */
export async function startNounsServer(): Promise<NounsServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "flyte-cli-nouns-"));
  const home = mkdtempSync(join(tmpdir(), "flyte-cli-home-"));
  const server = await start(dataDir);
  const client = grpcClient(server.url);
  await registerFixtures(client, "v1");
  await registerFixtures(client, "v2");
  await registerScheduled(client, "v1");
  return {
    server,
    client,
    env: { FLYTE_ENDPOINT: server.url, HOME: home },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A loopback port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const addr = srv.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
