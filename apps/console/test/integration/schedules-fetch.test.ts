import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchSchedules, scheduleOf } from "../../src/api/schedules.js";

const VIEW = {
  launchPlan: { project: "p", domain: "d", name: "nightly", version: "v2" },
  type: "cron",
  expression: "0 2 * * *",
  kickoffTimeInputArg: "",
  activatedAt: "2026-12-01T10:00:00.000Z",
  nextRuns: ["2026-12-02T02:00:00.000Z", "2026-12-03T02:00:00.000Z"],
  lastSlot: "2026-12-01T02:00:00.000Z",
  lastExecution: "nightly-abc",
  lastError: null,
  catchUp: "last",
};

describe("fetchSchedules over HTTP (a loopback server answering as the schedules route, or not)", () => {
  let server: Server;
  let url = "";
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? "");
      const send = (status: number, body: string) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body);
      };
      if (req.url?.startsWith("/api/v1/schedules/p%20x/d?"))
        send(200, JSON.stringify({ schedulerRunning: true, schedules: [VIEW] }));
      else if (req.url?.startsWith("/api/v1/schedules/bad/")) send(500, JSON.stringify({ error: "internal error" }));
      else if (req.url?.startsWith("/api/v1/schedules/html/")) send(502, "<html>bad gateway</html>");
      else send(404, "not found");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("asks for count runs of an encoded project/domain", async () => {
    const s = await fetchSchedules({ baseUrl: url, project: "p x", domain: "d", count: 3 });
    expect(seen.at(-1)).toBe("/api/v1/schedules/p%20x/d?count=3");
    expect(scheduleOf(s, "nightly")?.lastExecution).toBe("nightly-abc");
  });

  it("a server without the route (404) has no scheduler running; other failures throw", async () => {
    expect(await fetchSchedules({ baseUrl: url, project: "none", domain: "d" })).toEqual({ status: "not-running" });
    await expect(fetchSchedules({ baseUrl: url, project: "bad", domain: "d" })).rejects.toThrow(
      "schedules: HTTP 500: internal error",
    );
    await expect(fetchSchedules({ baseUrl: url, project: "html", domain: "d" })).rejects.toThrow(/HTTP 502, not JSON/);
  });
});
