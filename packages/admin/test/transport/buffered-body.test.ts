import { connect } from "node:http2";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import type { ExecutionCreateRequest } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRpcServer, type RpcServer, type ServiceBinding } from "../../src/transport/server.js";

const LIMIT = 64 * 1024;

describe("unary request bodies read in one piece", () => {
  let server: RpcServer;
  const clients: Record<string, Client<typeof AdminService>> = {};
  const seen: string[] = [];

  beforeAll(async () => {
    server = await startRpcServer({
      host: "127.0.0.1",
      port: 0,
      maxMessageBytes: LIMIT,
      services: [
        {
          service: AdminService,
          impl: {
            createExecution: (req: ExecutionCreateRequest) => {
              seen.push(req.name);
              return { id: { project: req.project, domain: req.domain, name: req.name } };
            },
          } as unknown as ServiceBinding["impl"],
        },
      ],
    });
    const baseUrl = server.url;
    clients.grpc = createClient(AdminService, createGrpcTransport({ baseUrl }));
    clients["grpc-web"] = createClient(AdminService, createGrpcWebTransport({ baseUrl, httpVersion: "1.1" }));
    clients["connect binary h2"] = createClient(
      AdminService,
      createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true }),
    );
    clients["connect json h1"] = createClient(AdminService, createConnectTransport({ baseUrl, httpVersion: "1.1" }));
  });
  afterAll(async () => server.close());

  for (const protocol of ["grpc", "grpc-web", "connect binary h2", "connect json h1"]) {
    it(`${protocol}: a body of many chunks arrives whole; one over the limit is RESOURCE_EXHAUSTED`, async () => {
      const client = clients[protocol]!;
      const big = "x".repeat(50_000); // more than one HTTP/2 DATA frame (16 KiB)
      const res = await client.createExecution({ project: "p", domain: "d", name: big });
      expect(res.id?.name).toBe(big);
      const empty = await client.createExecution({});
      expect(empty.id?.name).toBe("");
      const err = await client.createExecution({ name: "y".repeat(LIMIT + 1000) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
    });
  }

  it("a stream the client resets before the body ends is dropped without reaching the RPC", async () => {
    const before = seen.length;
    const session = connect(server.url);
    const stream = session.request({
      ":method": "POST",
      ":path": "/flyteidl.service.AdminService/CreateExecution",
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => undefined);
    // An envelope announcing 100 bytes, then only 3 of them, then a reset.
    stream.write(Buffer.from([0, 0, 0, 0, 100, 1, 2, 3]));
    await new Promise((r) => setTimeout(r, 50));
    stream.close(0x8); // CANCEL
    await new Promise((r) => setTimeout(r, 100));
    session.close();
    expect(seen.length).toBe(before);
    // The server still answers.
    const res = await clients.grpc!.createExecution({ name: "after" });
    expect(res.id?.name).toBe("after");
  });
});
