import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { create, equals, fromBinary, fromJson, toBinary, type JsonValue } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { WorkflowPhase } from "@flyte-ts/core";
import {
  ExecutionClosureSchema,
  ExecutionListSchema,
  ExecutionSchema,
  ExecutionSpecSchema,
  type Execution,
} from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { ResourceListRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { FileStore } from "@flyte-ts/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAdminManagers,
  createAdminServices,
  createExecutionServices,
  createRepositories,
  openDatabase,
  startRpcServer,
  withTransaction,
  type Database,
  type ExecutionServices,
  type RpcServer,
} from "../../src/index.js";
import { toExecution, toExecutionList } from "../../src/managers/execution-transformers.js";
import type { ExecutionModel } from "../../src/persistence/repositories/execution-rows.js";
import { hasStoredFields, useStoredEncoding } from "../../src/transport/stored-fields.js";

const PD = { project: "flytesnacks", domain: "development" };
const T0 = Date.UTC(2026, 0, 1);

const spec = create(ExecutionSpecSchema, {
  launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: "lp", version: "v1" },
  metadata: { principal: "alice", nesting: 2 },
  labels: { values: { team: "ml" } },
  maxParallelism: 7,
  tags: ["t1"],
});
// The stored closure says QUEUED; the rows below are RUNNING and FAILED (the row's phase wins).
const closure = create(ExecutionClosureSchema, {
  phase: WorkflowPhase.QUEUED,
  createdAt: timestampFromMs(T0),
  updatedAt: timestampFromMs(T0),
  workflowId: { resourceType: ResourceType.WORKFLOW, ...PD, name: "wf", version: "v1" },
});

function model(name: string, phase: string, at: number): ExecutionModel {
  return {
    id: { ...PD, name },
    phase,
    launchPlanId: { ...PD, name: "lp", version: "v1" },
    workflowId: { ...PD, name: "wf", version: "v1" },
    taskName: "",
    mode: 0,
    principal: "alice",
    parentNodeExecution: null,
    referenceExecution: null,
    cluster: "",
    startedAt: null,
    durationMs: null,
    createdAt: at,
    updatedAt: at,
    state: 0,
    spec: toBinary(ExecutionSpecSchema, spec),
    closure: toBinary(ExecutionClosureSchema, closure),
    errorKind: "",
    errorCode: "",
    inputsUri: "",
    userInputsUri: "",
    tags: ["t1"],
  };
}

function expected(name: string, phase: WorkflowPhase): Execution {
  return create(ExecutionSchema, {
    id: { ...PD, name },
    spec,
    closure: { ...closure, phase },
  });
}

describe("executions read back with their stored spec and closure bytes", () => {
  let dir: string;
  let database: Database;
  let server: RpcServer;
  let executions: ExecutionServices;
  const clients: Record<string, Client<typeof AdminService>> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "flyte-stored-fields-"));
    database = await openDatabase({ dialect: "sqlite", dataDir: dir });
    const repositories = createRepositories(database.db);
    const transaction = <T>(fn: (r: typeof repositories) => Promise<T>) => withTransaction(database.db, fn);
    const managers = createAdminManagers({ repositories, transaction });
    const root = pathToFileURL(join(dir, "blobs")).href;
    executions = createExecutionServices({
      repositories,
      transaction,
      managers,
      blobs: new FileStore({ root }),
      storagePrefix: root,
      launcher: { launch: () => Promise.resolve(), abort: () => Promise.resolve() },
    });
    const services = await createAdminServices({
      repositories,
      transaction,
      managers,
      extraAdminRpcs: executions.impl,
    });
    server = await startRpcServer({ host: "127.0.0.1", port: 0, services });
    await repositories.executions.create(model("a1", "RUNNING", T0));
    await repositories.executions.create(model("a2", "FAILED", T0 + 1000));
    const baseUrl = server.url;
    clients.grpc = createClient(AdminService, createGrpcTransport({ baseUrl }));
    clients["grpc-web binary"] = createClient(
      AdminService,
      createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true }),
    );
    clients["grpc-web json"] = createClient(
      AdminService,
      createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false }),
    );
    clients["connect binary"] = createClient(
      AdminService,
      createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true }),
    );
    clients["connect json"] = createClient(
      AdminService,
      createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false }),
    );
  });

  afterAll(async () => {
    await server.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const protocol of ["grpc", "grpc-web binary", "grpc-web json", "connect binary", "connect json"]) {
    it(`GetExecution and ListExecutions over ${protocol}: full spec, closure with the row's phase`, async () => {
      const client = clients[protocol]!;
      const got = await client.getExecution({ id: { ...PD, name: "a1" } });
      expect(equals(ExecutionSchema, got, expected("a1", WorkflowPhase.RUNNING))).toBe(true);
      const list = await client.listExecutions({ id: PD, limit: 10 });
      expect(list.executions.map((e) => e.id?.name)).toEqual(["a2", "a1"]);
      expect(equals(ExecutionSchema, list.executions[0]!, expected("a2", WorkflowPhase.FAILED))).toBe(true);
      expect(equals(ExecutionSchema, list.executions[1]!, expected("a1", WorkflowPhase.RUNNING))).toBe(true);
    });
  }

  it("REST (JSON through the gateway) and in-process callers see the same executions", async () => {
    const res = await fetch(`${server.url}/api/v1/executions/${PD.project}/${PD.domain}/a2`);
    expect(res.status).toBe(200);
    const rest = fromJson(ExecutionSchema, (await res.json()) as JsonValue);
    expect(equals(ExecutionSchema, rest, expected("a2", WorkflowPhase.FAILED))).toBe(true);
    const direct = await executions.queries.listExecutions(create(ResourceListRequestSchema, { id: PD, limit: 10 }));
    expect(
      equals(
        ExecutionListSchema,
        direct,
        create(ExecutionListSchema, {
          executions: [expected("a2", WorkflowPhase.FAILED), expected("a1", WorkflowPhase.RUNNING)],
        }),
      ),
    ).toBe(true);
  });
});

