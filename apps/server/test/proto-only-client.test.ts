/**
 * A Flyte client built only from the flyteidl `.proto` files — @grpc/grpc-js + @grpc/proto-loader
 * for gRPC, protobufjs for binary REST bodies; none of our generated code — registers a Flyte
 * package written by Flyte's Python SDK (the shared conformance entities) and one written by our
 * SDK, launches the SDK example, waits for it and reads its outputs. Once over gRPC, once over
 * REST with `application/octet-stream` bodies.
 *
 * The protos are those of the @flyteorg/flyteidl package as the build prepares them
 * (packages/idl/.protos: the same files with the OpenAPI options, which need protoc plugins'
 * descriptors, commented out).
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPackage, writePackageDir } from "@flyte-ts/sdk";
import * as basicWorkflow from "../../../examples/basic-workflow.js";
import { loadServerConfig, startServer, type RunningServer } from "../src/index.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const PROTOS = join(REPO, "packages/idl/.protos");
const CONFORMANCE = join(REPO, "../shared/conformance/flyte-compiler/snacks-core");
const PD = { project: "flytesnacks", domain: "development" };

/** Plain-object messages as proto-loader and protobufjs `toObject` produce them. */
type Obj = Record<string, unknown>;
type Unary = (req: Obj, cb: (err: grpc.ServiceError | null, res: Obj) => void) => void;

const CONVERSION = { longs: String, enums: String, defaults: true, oneofs: true } as const;

let root: protobuf.Root;
let server: RunningServer;
let dataDir: string;
let sdkPackageDir: string;

beforeAll(async () => {
  root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTOS, target);
  root.loadSync(["flyteidl/service/admin.proto"], { keepCase: false });
  root.resolveAll();
  dataDir = await mkdtemp(join(tmpdir(), "flyte-proto-client-"));
  // The SDK example's package, as `flyte package examples/basic-workflow.ts` writes it.
  sdkPackageDir = join(dataDir, "sdk-package");
  const pkg = await buildPackage([{ modulePath: "examples/basic-workflow.ts", exports: { ...basicWorkflow } }]);
  await writePackageDir(pkg.entries, sdkPackageDir);
  const config = loadServerConfig({
    overrides: { port: 0, dataDir: join(dataDir, "server"), engine: { codeRoot: REPO, workers: 2 } },
    home: tmpdir(),
    cwd: REPO,
  });
  server = await startServer({ config });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The package files of a folder, in Flyte's order (`_1` tasks, `_2` workflows, `_3` launch plans). */
function packageFiles(dir: string): { kind: "task" | "workflow" | "launchPlan"; bytes: Uint8Array; file: string }[] {
  const kinds = { "1": "task", "2": "workflow", "3": "launchPlan" } as const;
  return readdirSync(dir)
    .filter((f) => /_[123]\.pb$/.test(f))
    .map((file) => ({
      kind: kinds[file.slice(-4, -3) as "1" | "2" | "3"],
      bytes: readFileSync(join(dir, file)),
      file,
    }))
    .sort((a, b) => order(a.kind) - order(b.kind) || a.file.localeCompare(b.file));
}
const order = (k: string) => (k === "task" ? 0 : k === "workflow" ? 1 : 2);

function decode(typeName: string, bytes: Uint8Array): Obj {
  const type = root.lookupType(typeName);
  return type.toObject(type.decode(bytes), CONVERSION);
}

function encode(typeName: string, object: Obj): Uint8Array {
  const type = root.lookupType(typeName);
  return type.encode(type.fromObject(object)).finish();
}

/** Fills project, domain and version into every identifier, as `flytectl register files` does. */
function hydrate(message: Obj, version: string): Obj {
  const stack: unknown[] = [message];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || v instanceof Uint8Array) continue;
    const o = v as Obj;
    if (typeof o.resourceType === "string" && "name" in o && "version" in o) {
      if (o.project === "") o.project = PD.project;
      if (o.domain === "") o.domain = PD.domain;
      if (o.version === "") o.version = version;
      continue;
    }
    stack.push(...(Array.isArray(v) ? (v as unknown[]) : Object.values(o)));
  }
  return message;
}

/** The create request of one package file, as plain objects. */
function createRequest(entry: ReturnType<typeof packageFiles>[number], version: string): { method: string; req: Obj } {
  switch (entry.kind) {
    case "task": {
      const spec = hydrate(decode("flyteidl.admin.TaskSpec", entry.bytes), version);
      return { method: "CreateTask", req: { id: (spec.template as Obj).id, spec } };
    }
    case "workflow": {
      const spec = hydrate(decode("flyteidl.admin.WorkflowSpec", entry.bytes), version);
      return { method: "CreateWorkflow", req: { id: (spec.template as Obj).id, spec } };
    }
    case "launchPlan": {
      const lp = hydrate(decode("flyteidl.admin.LaunchPlan", entry.bytes), version);
      return { method: "CreateLaunchPlan", req: { id: lp.id, spec: lp.spec } };
    }
  }
}

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT"]);

/** The requests the scenario makes, independent of the protocol. */
interface Caller {
  call(method: string, req: Obj): Promise<Obj>;
}

