import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const idl = fileURLToPath(new URL("../../packages/idl/src/", import.meta.url));

// The console is served by the server under /console/ (apps/server/src/console-handler.ts).
export default defineConfig({
  base: "/console/",
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@flyte-ts\/idl\/gen\/(.*)$/, replacement: `${idl}gen/$1.ts` },
      { find: /^@flyte-ts\/idl$/, replacement: `${idl}index.ts` },
    ],
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: {
    // `npm run dev -w @flyte-ts/console` against a running `flyte start` (default port 8088).
    proxy: { "/flyteidl.service": process.env.FLYTE_URL ?? "http://localhost:8088" },
  },
});
