import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  NodeExecutionEventRequestSchema,
  TaskExecutionEventRequestSchema,
  WorkflowExecutionEventRequestSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/event_pb";
import {
  NodeExecution_Phase as NodePhase,
  TaskExecution_Phase as TaskPhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { resolveAdminConfig, type ManagerContext } from "../../src/managers/admin-config.js";
import type { EventManager } from "../../src/managers/event-manager.js";
import { openDatabase, type Database } from "../../src/persistence/database.js";
import { createRepositories, withTransaction } from "../../src/persistence/repositories.js";

export const PD = { project: "flytesnacks", domain: "development" };

/** A real loopback HTTP receiver that answers 503 to every `failEvery`-th request (and can be switched off). */
export interface Receiver {
  url: string;
  /** Bodies it acknowledged with 200, in arrival order. */
  accepted: Record<string, unknown>[];
  contentTypes: string[];
  refused: number;
  down: boolean;
  close(): Promise<void>;
}

export async function startReceiver(failEvery: number): Promise<Receiver> {
  let n = 0;
  const r: Receiver = {
    url: "",
    accepted: [],
    contentTypes: [],
    refused: 0,
    down: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      n++;
      if (r.down || (failEvery > 0 && n % failEvery === 0)) {
        r.refused++;
        res.writeHead(503).end("try later");
        return;
      }
      r.contentTypes.push(req.headers["content-type"] ?? "");
      r.accepted.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return r;
}

export interface AdminDb {
  dir: string;
  database: Database;
  context: ManagerContext;
  close(): Promise<void>;
}

/** A fresh admin database: SQLite in a temp dir, or the PostgreSQL database at `postgresUrl`. */
export async function openAdminDb(postgresUrl?: string): Promise<AdminDb> {
  const dir = mkdtempSync(join(tmpdir(), "flyte-egress-"));
  const database = postgresUrl
    ? await openDatabase({ dialect: "postgres", url: postgresUrl, maxConnections: 8 })
    : await openDatabase({ dialect: "sqlite", dataDir: dir });
  const repositories = createRepositories(database.db);
  const context: ManagerContext = {
    repositories,
    transaction: (fn) => withTransaction(database.db, fn),
    config: resolveAdminConfig(),
    now: Date.now,
  };
  return {
    dir,
    database,
    context,
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An execution row nobody runs: the test plays the engine. */
export async function queuedExecution(db: AdminDb, name: string): Promise<void> {
  const now = Date.now();
  await db.context.repositories.executions.create({
    id: { ...PD, name },
    phase: "QUEUED",
    launchPlanId: { ...PD, name: "lp", version: "v1" },
    workflowId: { ...PD, name: "wf", version: "v1" },
    taskName: "",
    mode: 0,
    principal: "test",
    parentNodeExecution: null,
    referenceExecution: null,
    cluster: "",
    startedAt: null,
    durationMs: null,
    createdAt: now,
    updatedAt: now,
    state: 0,
    spec: new Uint8Array(),
    closure: new Uint8Array(),
    errorKind: "",
    errorCode: "",
    inputsUri: "",
    userInputsUri: "",
    tags: [],
  });
}

/** The events of one execution's life, in the order the engine sends them (9 events). */
export async function runExecution(events: EventManager, name: string): Promise<void> {
  const executionId = { ...PD, name };
  const at = () => timestampFromMs(Date.now());
  const wf = (phase: Phase) =>
    events.workflowEvent(
      create(WorkflowExecutionEventRequestSchema, { event: { executionId, phase, producerId: "e", occurredAt: at() } }),
    );
  const nodeId = { executionId, nodeId: "n0" };
  const node = (phase: NodePhase) =>
    events.nodeEvent(
      create(NodeExecutionEventRequestSchema, {
        event: { id: nodeId, phase, producerId: "e", specNodeId: "n0", occurredAt: at() },
      }),
    );
  const taskId = { resourceType: ResourceType.TASK, ...PD, name: "t", version: "v1" };
  const task = (phase: TaskPhase) =>
    events.taskEvent(
      create(TaskExecutionEventRequestSchema, {
        event: { taskId, parentNodeExecutionId: nodeId, retryAttempt: 0, phase, producerId: "e", occurredAt: at() },
      }),
    );
  await wf(Phase.RUNNING);
  await node(NodePhase.QUEUED);
  await node(NodePhase.RUNNING);
  await task(TaskPhase.QUEUED);
  await task(TaskPhase.RUNNING);
  await task(TaskPhase.SUCCEEDED);
  await node(NodePhase.SUCCEEDED);
  await wf(Phase.SUCCEEDING);
  await wf(Phase.SUCCEEDED);
}

export const EVENTS_PER_EXECUTION = 9;

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
