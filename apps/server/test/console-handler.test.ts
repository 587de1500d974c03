import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRpcServer, type RpcServer } from "@flyte-ts/admin";
import { createConsoleHandler } from "../src/console-handler.js";

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: "manual", ...init });

describe("console handler on a loopback server", () => {
  const dist = mkdtempSync(join(tmpdir(), "console-dist-"));
  const missing = join(dist, "nope");
  let built: RpcServer;
  let bare: RpcServer;

  beforeAll(async () => {
    mkdirSync(join(dist, "assets"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>console</title><div id=root></div>");
    writeFileSync(join(dist, "assets", "index-Abc123_x.js"), "console.log(1)");
    writeFileSync(join(dist, "assets", "index-Zz9Yy8Xx.css"), "body{}");
    writeFileSync(join(dist, "favicon.svg"), "<svg/>");
    writeFileSync(join(dist, "secret.txt"), "x");
    built = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [],
      extraHandlers: [createConsoleHandler({ distDir: dist })],
    });
    bare = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      services: [],
      extraHandlers: [createConsoleHandler({ distDir: missing })],
    });
  });
  afterAll(async () => {
    await built.close();
    await bare.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it("serves index.html at /console/ without long caching", async () => {
    const r = await get(`${built.url}/console/`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.headers.get("cache-control")).toBe("no-cache");
    expect(await r.text()).toContain("<div id=root>");
  });

  it("serves hashed assets with immutable caching and their content types", async () => {
    const js = await get(`${built.url}/console/assets/index-Abc123_x.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(await js.text()).toBe("console.log(1)");
    const css = await get(`${built.url}/console/assets/index-Zz9Yy8Xx.css`);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const svg = await get(`${built.url}/console/favicon.svg`);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("cache-control")).toBe("no-cache");
  });

  it("falls back to index.html for client-side routes, but 404s a missing asset", async () => {
    const r = await get(`${built.url}/console/projects/p/domains/development/executions/abc`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("<div id=root>");
    expect((await get(`${built.url}/console/assets/gone-12345678.js`)).status).toBe(404);
  });

  it("never serves files outside the dist folder", async () => {
    const r = await get(`${built.url}/console/..%2F..%2Fetc%2Fpasswd`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("<div id=root>");
  });

  it("redirects / and /console to /console/ when built", async () => {
    const root = await get(`${built.url}/`);
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/console/");
    const bareConsole = await get(`${built.url}/console`);
    expect(bareConsole.headers.get("location")).toBe("/console/");
  });

  it("leaves other paths to the server", async () => {
    expect((await get(`${built.url}/healthz`)).status).toBe(200);
    expect((await get(`${built.url}/consoles`)).status).toBe(404);
  });

  it("says how to build the console when dist is missing", async () => {
    const r = await get(`${bare.url}/console/executions`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain("console not built: run npm run build");
    expect((await get(`${bare.url}/`)).status).toBe(404);
  });
});
