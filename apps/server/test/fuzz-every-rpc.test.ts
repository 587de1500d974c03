/**
 * Throws thousands of generated and mutated requests at every unary RPC of every service the
 * server exposes (AdminService, DataProxyService, SignalService, IdentityService, DataCatalog), over Connect with binary and JSON bodies, then checks that nothing answered an
 * internal error, the process still serves, and the database is consistent.
 */
import type { DescService } from "@bufbuild/protobuf";
import Sqlite from "better-sqlite3";
import { connect as http2Connect } from "node:http2";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { literals, literalMap } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { IdentityService } from "@flyte-ts/idl/gen/flyteidl/service/identity_pb";
import { SignalService } from "@flyte-ts/idl/gen/flyteidl/service/signal_pb";
import { DataCatalog } from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { RunningServer } from "../src/index.js";
import { mutate, randomRequestBytes, rng, type Vocabulary } from "./fuzz-support.js";
import { grpcClient, newDataDir, PD, registerFixtures, start, waitFor, WF } from "./server-fixture.js";

const SEED = 20261201;
const GENERATED_PER_METHOD = 30;
const MUTATED_PER_METHOD = 15;
const SERVICES: readonly DescService[] = [AdminService, DataProxyService, SignalService, IdentityService, DataCatalog];

/** Connect error codes a server may answer a bad request with; anything else is a bug. */
const CLIENT_CODES = new Set([
  "invalid_argument",
  "not_found",
  "already_exists",
  "failed_precondition",
  "out_of_range",
  "resource_exhausted",
  "permission_denied",
  "unauthenticated",
  "aborted",
  "canceled",
]);

const vocabulary: Vocabulary = {
  strings: [
    "",
    PD.project,
    PD.domain,
    "production",
    "v1",
    "seed",
    `${WF}.quad`,
    `${WF}.double`,
    "quad_lp",
    "y",
    "n0",
    "end-node",
    "x".repeat(300),
    "../../etc/passwd",
    "eq(phase,SUCCEEDED)",
    "gte(created_at,2020-01-01T00:00:00Z)+eq(",
    "file:///tmp/x",
    "flyte://v1/flytesnacks/development/seed/n0/i",
    "s3://bucket/key",
    "ünïcødé ✓",
    "a\u0000b",
    "DESCENDING",
    "created_at",
  ],
};

let server: RunningServer;
let dataDir: string;
const errors: unknown[] = [];

