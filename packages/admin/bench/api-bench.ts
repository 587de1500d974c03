/**
 * Control-plane API benchmark: `npm run bench:api [-- --out FILE] [-- --seed N] [-- --clients N]
 * [-- --seconds S] [-- --runs R] [-- --warmup S] [-- --mix create=200,list=20,get=100] [-- --dbs sqlite,postgres] [-- --only CreateExecution] [-- --profile DIR]`.
 *
 * For each database (SQLite in a temp file; PostgreSQL in a throwaway cluster on a loopback port
 * when the binaries are installed — skipped with the reason otherwise), a server process
 * (api-bench-server.ts) holds `--seed` (100,000) stored executions; this process runs `--clients`
 * concurrent gRPC clients (HTTP/2 streams, as flytekit and flytectl connect) against it:
 *  - CreateExecution of a registered launch plan (new executions, written through validation);
 *  - ListExecutions pages with filters (phase + created_at range, launch plan, newest first);
 *  - GetExecution of random stored executions;
 *  - floor: GetDomains (a full RPC round trip that touches no database), same clients;
 *  - open loop: the three at once at fixed arrival rates (`--mix`), for latency at a given load.
 * Each workload runs `--runs` times for `--seconds` after a discarded warm-up (`--warmup`, 12 s); the table shows the
 * median run (throughput, p50, p99) and throughput as a ratio of the floor's.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { literalMap, literals } from "@flyte-ts/idl";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { startPostgresCluster, type PostgresCluster } from "../test/support/postgres-cluster.js";
import { BENCH_LP, BENCH_PD, BENCH_VERSION, SEED_T0 } from "./api-bench-setup.js";
import { runLoad, type LoadResult } from "./load.js";
import { runOpenLoop, type OpenLoopResult } from "./open-loop.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const SEED = Number(arg("--seed", "100000"));
const CLIENTS = Number(arg("--clients", "32"));
const SECONDS = Number(arg("--seconds", "3"));
const RUNS = Number(arg("--runs", "3"));
const DBS = arg("--dbs", "sqlite,postgres").split(",");
const OUT = arg("--out", "");
/** `--profile DIR`: the server process writes a V8 CPU profile there (open it in Chrome DevTools). */
const PROFILE = arg("--profile", "");
/**
 * `--warmup S`: seconds of each workload run and discarded first. A fresh server process needs
 * ~15 s of creates to reach its steady rate (JIT, SQLite page cache): a 1 s warm-up measured
 * 660-870/s where the same process settles at 1,200/s.
 */
const WARMUP = Number(arg("--warmup", "12"));
/** `--mix create=R,list=R,get=R`: the open-loop phase's arrival rates per second. */
const MIX = arg("--mix", "create=200,list=20,get=100")
  .split(",")
  .map((kv) => {
    const [k, v] = kv.split("=");
    if ((k !== "create" && k !== "list" && k !== "get") || !(Number(v) > 0)) throw new Error(`bad --mix entry ${kv}`);
    return [k, Number(v)] as const;
  });
/** `--only PREFIX`: run the floor and the workloads whose name starts with PREFIX. */
const ONLY = arg("--only", "");

type Admin = Client<typeof AdminService>;

interface Workload {
  name: string;
  call: (client: Admin, i: number, run: number) => Promise<unknown>;
}

const SPAN_MS = SEED * 1000;
const lpId = { resourceType: ResourceType.LAUNCH_PLAN, ...BENCH_PD, name: BENCH_LP, version: BENCH_VERSION };
let uniq = 0;

