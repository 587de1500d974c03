import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import react from "@vitejs/plugin-react";
import { build } from "vite";
import { CONSOLE_DIR } from "./browser.js";

const IDL = join(CONSOLE_DIR, "../../packages/idl/src/");

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds `apps/console/dist` with Vite's JS API when it is missing or older than the sources. */
export async function ensureConsoleBuilt(): Promise<string> {
  const dist = join(CONSOLE_DIR, "dist");
  const index = join(dist, "index.html");
  const sources = Math.max(
    newestMtime(join(CONSOLE_DIR, "src")),
    newestMtime(join(CONSOLE_DIR, "index.html")),
    newestMtime(join(CONSOLE_DIR, "vite.config.ts")),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return dist;
  await build({ root: CONSOLE_DIR, configFile: join(CONSOLE_DIR, "vite.config.ts"), logLevel: "warn" });
  return dist;
}

/** Builds the graph/timeline harness page (src/graph/harness) into `outDir`. */
export async function buildHarness(outDir: string): Promise<void> {
  await build({
    root: join(CONSOLE_DIR, "src/graph/harness"),
    configFile: false,
    base: "./",
    logLevel: "warn",
    plugins: [react()],
    resolve: {
      alias: [
        { find: /^@flyte-ts\/idl\/gen\/(.*)$/, replacement: `${IDL}gen/$1.ts` },
        { find: /^@flyte-ts\/idl$/, replacement: `${IDL}index.ts` },
      ],
    },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  });
}
