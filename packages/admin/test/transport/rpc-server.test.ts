import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type ServiceImpl } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { NotFoundError } from "@flyte-ts/core";
import { ExecutionListSchema } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import {
  TaskCreateRequestSchema,
  TaskCreateResponseSchema,
  TaskSchema,
  type TaskCreateRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import type { ObjectGetRequest } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { GetVersionResponseSchema, VersionSchema } from "@flyte-ts/idl/gen/flyteidl/admin/version_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRpcServer, type RpcServer } from "../../src/transport/server.js";

/** A small AdminService whose answers reveal what it was asked. */
const impl: Partial<ServiceImpl<typeof AdminService>> = {
  getVersion: () =>
    create(GetVersionResponseSchema, {
      controlPlaneVersion: create(VersionSchema, { Build: "b1", Version: "v9", BuildTime: "now" }),
    }),
  getTask: (req: ObjectGetRequest) => {
    if (req.id?.name === "missing") throw new NotFoundError("task 'missing' not found");
    return create(TaskSchema, {
      id: create(IdentifierSchema, {
        resourceType: ResourceType.TASK,
        project: req.id?.project ?? "",
        domain: req.id?.domain ?? "",
        name: req.id?.name ?? "",
        version: req.id?.version ?? "",
      }),
      shortDescription: "found",
    });
  },
  createTask: (req: TaskCreateRequest) => {
    if (!req.id?.name) throw new Error("boom: a bug");
    return create(TaskCreateResponseSchema, {});
  },
  listExecutions: (req: unknown) =>
    create(ExecutionListSchema, {
      token: JSON.stringify(req, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    }),
};

describe("RPC server: one port, every protocol", () => {
  let server: RpcServer;
  const internal: unknown[] = [];
  beforeAll(async () => {
    server = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [{ service: AdminService, impl }],
      maxMessageBytes: 64 * 1024,
      onInternalError: (e) => internal.push(e),
    });
  });
  afterAll(async () => server.close());

  it("serves REST JSON with proto field names and defaults", async () => {
    const res = await fetch(`${server.url}/api/v1/version`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ control_plane_version: { Build: "b1", Version: "v9", BuildTime: "now" } });
  });

  it("serves REST binary protobuf with path parameters", async () => {
    const res = await fetch(`${server.url}/api/v1/tasks/p/d/my.task/v1`, {
      headers: { accept: "application/octet-stream" },
    });
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    const task = fromBinary(TaskSchema, new Uint8Array(await res.arrayBuffer()));
    expect(task.id).toMatchObject({ project: "p", domain: "d", name: "my.task", version: "v1" });
  });

  it("accepts binary bodies and maps errors to HTTP statuses", async () => {
    const body = toBinary(TaskCreateRequestSchema, create(TaskCreateRequestSchema, { id: { name: "t" } }));
    const ok = await fetch(`${server.url}/api/v1/tasks`, {
      method: "POST",
      body,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(ok.status).toBe(200);
    const nf = await fetch(`${server.url}/api/v1/tasks/p/d/missing/v1`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ code: Code.NotFound, message: "task 'missing' not found" });
    const bug = await fetch(`${server.url}/api/v1/tasks`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(bug.status).toBe(500);
    expect(await bug.json()).toMatchObject({ message: "internal error" });
    expect(internal.length).toBeGreaterThan(0);
  });

  it("reads query strings as Flyte clients send them", async () => {
    const q =
      "filters=eq(phase,SUCCEEDED)+gte(created_at,2024-01-01T00:00:00Z)&limit=100&token=20&sort_by.key=created_at&sort_by.direction=ASCENDING";
    const res = await fetch(`${server.url}/api/v1/executions/proj/dev?${q}`);
    expect(res.status).toBe(200);
    const echoed = JSON.parse(((await res.json()) as { token: string }).token) as Record<string, unknown>;
    expect(echoed).toMatchObject({
      id: { project: "proj", domain: "dev" },
      limit: 100,
      token: "20",
      filters: "eq(phase,SUCCEEDED)+gte(created_at,2024-01-01T00:00:00Z)",
      sortBy: { key: "created_at", direction: 1 },
    });
  });

  it("rejects bad input with a message naming what is wrong", async () => {
    const unknown = await fetch(`${server.url}/api/v1/executions/p/d?colour=red`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/unknown query parameter "colour"/);
    const badLimit = await fetch(`${server.url}/api/v1/executions/p/d?limit=ten`);
    expect(((await badLimit.json()) as { message: string }).message).toMatch(
      /parameter "limit" must be an integer, got "ten"/,
    );
    const badJson = await fetch(`${server.url}/api/v1/tasks`, {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(badJson.status).toBe(400);
    const badProto = await fetch(`${server.url}/api/v1/tasks`, {
      method: "POST",
      body: new Uint8Array([0xff, 0xff, 0xff]),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(badProto.status).toBe(400);
    const big = await fetch(`${server.url}/api/v1/tasks`, {
      method: "POST",
      body: "x".repeat(100 * 1024),
      headers: { "content-type": "application/json" },
    });
    expect(big.status).toBe(429);
    const wrongVerb = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(wrongVerb.status).toBe(404);
  });

  it.each([
    [
      "Connect JSON over HTTP/1.1",
      () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: false }),
    ],
    ["gRPC over h2c", () => createGrpcTransport({ baseUrl: server.url })],
    ["gRPC-web over HTTP/1.1", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" })],
  ])("serves %s", async (_name, transport) => {
    const client = createClient(AdminService, transport());
    const v = await client.getVersion({});
    expect(v.controlPlaneVersion?.Version).toBe("v9");
    const t = await client.getTask({ id: { project: "p", domain: "d", name: "x", version: "1" } });
    expect(t.shortDescription).toBe("found");
    const err = await client.getTask({ id: { name: "missing" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.NotFound);
    expect((err as ConnectError).rawMessage).toBe("task 'missing' not found");
    const unimplemented = await client.listTasks({}).catch((e: unknown) => e);
    expect((unimplemented as ConnectError).code).toBe(Code.Unimplemented);
  });

  it("answers health, metrics, user info and CORS preflight", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).text()).toBe("ok\n");
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/flyte_rest_requests_total\{method="GetVersion",code="ok"\} \d+/);
    expect(await (await fetch(`${server.url}/me`)).json()).toMatchObject({ subject: "local" });
    const pre = await fetch(`${server.url}/api/v1/projects`, {
      method: "OPTIONS",
      headers: {
        origin: "http://console.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "content-type",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://console.example");
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
  });
});
