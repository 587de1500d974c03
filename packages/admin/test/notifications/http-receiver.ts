import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered with. */
  status: number;
}

/**
 * A real HTTP server on 127.0.0.1 that records every request. `answer` picks the status of
 * each request (default 200); `failFirst(n, status)` makes the first n requests fail.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (req: Omit<ReceivedRequest, "status">, index: number) => number = () => 200;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const received = {
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        const status = this.answer(received, this.requests.length);
        this.requests.push({ ...received, status });
        res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "failure");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  failFirst(times: number, status = 500): void {
    this.answer = (_req, index) => (index < times ? status : 200);
  }

  /** Bodies parsed as JSON, of the requests that succeeded. */
  accepted(): unknown[] {
    return this.requests.filter((r) => r.status < 300).map((r) => JSON.parse(r.body) as unknown);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