const WORKLOADS: Workload[] = [
  { name: "floor: GetDomains", call: (c) => c.getDomains({}) },
  {
    name: "CreateExecution",
    call: (c) =>
      c.createExecution({
        ...BENCH_PD,
        name: `b${(uniq++).toString(36)}${process.pid.toString(36)}`,
        spec: { launchPlan: lpId },
        inputs: literalMap({ x: literals.integer(uniq) }),
      }),
  },
  {
    name: "ListExecutions (filters)",
    call: (c, i) => {
      const at = SEED_T0 + ((i * 7919) % Math.max(SEED, 1)) * 1000;
      const pages = [
        { filters: `eq(phase,SUCCEEDED)+gte(created_at,${new Date(at).toISOString()})`, limit: 100 },
        { filters: `eq(launch_plan.name,lp.${i % 10})`, limit: 100 },
        { filters: "", limit: 100 },
        {
          filters: `gte(created_at,${new Date(at).toISOString()})+lt(created_at,${new Date(at + SPAN_MS / 10).toISOString()})`,
          limit: 100,
        },
      ];
      const page = pages[i % pages.length]!;
      return c.listExecutions({ id: BENCH_PD, ...page, sortBy: { key: "created_at", direction: 0 } });
    },
  },
  {
    name: "GetExecution",
    call: (c, i) => c.getExecution({ id: { ...BENCH_PD, name: `s${(i * 104729) % Math.max(SEED, 1)}` } }),
  },
];

interface ServerHandle {
  url: string;
  seedMs: number;
  child: ChildProcess;
  /** The server process's CPU time so far, µs. */
  cpuUs(): Promise<number>;
}

async function startBenchServer(pgUrl?: string): Promise<ServerHandle> {
  const script = fileURLToPath(new URL("./api-bench-server.ts", import.meta.url));
  const profile = PROFILE ? ["--cpu-prof", "--cpu-prof-dir", PROFILE] : [];
  const args = [...profile, "--import", "tsx", script, "--seed", String(SEED), ...(pgUrl ? ["--postgres", pgUrl] : [])];
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" };
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"], env });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const ready = JSON.parse(first) as { url: string; seedMs: number };
  const cpuUs = () =>
    new Promise<number>((resolve) => {
      lines.once("line", (l) => resolve((JSON.parse(l) as { cpuUs: number }).cpuUs));
      child.stdin?.write("cpu\n");
    });
  return { url: ready.url, seedMs: ready.seedMs, child, cpuUs };
}

