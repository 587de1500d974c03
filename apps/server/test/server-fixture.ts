import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { buildPackage, type ModuleExports } from "@flyte-ts/sdk";
import { loadServerConfig, startServer, type RunningServer } from "../src/index.js";
import * as tasks from "./fixtures/tasks.js";

export const PD = { project: "flytesnacks", domain: "development" };
export const SERVER_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const WF = "test.fixtures.tasks";

export const newDataDir = (): string => mkdtempSync(join(tmpdir(), "flyte-server-"));

/** `startServer` on a loopback port over `dataDir`, with TS tasks resolved from this package. */
export async function start(dataDir: string, errors: unknown[] = []): Promise<RunningServer> {
  const config = loadServerConfig({
    overrides: { port: 0, dataDir, engine: { codeRoot: SERVER_ROOT, workers: 2 } },
    home: tmpdir(),
    cwd: SERVER_ROOT,
  });
  return startServer({ config, onError: (e) => errors.push(e) });
}

export const grpcClient = (url: string): Client<typeof AdminService> =>
  createClient(AdminService, createGrpcTransport({ baseUrl: url }));

/** Fills project, domain and version into every entity identifier of a message (as `flytectl register` does). */
function hydrate<T extends object>(message: T, version: string): T {
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || v instanceof Uint8Array) continue;
    const o = v as Record<string, unknown>;
    if (o.$typeName === "flyteidl.core.Identifier") {
      if (o.project === "") o.project = PD.project;
      if (o.domain === "") o.domain = PD.domain;
      if (o.version === "") o.version = version;
      continue;
    }
    stack.push(...(Array.isArray(v) ? (v as unknown[]) : Object.values(o)));
  }
  return message;
}

/** Registers the entities of fixture modules (default `test/fixtures/tasks.ts`) under `version`. */
export async function registerFixtures(
  client: Client<typeof AdminService>,
  version: string,
  modules: readonly ModuleExports[] = [{ modulePath: "test/fixtures/tasks.ts", exports: tasks }],
): Promise<void> {
  const pkg = await buildPackage(modules);
  for (const e of pkg.entries) {
    if (e.kind === "task") {
      const spec = hydrate(e.message, version);
      await client.createTask({ id: spec.template?.id, spec });
    } else if (e.kind === "workflow") {
      const spec = hydrate(e.message, version);
      await client.createWorkflow({ id: spec.template?.id, spec });
    } else {
      const lp = hydrate(e.message, version);
      await client.createLaunchPlan({ id: lp.id, spec: lp.spec });
    }
  }
}

const TERMINAL = new Set([Phase.SUCCEEDED, Phase.FAILED, Phase.ABORTED, Phase.TIMED_OUT]);

export async function waitFor(
  client: Client<typeof AdminService>,
  name: string,
  until: (e: Execution) => boolean = (e) => TERMINAL.has(e.closure?.phase ?? Phase.UNDEFINED),
  timeoutMs = 20_000,
): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await client.getExecution({ id: { ...PD, name } });
    if (until(e)) return e;
    if (Date.now() > deadline) throw new Error(`${name} still ${Phase[e.closure?.phase ?? 0]} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