describe("setStoredField", () => {
  it("a read decodes once and forgets the stored bytes: later changes are what gets encoded", () => {
    const e = toExecution(model("m1", "SUCCEEDED", T0));
    expect(hasStoredFields(e)).toBe(true);
    expect(e.closure?.phase).toBe(WorkflowPhase.SUCCEEDED);
    e.closure!.phase = WorkflowPhase.ABORTED;
    const back = fromBinary(ExecutionSchema, toBinary(ExecutionSchema, useStoredEncoding(e)));
    expect(back.closure?.phase).toBe(WorkflowPhase.ABORTED);
    expect(equals(ExecutionSpecSchema, back.spec!, spec)).toBe(true);
  });

  it("unread fields go out as the stored bytes, decoding to the same message as a full decode", () => {
    const e = toExecution(model("m2", "RUNNING", T0));
    const list = create(ExecutionListSchema, { executions: [e], token: "t" });
    const wire = useStoredEncoding(list);
    expect(wire.executions[0]?.spec).toBeUndefined();
    expect(hasStoredFields(e)).toBe(true);
    const back = fromBinary(ExecutionListSchema, toBinary(ExecutionListSchema, wire));
    expect(back.token).toBe("t");
    expect(equals(ExecutionSchema, back.executions[0]!, expected("m2", WorkflowPhase.RUNNING))).toBe(true);
    // The message itself is unchanged: reading it still decodes the stored fields.
    expect(equals(ExecutionSchema, e, expected("m2", WorkflowPhase.RUNNING))).toBe(true);
  });

  it("a page goes out as one block of stored bytes and decodes to the full executions", () => {
    const page = toExecutionList([model("p1", "RUNNING", T0), model("p2", "ABORTED", T0)], "100");
    const wire = useStoredEncoding(page);
    expect(wire.executions).toEqual([]);
    const back = fromBinary(ExecutionListSchema, toBinary(ExecutionListSchema, wire));
    const want = create(ExecutionListSchema, {
      executions: [expected("p1", WorkflowPhase.RUNNING), expected("p2", WorkflowPhase.ABORTED)],
      token: "100",
    });
    expect(equals(ExecutionListSchema, back, want)).toBe(true);
    // Read in process (or for JSON), the same page is made of ordinary executions.
    expect(equals(ExecutionListSchema, page, want)).toBe(true);
    const empty = toExecutionList([], "");
    expect(toBinary(ExecutionListSchema, useStoredEncoding(empty))).toEqual(new Uint8Array());
  });

  it("assigning a field replaces the stored one", () => {
    const e = toExecution(model("m3", "RUNNING", T0));
    e.spec = create(ExecutionSpecSchema, { maxParallelism: 3 });
    const back = fromBinary(ExecutionSchema, toBinary(ExecutionSchema, useStoredEncoding(e)));
    expect(back.spec?.maxParallelism).toBe(3);
    expect(back.closure?.phase).toBe(WorkflowPhase.RUNNING);
  });
});