async function stopBenchServer(h: ServerHandle): Promise<void> {
  const exited = new Promise((r) => h.child.once("exit", r));
  h.child.stdin?.end();
  await exited;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

interface Row {
  db: string;
  workload: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Server CPU time per request (user + system), µs: independent of what else the machine runs. */
  serverCpuUs: number;
  ofFloor: number;
  runs: (LoadResult | OpenLoopResult)[];
}

async function benchDatabase(db: string, pgUrl?: string): Promise<Row[]> {
  process.stderr.write(`[${db}] starting the server and seeding ${SEED} executions...\n`);
  const server = await startBenchServer(pgUrl);
  process.stderr.write(`[${db}] seeded in ${(server.seedMs / 1000).toFixed(1)} s\n`);
  const clients = Array.from({ length: CLIENTS }, () =>
    createClient(AdminService, createGrpcTransport({ baseUrl: server.url })),
  );
  const rows: Row[] = [];
  try {
    for (const w of WORKLOADS.filter((x, i) => i === 0 || !ONLY || x.name.startsWith(ONLY))) {
      await runLoad({ clients, seconds: WARMUP, call: w.call, run: -1 }); // warm-up, discarded
      const runs: LoadResult[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const before = await server.cpuUs();
        runs.push(await runLoad({ clients, seconds: SECONDS, call: w.call, run: r }));
        cpu.push((await server.cpuUs()) - before);
        process.stderr.write(`[${db}] ${w.name}: run ${r + 1}/${RUNS} ${runs.at(-1)!.perSecond.toFixed(0)}/s\n`);
      }
      const perSecond = median(runs.map((x) => x.perSecond));
      rows.push({
        db,
        workload: w.name,
        perSecond,
        p50Ms: median(runs.map((x) => x.p50Ms)),
        p99Ms: median(runs.map((x) => x.p99Ms)),
        errors: runs.reduce((n, x) => n + x.errors, 0),
        serverCpuUs: median(runs.map((x, k) => (cpu[k] ?? 0) / Math.max(x.calls, 1))),
        ofFloor: perSecond / (rows[0]?.perSecond ?? perSecond),
        runs,
      });
    }
    if (!ONLY || ONLY.startsWith("open")) rows.push(...(await openLoop(db, server, clients, rows[0]?.perSecond)));
  } finally {
    await stopBenchServer(server);
  }
  return rows;
}

/**
 * The three workloads at once at fixed arrival rates (`--mix create=200,list=20,get=100`): latency at
 * a given load, where a closed loop of 32 clients measures mostly its own queue.
 */
async function openLoop(db: string, server: ServerHandle, clients: readonly Admin[], floor = 1): Promise<Row[]> {
  const byKey = { create: "CreateExecution", list: "ListExecutions (filters)", get: "GetExecution" } as const;
  const streams = MIX.map(([key, perSecond]) => {
    const w = WORKLOADS.find((x) => x.name === byKey[key]);
    if (!w) throw new Error(`no workload ${key}`);
    return {
      name: `open loop: ${w.name} at ${perSecond}/s`,
      perSecond,
      call: (c: Admin, i: number) => w.call(c, i, 99),
    };
  });
  const runs: OpenLoopResult[][] = [];
  const cpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const before = await server.cpuUs();
    runs.push(await runOpenLoop({ clients, seconds: SECONDS, streams }));
    cpu.push((await server.cpuUs()) - before);
    process.stderr.write(`[${db}] open loop: run ${r + 1}/${RUNS}\n`);
  }
  return streams.map((s, k) => {
    const mine = runs.map((r) => r[k]!);
    const perSecond = median(mine.map((x) => x.perSecond));
    return {
      db,
      workload: s.name,
      perSecond,
      p50Ms: median(mine.map((x) => x.p50Ms)),
      p99Ms: median(mine.map((x) => x.p99Ms)),
      errors: mine.reduce((n, x) => n + x.errors, 0),
      // The server's CPU per request of the whole mix.
      serverCpuUs: median(
        runs.map(
          (r, i) =>
            (cpu[i] ?? 0) /
            Math.max(
              1,
              r.reduce((n, x) => n + x.perSecond * SECONDS, 0),
            ),
        ),
      ),
      ofFloor: perSecond / floor,
      runs: mine,
    };
  });
}

function table(rows: readonly Row[]): string {
  const head = ["db", "workload", "req/s", "p50 ms", "p99 ms", "× floor", "server CPU µs/req", "errors"];
  const body = rows.map((r) => [
    r.db,
    r.workload,
    r.perSecond.toFixed(0),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    r.ofFloor.toFixed(2),
    r.serverCpuUs.toFixed(0),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const skipped: Record<string, string> = {};
  if (DBS.includes("sqlite")) rows.push(...(await benchDatabase("sqlite")));
  if (DBS.includes("postgres")) {
    const started = await startPostgresCluster();
    if (!started.ok) {
      skipped.postgres = started.reason;
      process.stderr.write(`[postgres] skipped: ${started.reason}\n`);
    } else {
      const cluster: PostgresCluster = started.cluster;
      try {
        rows.push(...(await benchDatabase("postgres", cluster.url)));
      } finally {
        cluster.stop();
      }
    }
  }
  process.stdout.write(
    `\nAPI benchmark: ${SEED} stored executions, ${CLIENTS} concurrent gRPC clients, median of ${RUNS} × ${SECONDS} s\n`,
  );
  process.stdout.write(`${table(rows)}\n`);
  process.stdout.write(`targets: CreateExecution ≥ 1000/s, ListExecutions p99 ≤ 20 ms\n`);
  process.stdout.write(
    "closed loop: every client calls again as soon as it is answered (throughput; latency is mostly the queue of 32);\n" +
      "open loop: calls arrive at fixed rates, all three workloads at once (latency at that load)\n",
  );
  if (OUT) {
    writeFileSync(
      OUT,
      `${JSON.stringify({ seed: SEED, clients: CLIENTS, seconds: SECONDS, runs: RUNS, rows, skipped }, null, 2)}\n`,
    );
    process.stdout.write(`wrote ${OUT}\n`);
  }
}

await main();
