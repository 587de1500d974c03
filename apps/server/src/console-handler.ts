import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExtraHandler } from "@flyte-ts/admin";

export interface ConsoleHandlerOptions {
  /** The console's build output (`apps/console/dist`); looked up on every request, so a later build is served. */
  distDir: string;
  /** URL prefix. Default `/console`. */
  prefix?: string;
}

/** Where `npm run build` puts the console, relative to this file (src/ or dist/ of apps/server). */
export const defaultConsoleDist = (): string => fileURLToPath(new URL("../../console/dist", import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flyte console</title></head>
<body><h1>Flyte console</h1><p>console not built: run npm run build</p></body></html>
`;

/** Vite names bundled files `name-<hash>.ext` under `assets/`; those never change, so they are cached forever. */
const isHashedAsset = (rel: string) => /^assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(rel);

/**
 * Serves the web console: files of `distDir` under `/console/`, the SPA's `index.html` for any
 * other path under it (client-side routes), and `/` → `/console/` once the console is built.
 * Without a build, `/console` answers a page saying how to build it.
 */
export function createConsoleHandler(options: ConsoleHandlerOptions): ExtraHandler {
  const prefix = options.prefix ?? "/console";
  const root = normalize(options.distDir);
  return async (req, res) => {
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") return false;
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const built = existsSync(join(root, "index.html"));
    if (path === "/") {
      if (!built) return false;
      res.writeHead(302, { location: `${prefix}/` });
      res.end();
      return true;
    }
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return false;
    if (!built) {
      res.writeHead(503, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      if (method === "HEAD") res.end();
      else res.end(NOT_BUILT);
      return true;
    }
    if (path === prefix) {
      res.writeHead(301, { location: `${prefix}/` });
      res.end();
      return true;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(path.slice(prefix.length + 1));
    } catch {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("bad path\n");
      return true;
    }
    const file = normalize(join(root, rel));
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    if (inside && rel !== "" && (await isFile(file))) {
      await sendFile(res, file, method, isHashedAsset(rel) ? "public, max-age=31536000, immutable" : "no-cache");
      return true;
    }
    if (rel.startsWith("assets/")) {
      // A missing bundle file is a stale page asking for an old build, not a client-side route.
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return true;
    }
    await sendFile(res, join(root, "index.html"), method, "no-cache");
    return true;
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function sendFile(
  res: Parameters<ExtraHandler>[1],
  file: string,
  method: string,
  cacheControl: string,
): Promise<void> {
  const body = await readFile(file);
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": String(body.length),
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
  });
  if (method === "HEAD") res.end();
  else res.end(body);
}