async function scenario(caller: Caller, version: string, name: string): Promise<Obj> {
  const conformance = packageFiles(CONFORMANCE);
  const sdk = packageFiles(sdkPackageDir);
  expect(conformance.length).toBeGreaterThan(50);
  for (const entry of [...conformance, ...sdk]) {
    const { method, req } = createRequest(entry, version);
    await caller.call(method, req);
  }
  // Registering the identical package again succeeds (idempotent, as Flyte's registration is).
  for (const entry of sdk) {
    const { method, req } = createRequest(entry, version);
    await caller.call(method, req);
  }
  const tasks = await caller.call("ListTasks", {
    id: { ...PD, name: "core.control_flow.chain_tasks.read" },
    limit: 10,
  });
  expect((tasks.tasks as Obj[]).map((t) => (t.id as Obj).version)).toContain(version);

  const lpName = "examples.basic-workflow.basicWorkflow";
  const inputs = {
    literals: {
      a: { scalar: { primitive: { integer: "3" } } },
      b: { scalar: { primitive: { stringValue: "hello " } } },
    },
  };
  await caller.call("CreateExecution", {
    ...PD,
    name,
    spec: { launchPlan: { resourceType: "LAUNCH_PLAN", ...PD, name: lpName, version } },
    inputs,
  });
  const deadline = Date.now() + 60_000;
  let phase = "";
  for (;;) {
    const e = await caller.call("GetExecution", { id: { ...PD, name } });
    phase = (e.closure as Obj).phase as string;
    if (TERMINAL.has(phase) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(phase).toBe("SUCCEEDED");
  return caller.call("GetExecutionData", { id: { ...PD, name } });
}

function expectOutputs(data: Obj): void {
  const literals = (data.fullOutputs as Obj).literals as Record<string, Obj>;
  const prim = (v: string) => ((literals[v]?.scalar as Obj).primitive as Obj) ?? {};
  expect(prim("o0").integer).toBe("5");
  expect(prim("o1").stringValue).toBe("hello world");
}

describe("a client built only from the flyteidl protos", () => {
  it("registers the Flyte packages, runs the SDK example and reads its outputs over gRPC (grpc-js + proto-loader)", async () => {
    const definition = protoLoader.loadSync("flyteidl/service/admin.proto", {
      includeDirs: [PROTOS],
      keepCase: false,
      ...CONVERSION,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      flyteidl: { service: { AdminService: grpc.ServiceClientConstructor } };
    };
    const target = server.url.replace(/^http:\/\//, "");
    const client = new loaded.flyteidl.service.AdminService(target, grpc.credentials.createInsecure());
    try {
      const caller: Caller = {
        call: (method, req) =>
          new Promise((resolve, reject) => {
            const fn = (client as unknown as Record<string, Unary>)[method];
            if (!fn) throw new Error(`no method ${method}`);
            fn.call(client, req, (err, res) => (err ? reject(err) : resolve(res)));
          }),
      };
      expectOutputs(await scenario(caller, "grpc-v1", "protogrpc1"));

      // A rejected request comes back as a gRPC status, not a broken connection.
      const err = await caller
        .call("GetExecution", { id: { ...PD, name: "nosuchexecution" } })
        .catch((e: unknown) => e);
      expect((err as grpc.ServiceError).code).toBe(grpc.status.NOT_FOUND);
    } finally {
      client.close();
    }
  }, 120_000);

  it("does the same over REST with binary protobuf bodies (grpc-gateway routes)", async () => {
    const service = root.lookupService("flyteidl.service.AdminService");
    const caller: Caller = {
      call: async (method, req) => {
        const m = service.methods[method];
        if (!m) throw new Error(`no method ${method}`);
        const http = (m.options ?? {}) as Record<string, string>;
        const [verb, template] = Object.entries(http)
          .filter(([k]) => k.startsWith("(google.api.http)."))
          .map(([k, v]) => [k.slice("(google.api.http).".length), v] as const)
          .find(([k]) => ["get", "post", "put", "patch", "delete"].includes(k)) ?? ["", ""];
        if (!verb) throw new Error(`${method} has no REST route`);
        const path = template.replace(/\{([^}]+)\}/g, (_, field: string) =>
          encodeURIComponent(String(field.split(".").reduce<unknown>((o, k) => (o as Obj)?.[k], req))),
        );
        const reqType = m.resolvedRequestType?.fullName.slice(1) ?? "";
        const resType = m.resolvedResponseType?.fullName.slice(1) ?? "";
        let url = `${server.url}${path}`;
        const init: RequestInit = { method: verb.toUpperCase(), headers: { accept: "application/octet-stream" } };
        if (verb === "get") {
          // Query parameters for what the path does not carry (only `limit` is needed here).
          if (typeof req.limit === "number") url += `?limit=${req.limit}`;
        } else {
          init.body = encode(reqType, req);
          init.headers = { ...init.headers, "content-type": "application/octet-stream" };
        }
        const res = await fetch(url, init);
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (!res.ok) throw new Error(`${verb.toUpperCase()} ${path}: ${res.status} ${new TextDecoder().decode(bytes)}`);
        expect(res.headers.get("content-type")).toBe("application/octet-stream");
        return decode(resType, bytes);
      },
    };
    expectOutputs(await scenario(caller, "rest-v1", "protorest1"));
  }, 120_000);
});
