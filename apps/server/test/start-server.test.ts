import { rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { SignalService } from "@flyte-ts/idl/gen/flyteidl/service/signal_pb";
import { literals, literalMap } from "@flyte-ts/idl";
import { WorkflowExecutionGetDataResponseSchema } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { CatalogCacheStatus } from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import {
  NodeExecution_Phase as NodePhase,
  WorkflowExecution_Phase as Phase,
} from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { createRepositories, openDatabase } from "@flyte-ts/admin";
import { afterAll, describe, expect, it } from "vitest";
import { loadServerConfig, startServer } from "../src/index.js";
import { grpcClient, newDataDir, PD, registerFixtures, SERVER_ROOT, start, waitFor, WF } from "./server-fixture.js";

const lp = (name: string) => ({ resourceType: ResourceType.LAUNCH_PLAN, ...PD, name, version: "v1" });
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("startServer: admin + engine in one process on one port", { timeout: 90_000 }, () => {
  it("registers, runs a TS workflow on the worker pool and serves its outputs over gRPC and REST", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const errors: unknown[] = [];
    const server = await start(dir, errors);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const client = grpcClient(server.url);
      await registerFixtures(client, "v1");
      await client.createExecution({
        ...PD,
        name: "quad-three",
        spec: { launchPlan: lp(`${WF}.quad`) },
        inputs: literalMap({ x: literals.integer(3) }),
      });
      const done = await waitFor(client, "quad-three");
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const res = await fetch(`${server.url}/api/v1/data/executions/${PD.project}/${PD.domain}/quad-three`, {
        headers: { accept: "application/octet-stream" },
      });
      expect(res.status).toBe(200);
      const data = fromBinary(WorkflowExecutionGetDataResponseSchema, new Uint8Array(await res.arrayBuffer()));
      expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(12));
      const listed = await fetch(
        `${server.url}/api/v1/executions/${PD.project}/${PD.domain}?filters=eq(phase,SUCCEEDED)&limit=10`,
      );
      const json = (await listed.json()) as { executions: { id: { name: string } }[] };
      expect(json.executions.map((e) => e.id.name)).toEqual(["quad-three"]);
      const base = `${server.url}/api/v1`;
      const ex = `${PD.project}/${PD.domain}/quad-three`;
      const nodes = (await (await fetch(`${base}/node_executions/${ex}`)).json()) as {
        node_executions: { id: { node_id: string } }[];
      };
      expect(nodes.node_executions.map((n) => n.id.node_id)).toEqual(expect.arrayContaining(["n0", "n1"]));
      const node = (await (await fetch(`${base}/node_executions/${ex}/n1`)).json()) as { closure: { phase: string } };
      expect(node.closure.phase).toBe("SUCCEEDED");
      const attempts = (await (await fetch(`${base}/task_executions/${ex}/n1`)).json()) as {
        task_executions: { id: { task_id: { name: string; version: string } } }[];
      };
      const taskId = attempts.task_executions[0]?.id.task_id;
      expect(taskId?.name).toBe(`${WF}.double`);
      const attemptPath = `${ex}/n1/${PD.project}/${PD.domain}/${taskId?.name ?? ""}/${taskId?.version ?? ""}/0`;
      const attempt = (await (await fetch(`${base}/task_executions/${attemptPath}`)).json()) as {
        closure: { phase: string };
      };
      expect(attempt.closure.phase).toBe("SUCCEEDED");
      const attemptData = (await (await fetch(`${base}/data/task_executions/${attemptPath}`)).json()) as {
        full_outputs: { literals: { o0: { scalar: { primitive: { integer: string } } } } };
      };
      expect(attemptData.full_outputs.literals.o0.scalar.primitive.integer).toBe("12");
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a launch-plan node's child is a real execution (CHILD_WORKFLOW) linked to its parent node", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const errors: unknown[] = [];
    const server = await start(dir, errors);
    try {
      const client = grpcClient(server.url);
      await registerFixtures(client, "v1");
      await client.createExecution({
        ...PD,
        name: "parent-one",
        spec: { launchPlan: lp(`${WF}.viaLaunchPlan`) },
        inputs: literalMap({ x: literals.integer(2) }),
      });
      const done = await waitFor(client, "parent-one");
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const out = await client.getExecutionData({ id: { ...PD, name: "parent-one" } });
      expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(8));
      const children = await client.listExecutions({ id: PD, filters: "eq(mode,CHILD_WORKFLOW)", limit: 10 });
      expect(children.executions).toHaveLength(1);
      const child = children.executions[0];
      expect(child?.spec?.metadata?.parentNodeExecution?.executionId?.name).toBe("parent-one");
      expect(child?.spec?.metadata?.nesting).toBe(1);
      expect(Phase[child?.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const node = await client.getNodeExecution({ id: { executionId: { ...PD, name: "parent-one" }, nodeId: "n0" } });
      expect(node.closure?.targetMetadata).toMatchObject({
        case: "workflowNodeMetadata",
        value: { executionId: { name: child?.id?.name } },
      });
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("over REST: terminate (DELETE) cascades to the child execution; relaunch (POST) starts again", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const server = await start(dir);
    try {
      const client = grpcClient(server.url);
      await registerFixtures(client, "v1");
      await client.createExecution({
        ...PD,
        name: "parent-nap",
        spec: { launchPlan: lp(`${WF}.parentOfNap`) },
        inputs: literalMap({ ms: literals.integer(60_000) }),
      });
      const deadline = Date.now() + 15_000;
      let childName = "";
      while (childName === "") {
        const children = await client.listExecutions({ id: PD, filters: "eq(mode,CHILD_WORKFLOW)+eq(phase,RUNNING)" });
        childName = children.executions[0]?.id?.name ?? "";
        if (Date.now() > deadline) throw new Error("the child never ran");
        await new Promise((r) => setTimeout(r, 25));
      }
      const del = await fetch(`${server.url}/api/v1/executions/${PD.project}/${PD.domain}/parent-nap`, {
        method: "DELETE",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ cause: "stop it" }),
      });
      expect(del.status).toBe(200);
      const parent = await waitFor(client, "parent-nap");
      expect(Phase[parent.closure?.phase ?? 0]).toBe("ABORTED");
      const child = await waitFor(client, childName);
      expect(Phase[child.closure?.phase ?? 0]).toBe("ABORTED");
      const again = await fetch(`${server.url}/api/v1/executions/relaunch`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: { ...PD, name: "parent-nap" }, name: "parent-nap-2" }),
      });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { id: { name: string } }).id.name).toBe("parent-nap-2");
      await client.terminateExecution({ id: { ...PD, name: "parent-nap-2" }, cause: "cleanup" });
      await waitFor(client, "parent-nap-2");
    } finally {
      await server.close();
    }
  });

  it("on start, admin rows that missed engine events (a crash between the two) catch up from the engine's log", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const first = await start(dir);
    const client = grpcClient(first.url);
    await registerFixtures(client, "v1");
    await client.createExecution({
      ...PD,
      name: "quad-lost",
      spec: { launchPlan: lp(`${WF}.quad`) },
      inputs: literalMap({ x: literals.integer(1) }),
    });
    await waitFor(client, "quad-lost");
    await first.close();
    // Simulate lost reports: admin still thinks the execution and its last node are running.
    const db = await openDatabase({ dialect: "sqlite", dataDir: dir });
    const repos = createRepositories(db.db);
    const id = { ...PD, name: "quad-lost" };
    await repos.executions.update(id, { phase: "RUNNING" });
    await repos.nodeExecutions.update({ executionId: id, nodeId: "n1" }, { phase: "RUNNING" });
    await db.close();
    const second = await start(dir);
    try {
      expect(second.reconciled).toBe(1);
      const again = grpcClient(second.url);
      const e = await again.getExecution({ id });
      expect(Phase[e.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const n1 = await again.getNodeExecution({ id: { executionId: id, nodeId: "n1" } });
      expect(NodePhase[n1.closure?.phase ?? 0]).toBe("SUCCEEDED");
    } finally {
      await second.close();
    }
  });

  it("on start, an execution admin stored but the engine never received is handed to the engine", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const first = await start(dir);
    const client = grpcClient(first.url);
    await registerFixtures(client, "v1");
    await client.createExecution({
      ...PD,
      name: "quad-seed",
      spec: { launchPlan: lp(`${WF}.quad`) },
      inputs: literalMap({ x: literals.integer(5) }),
    });
    await waitFor(client, "quad-seed");
    await first.close();
    // Simulate a crash after admin stored the row and before the engine got it.
    const db = await openDatabase({ dialect: "sqlite", dataDir: dir });
    const repos = createRepositories(db.db);
    const seed = await repos.executions.get({ ...PD, name: "quad-seed" });
    await repos.executions.create({
      ...seed,
      id: { ...PD, name: "quad-orphan" },
      phase: "QUEUED",
      startedAt: null,
      durationMs: null,
      closure: new Uint8Array(),
    });
    await db.close();
    const second = await start(dir);
    try {
      expect(second.reconciled).toBe(1);
      const again = grpcClient(second.url);
      const done = await waitFor(again, "quad-orphan");
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const data = await again.getExecutionData({ id: { ...PD, name: "quad-orphan" } });
      expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(20));
    } finally {
      await second.close();
    }
  });

  it("a gate waits for its signal: ListSignals shows it, SetSignal type-checks and wakes it", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const server = await start(dir);
    try {
      const client = grpcClient(server.url);
      const signals = createClient(SignalService, createGrpcTransport({ baseUrl: server.url }));
      await registerFixtures(client, "v1");
      const id = { ...PD, name: "gated-one" };
      await client.createExecution({ ...PD, name: id.name, spec: { launchPlan: lp(`${WF}.gated`) } });
      const deadline = Date.now() + 10_000;
      for (;;) {
        const list = await signals.listSignals({ workflowExecutionId: id, limit: 10 });
        if (list.signals.some((s) => s.id?.signalId === "y")) break;
        if (Date.now() > deadline) throw new Error("the gate never asked for its signal");
        await new Promise((r) => setTimeout(r, 25));
      }
      const wrong = await signals
        .setSignal({ id: { executionId: id, signalId: "y" }, value: literals.string("no") })
        .then(
          () => undefined,
          (e: unknown) => ConnectError.from(e),
        );
      expect(wrong?.code).toBe(Code.InvalidArgument);
      expect(wrong?.rawMessage).toContain("signal y expects");
      await signals.setSignal({ id: { executionId: id, signalId: "y" }, value: literals.integer(21) });
      const done = await waitFor(client, id.name);
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const out = await client.getExecutionData({ id });
      expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(42));
    } finally {
      await server.close();
    }
  });

  it("caching uses the control plane's catalog: a second run hits, also after a restart", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const run = async (url: string, name: string) => {
      const client = grpcClient(url);
      await client.createExecution({
        ...PD,
        name,
        spec: { launchPlan: lp(`${WF}.squareWf`) },
        inputs: literalMap({ n: literals.integer(7) }),
      });
      const done = await waitFor(client, name);
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const out = await client.getExecutionData({ id: { ...PD, name } });
      expect(out.fullOutputs?.literals.o0).toEqual(literals.integer(49));
      const node = await client.getNodeExecution({ id: { executionId: { ...PD, name }, nodeId: "n0" } });
      const meta = node.closure?.targetMetadata;
      return meta?.case === "taskNodeMetadata" ? CatalogCacheStatus[meta.value.cacheStatus] : "none";
    };
    const first = await start(dir);
    try {
      await registerFixtures(grpcClient(first.url), "v1");
      expect(await run(first.url, "square-1")).toBe("CACHE_POPULATED");
      expect(await run(first.url, "square-2")).toBe("CACHE_HIT");
    } finally {
      await first.close();
    }
    const second = await start(dir);
    try {
      expect(await run(second.url, "square-3")).toBe("CACHE_HIT");
    } finally {
      await second.close();
    }
  });

  it("notifications: a platform webhook from the YAML config receives the execution's terminal phase", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const received: string[] = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    const port = (hook.address() as AddressInfo).port;
    const config = loadServerConfig({
      overrides: {
        port: 0,
        dataDir: dir,
        engine: { codeRoot: SERVER_ROOT },
        notifications: { webhooks: [{ url: `http://127.0.0.1:${port}/hook` }] },
      },
      home: dir,
      cwd: SERVER_ROOT,
    });
    const server = await startServer({ config });
    try {
      const client = grpcClient(server.url);
      await registerFixtures(client, "v1");
      await client.createExecution({
        ...PD,
        name: "notify-me",
        spec: { launchPlan: lp(`${WF}.quad`) },
        inputs: literalMap({ x: literals.integer(1) }),
      });
      await waitFor(client, "notify-me");
      const deadline = Date.now() + 10_000;
      while (!received.some((b) => b.includes("notify-me") && b.includes("succeeded")) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(
        received.some((b) => b.includes("notify-me") && b.includes("succeeded")),
        received.join("\n"),
      ).toBe(true);
    } finally {
      await server.close();
      hook.close();
    }
    const bad = loadServerConfig({
      overrides: { port: 0, dataDir: dir, notifications: { smtp: { host: "" } } },
      home: dir,
      cwd: SERVER_ROOT,
    });
    await expect(startServer({ config: bad })).rejects.toThrow(/smtp.host is required/);
  });

  it("close drains; a restart on the same data dir resumes the unfinished execution to the end", async () => {
    const dir = newDataDir();
    dirs.push(dir);
    const shutdownErrors: unknown[] = [];
    const first = await start(dir, shutdownErrors);
    const client = grpcClient(first.url);
    await registerFixtures(client, "v1");
    await client.createExecution({
      ...PD,
      name: "nap-one",
      spec: { launchPlan: lp(`${WF}.napThenDouble`) },
      inputs: literalMap({ ms: literals.integer(1500) }),
    });
    await waitFor(client, "nap-one", (e) => e.closure?.phase === Phase.RUNNING);
    await first.close();
    const second = await start(dir);
    try {
      expect(second.resumed).toBe(1);
      // Draining with a task running reported nothing (no event hit a closed database).
      expect(shutdownErrors).toEqual([]);
      const again = grpcClient(second.url);
      const done = await waitFor(again, "nap-one");
      expect(Phase[done.closure?.phase ?? 0]).toBe("SUCCEEDED");
      const data = await again.getExecutionData({ id: { ...PD, name: "nap-one" } });
      expect(data.fullOutputs?.literals.o0).toEqual(literals.integer(3000));
    } finally {
      await second.close();
    }
  });
});
