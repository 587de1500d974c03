import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadServerConfig, startServer, type RunningServer } from "@flyte-ts/server";

/** The repository root: examples/ lives here, and it is the code root of the test server. */
export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const SNACKS = "/work/shared/conformance/flyte-compiler/snacks-core";

export interface TestServer {
  readonly server: RunningServer;
  /** Env for `runCli`: FLYTE_ENDPOINT of this server, no config file. */
  readonly env: Record<string, string>;
  readonly home: string;
  close(): Promise<void>;
}

/**
 * A real `flyte start` server (admin + engine, SQLite and file:// storage in a temp data dir) on
 * a loopback port, with TypeScript tasks resolved from the repository root.
 */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "flyte-cli-remote-"));
  const home = mkdtempSync(join(tmpdir(), "flyte-cli-home-"));
  const config = loadServerConfig({
    overrides: { port: 0, host: "127.0.0.1", dataDir, engine: { codeRoot: REPO_ROOT, workers: 2 } },
    home,
    cwd: REPO_ROOT,
  });
  const server = await startServer({ config });
  return {
    server,
    home,
    env: { FLYTE_ENDPOINT: server.url, HOME: home, NO_COLOR: "1" },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}
