import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadServerConfig, startServer, type RunningServer } from "@flyte-ts/server";

/** The repository root: examples/ lives here (the CLI's working directory in the tests). */
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
 * a loopback port. Its code root is empty: TypeScript tasks run only from fast-registered bundles.
 */
export async function startTestServer(port = 0): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "flyte-cli-remote-"));
  const home = mkdtempSync(join(tmpdir(), "flyte-cli-home-"));
  // An empty code root: TypeScript tasks can only run from the code bundles the CLI uploads.
  const codeRoot = mkdtempSync(join(tmpdir(), "flyte-cli-code-"));
  const config = loadServerConfig({
    overrides: { port, host: "127.0.0.1", dataDir, engine: { codeRoot, workers: 2 } },
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
      rmSync(codeRoot, { recursive: true, force: true });
    },
  };
}

/**
 * A folder outside the repository holding one module `wf.ts` with `source`, and a
 * `node_modules` link to the repository's (so `@flyte-ts/sdk` resolves; bundles leave it out).
 */
export function tempModule(source: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "flyte-cli-module-"));
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "wf.ts"), source);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A workflow that fails (after logging a line), and one that sleeps: for failure, logs and terminate tests. */
export const FAILING_AND_SLEEPING = `import { t, task, workflow } from "@flyte-ts/sdk";

export const explode = task({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => {
  console.log("about to explode with n =", n);
  throw new Error(\`boom: \${n} is too big\`);
});
export const failingWf = workflow({ inputs: { n: t.int }, outputs: t.int }, ({ n }) => explode({ n }));

export const nap = task({ inputs: { seconds: t.int }, outputs: t.string }, async ({ seconds }) => {
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return "rested";
});
export const sleepyWf = workflow({ inputs: { seconds: t.int }, outputs: t.string }, ({ seconds }) => nap({ seconds }));
`;
