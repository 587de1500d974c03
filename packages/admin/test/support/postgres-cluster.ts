import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throwaway PostgreSQL cluster for tests: `initdb` in a temp dir, `postgres` on a free loopback
 * port, trust auth for one superuser. PostgreSQL refuses to run as root, so when the tests run as
 * root the cluster is created and started as the unprivileged `postgres` user (through `runuser`).
 */
export interface PostgresCluster {
  /** `postgres://flyte@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  /** The cluster's default collation ("ICU en-US" when available). */
  readonly collation: string;
  /** The URL of another database on the same cluster. */
  urlFor(database: string): string;
  /** Stops the server and deletes the data directory. */
  stop(): void;
}

/** Either a started cluster or the reason one could not be started (printed by the caller). */
export type StartResult = { ok: true; cluster: PostgresCluster } | { ok: false; reason: string };

const USER = "flyte";

function findBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], "bin");
  }
  try {
    const found = execFileSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).trim();
    return found === "" ? undefined : found.slice(0, found.lastIndexOf("/"));
  } catch {
    return undefined;
  }
}

/** uid/gid of the `postgres` account, when we are root and must drop privileges. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const out = execFileSync("id", ["postgres"], { encoding: "utf8" });
  const uid = /uid=(\d+)/.exec(out)?.[1];
  const gid = /gid=(\d+)/.exec(out)?.[1];
  if (uid === undefined || gid === undefined) throw new Error(`cannot read the postgres account: ${out}`);
  return { uid: Number(uid), gid: Number(gid) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function describeFailure(e: unknown, logFile?: string): string {
  const err = e as { message?: string; stderr?: Buffer | string };
  const stderr = err.stderr === undefined ? "" : String(err.stderr).trim();
  const log = logFile !== undefined && existsSync(logFile) ? readFileSync(logFile, "utf8").trim() : "";
  return [err.message ?? String(e), stderr, log].filter((s) => s !== "").join("\n");
}

export interface StartOptions {
  /** Where initdb and pg_ctl are; default: the newest /usr/lib/postgresql/<v>/bin, else PATH. */
  binDir?: string;
}

/** Starts a cluster, or says why it could not. Never throws. */
export async function startPostgresCluster(options: StartOptions = {}): Promise<StartResult> {
  const bin = options.binDir ?? findBinDir();
  if (bin === undefined) {
    return { ok: false, reason: "PostgreSQL binaries (initdb, pg_ctl) not found; run scripts/install-test-deps.sh" };
  }
  let account: { uid: number; gid: number } | undefined;
  try {
    account = unprivilegedUser();
  } catch (e) {
    return { ok: false, reason: `running as root and no usable postgres account: ${describeFailure(e)}` };
  }
  const dir = mkdtempSync(join(tmpdir(), "flyte-pg-"));
  const dataDir = join(dir, "data");
  const logFile = join(dir, "server.log");
  if (account !== undefined) chownSync(dir, account.uid, account.gid);
  const run = (tool: string, args: string[]) => {
    const exe = join(bin, tool);
    const [cmd, argv] = account === undefined ? [exe, args] : ["runuser", ["-u", "postgres", "--", exe, ...args]];
    execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  };
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  // A linguistic default collation (ICU en-US), like most production clusters, so that code
  // relying on byte order without saying so fails here too; plain C.UTF-8 when ICU is missing.
  const initdb = ["-D", dataDir, "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"];
  let collation = "ICU en-US";
  try {
    try {
      run("initdb", [...initdb, "--locale-provider=icu", "--icu-locale=en-US"]);
    } catch {
      rmSync(dataDir, { recursive: true, force: true });
      collation = "C.UTF-8";
      run("initdb", initdb);
    }
  } catch (e) {
    cleanup();
    return { ok: false, reason: `initdb failed: ${describeFailure(e)}` };
  }
  const port = await freePort();
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  try {
    run("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "30", "-l", logFile, "-o", serverOptions]);
  } catch (e) {
    const reason = `pg_ctl start failed: ${describeFailure(e, logFile)}`;
    cleanup();
    return { ok: false, reason };
  }
  const urlFor = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    try {
      run("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"]);
    } finally {
      cleanup();
    }
  };
  // A test process that dies before its afterAll must not leave a server behind.
  process.on("exit", stop);
  return { ok: true, cluster: { url: urlFor("postgres"), port, collation, urlFor, stop } };
}