beforeAll(async () => {
  dataDir = newDataDir();
  server = await start(dataDir, errors);
  const client = grpcClient(server.url);
  await registerFixtures(client, "v1");
  await client.createExecution({
    ...PD,
    name: "seed",
    spec: { launchPlan: { resourceType: ResourceType.LAUNCH_PLAN, ...PD, name: `${WF}.quad`, version: "v1" } },
    inputs: literalMap({ x: literals.integer(3) }),
  });
  await waitFor(client, "seed");
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Outcome {
  service: string;
  method: string;
  status: number;
  code: string;
  message: string;
}

async function send(service: DescService, method: string, body: Uint8Array, json: boolean): Promise<Outcome> {
  const res = await fetch(`${server.url}/${service.typeName}/${method}`, {
    method: "POST",
    headers: { "content-type": json ? "application/json" : "application/proto" },
    body,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  let code = "ok";
  let message = "";
  if (res.status !== 200) {
    try {
      const e = JSON.parse(new TextDecoder().decode(bytes)) as { code?: string; message?: string };
      code = e.code ?? `http ${res.status}`;
      message = e.message ?? "";
    } catch {
      code = `http ${res.status}`;
    }
  }
  return { service: service.name, method, status: res.status, code, message };
}

/** Malformed Connect JSON bodies. */
const JSON_GARBAGE = [
  "{",
  "[]",
  "null",
  '{"id": 5}',
  '{"limit": "many"}',
  '{"unknownField": 1}',
  '{"id": {"name": {}}}',
];

describe("every RPC under generated and mutated requests", () => {
  it("answers only OK or client errors, stays healthy, and keeps the database consistent", async () => {
    const next = rng(SEED);
    const outcomes: Outcome[] = [];
    const jobs: (() => Promise<Outcome>)[] = [];
    for (const service of SERVICES) {
      for (const method of service.methods) {
        if (method.methodKind !== "unary") continue; // streaming RPCs are exercised elsewhere
        for (let i = 0; i < GENERATED_PER_METHOD; i++) {
          const bytes = randomRequestBytes(method.input, next, vocabulary);
          jobs.push(() => send(service, method.name, bytes, false));
          if (i < MUTATED_PER_METHOD) {
            const mutated = mutate(bytes, next);
            jobs.push(() => send(service, method.name, mutated, false));
          }
        }
        for (const g of JSON_GARBAGE) jobs.push(() => send(service, method.name, new TextEncoder().encode(g), true));
      }
    }
    // A few clients at once, as a real server sees them.
    let at = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (at < jobs.length) {
          const job = jobs[at++]!;
          const o = await job();
          outcomes.push(o);
        }
      }),
    );
    expect(outcomes.length).toBeGreaterThan(2000);
    const bad = outcomes.filter((o) => o.code !== "ok" && !CLIENT_CODES.has(o.code));
    const real = bad;
    const summary = [...new Set(real.map((o) => `${o.service}.${o.method}: ${o.code} ${o.message.slice(0, 120)}`))];
    expect(summary.slice(0, 20), `${real.length} bad answers`).toEqual([]);
    expect(errors).toEqual([]);

    // Healthy: health check, metrics and a normal RPC still work.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const client = grpcClient(server.url);
    const seed = await client.getExecution({ id: { ...PD, name: "seed" } });
    expect(seed.closure?.phase).toBe(Phase.SUCCEEDED);
    const data = await client.getExecutionData({ id: { ...PD, name: "seed" } });
    expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(12));

    // Consistent: SQLite's own check, every listed execution and launch plan resolves, and no launch
    // plan has two active versions.
    const db = new Sqlite(join(dataDir, "flyte.db"), { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
    } finally {
      db.close();
    }
    const projects = await client.listProjects({ limit: 100 });
    for (const p of projects.projects) {
      for (const d of p.domains) {
        const id = { project: p.id, domain: d.id };
        const executions = await client.listExecutions({ id, limit: 1000 });
        for (const e of executions.executions) await client.getExecution({ id: e.id });
        const lps = await client.listLaunchPlanIds({ ...id, limit: 1000 });
        for (const name of lps.entities) {
          const versions = await client.listLaunchPlans({ id: { ...id, name: name.name }, limit: 1000 });
          for (const lp of versions.launchPlans) await client.getWorkflow({ id: lp.spec?.workflowId });
          expect(
            versions.launchPlans.filter((lp) => lp.closure?.state === LaunchPlanState.ACTIVE).length,
          ).toBeLessThanOrEqual(1);
        }
      }
    }
  }, 300_000);

  it("answers a gRPC request whose body is not the method's message with INVALID_ARGUMENT naming the type", async () => {
    const session = http2Connect(server.url);
    try {
      const garbage = Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]);
      const frame = new Uint8Array(5 + garbage.length);
      new DataView(frame.buffer).setUint32(1, garbage.length);
      frame.set(garbage, 5);
      const status = await new Promise<{ code: string; message: string }>((resolve, reject) => {
        const req = session.request({
          ":method": "POST",
          ":path": "/flyteidl.service.AdminService/GetTask",
          "content-type": "application/grpc",
          te: "trailers",
        });
        let headers: Record<string, unknown> = {};
        req.on("response", (h) => (headers = h));
        req.on("trailers", (t: Record<string, unknown>) => (headers = { ...headers, ...t }));
        req.on("data", () => undefined);
        req.on("end", () =>
          resolve({
            code: String(headers["grpc-status"]),
            message: decodeURIComponent(String(headers["grpc-message"])),
          }),
        );
        req.on("error", reject);
        req.end(frame);
      });
      expect(status.code).toBe("3");
      expect(status.message).toContain("flyteidl.admin.ObjectGetRequest");
    } finally {
      session.close();
    }
  });
});
