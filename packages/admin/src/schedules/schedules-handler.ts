import type { ExtraHandler } from "../transport/server.js";
import type { Scheduler } from "./scheduler.js";

const PATH = /^\/api\/v1\/schedules\/([^/]+)\/([^/]+)\/?$/;
const DEFAULT_COUNT = 5;
const MAX_COUNT = 100;

type Response = Parameters<ExtraHandler>[1];

function send(res: Response, status: number, body: unknown, head: boolean): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
  });
  if (head) res.end();
  else res.end(text);
}

/**
 * `GET /api/v1/schedules/{project}/{domain}[?count=N]`: the active scheduled launch plans of a
 * project/domain with their next N fire times (default 5, at most 100), last launched fire time
 * and catch-up policy, as `{ project, domain, schedulerRunning, catchUp, maxCatchUp, schedules }`
 * (see `ScheduleView`). A bad `count` is 400 with `{ error }`.
 */
export function createSchedulesHandler(options: {
  scheduler: Scheduler;
  onError?: (error: unknown, where: string) => void;
}): ExtraHandler {
  const scheduler = options.scheduler;
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const m = PATH.exec(url.pathname);
    if (!m) return false;
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      send(res, 405, { error: `${method} is not allowed; use GET` }, false);
      return true;
    }
    const head = method === "HEAD";
    let project: string;
    let domain: string;
    try {
      project = decodeURIComponent(m[1] ?? "");
      domain = decodeURIComponent(m[2] ?? "");
    } catch {
      send(res, 400, { error: "the project or domain in the path is not valid percent-encoding" }, head);
      return true;
    }
    const countText = url.searchParams.get("count");
    const count = countText === null ? DEFAULT_COUNT : Number(countText);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
      send(
        res,
        400,
        { error: `count must be an integer from 1 to ${MAX_COUNT}, got ${JSON.stringify(countText)}` },
        head,
      );
      return true;
    }
    let schedules;
    try {
      schedules = await scheduler.describe({ project, domain }, count);
    } catch (e) {
      options.onError?.(e, "GET /api/v1/schedules");
      send(res, 500, { error: "internal error" }, head);
      return true;
    }
    send(
      res,
      200,
      {
        project,
        domain,
        schedulerRunning: scheduler.started,
        catchUp: scheduler.catchUp,
        maxCatchUp: scheduler.maxCatchUp,
        schedules,
      },
      head,
    );
    return true;
  };
}
