import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { NodeExecutionClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { TaskExecutionClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { LiteralMapSchema, LiteralSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ArtifactType } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { writeProto } from "@flyte-ts/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execId, execution, nodeExecution, taskExecution } from "../persistence/contract/fixtures.js";
import { startDataProxy, type DataProxyFixture } from "./data-proxy-fixture.js";

const int = (n: number): Literal =>
  create(LiteralSchema, {
    value: {
      case: "scalar",
      value: { value: { case: "primitive", value: { value: { case: "integer", value: BigInt(n) } } } },
    },
  });
const litMap = (values: Record<string, number>) =>
  create(LiteralMapSchema, { literals: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, int(v)])) });

async function failure(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("expected the RPC to fail");
}

/**
 * A finished execution as the engine leaves it: node and attempt rows in the database, their
 * inputs/outputs/deck in file:// storage at the URIs the events reported.
 */
describe("DataProxyService.GetData and CreateDownloadLink on a finished execution", () => {
  let f: DataProxyFixture;
  const name = "a1b2c3";
  beforeAll(async () => {
    f = await startDataProxy();
    const dir = `${f.root}/metadata/propeller/flytesnacks-development-${name}/n0/data`;
    await writeProto(f.blobs, `${dir}/inputs.pb`, LiteralMapSchema, litMap({ a: 3 }));
    await writeProto(f.blobs, `${dir}/0/outputs.pb`, LiteralMapSchema, litMap({ o0: 4 }));
    await writeProto(f.blobs, `${dir}/1/outputs.pb`, LiteralMapSchema, litMap({ o0: 6 }));
    await f.blobs.write(`${dir}/1/deck.html`, new TextEncoder().encode("<html>deck</html>"));
    const id = { executionId: execId(name), nodeId: "n0" };
    await f.repositories.executions.create(execution({ id: execId(name), phase: "SUCCEEDED" }));
    await f.repositories.nodeExecutions.create(
      nodeExecution({
        id,
        phase: "SUCCEEDED",
        inputUri: `${dir}/inputs.pb`,
        closure: toBinary(
          NodeExecutionClosureSchema,
          create(NodeExecutionClosureSchema, {
            outputResult: { case: "outputUri", value: `${dir}/1/outputs.pb` },
            deckUri: `${dir}/1/deck.html`,
          }),
        ),
      }),
    );
    for (const attempt of [0, 1]) {
      await f.repositories.taskExecutions.create(
        taskExecution({
          id: { nodeExecutionId: id, taskId: { ...execId("t"), version: "v1" }, retryAttempt: attempt },
          phase: attempt === 0 ? "FAILED" : "SUCCEEDED",
          inputUri: `${dir}/inputs.pb`,
          closure: toBinary(
            TaskExecutionClosureSchema,
            create(TaskExecutionClosureSchema, {
              outputResult: { case: "outputUri", value: `${dir}/${attempt}/outputs.pb` },
            }),
          ),
        }),
      );
    }
    // A node that is still queued: no inputs, outputs or deck yet.
    await f.repositories.nodeExecutions.create(
      nodeExecution({ id: { executionId: execId(name), nodeId: "n1" }, inputUri: "", closure: new Uint8Array() }),
    );
  });
  afterAll(async () => {
    expect(f.internalErrors).toEqual([]);
    await f.close();
  });

  const url = (rest: string) => `flyte://v1/flytesnacks/development/${name}/${rest}`;

  it("returns a node's inputs and outputs as literal maps, one variable as a literal", async () => {
    const inputs = await f.grpc.getData({ flyteUrl: url("n0/i") });
    expect(inputs.data.case).toBe("literalMap");
    expect(inputs.data.value).toEqual(litMap({ a: 3 }));
    const outputs = await f.grpc.getData({ flyteUrl: url("n0/o") });
    expect(outputs.data.value).toEqual(litMap({ o0: 6 }));
    const one = await f.connect.getData({ flyteUrl: url("n0/o/o0") });
    expect(one.data.case).toBe("literal");
    expect(one.data.value).toEqual(int(6));
  });

  it("returns one attempt's outputs when the URL names the attempt", async () => {
    expect((await f.grpc.getData({ flyteUrl: url("n0/0/o") })).data.value).toEqual(litMap({ o0: 4 }));
    expect((await f.grpc.getData({ flyteUrl: url("n0/1/o/o0") })).data.value).toEqual(int(6));
    expect((await failure(f.grpc.getData({ flyteUrl: url("n0/7/o") }))).code).toBe(Code.NotFound);
  });

  it("serves GetData over REST (GET /api/v1/data?flyte_url=)", async () => {
    const res = await fetch(`${f.server.url}/api/v1/data?flyte_url=${encodeURIComponent(url("n0/i/a"))}`);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { literal?: { scalar?: { primitive?: { integer?: string } } } };
    expect(json.literal?.scalar?.primitive?.integer).toBe("3");
  });

  it("returns an empty map for a node that wrote nothing, NOT_FOUND for unknown nodes and variables", async () => {
    expect((await f.grpc.getData({ flyteUrl: url("n1/o") })).data.value).toEqual(litMap({}));
    expect((await failure(f.grpc.getData({ flyteUrl: url("n9/o") }))).code).toBe(Code.NotFound);
    const missing = await failure(f.grpc.getData({ flyteUrl: url("n0/o/nope") }));
    expect(missing.code).toBe(Code.NotFound);
    expect(missing.rawMessage).toContain("nope");
  });

  it("rejects malformed Flyte URLs with INVALID_ARGUMENT naming flyte_url", async () => {
    for (const bad of ["", "flyte://v2/p/d/e/n0/i", url("n0/x"), url("n0/d/deck"), "s3://bucket/key"]) {
      const err = await failure(f.grpc.getData({ flyteUrl: bad }));
      expect(err.code, bad).toBe(Code.InvalidArgument);
      expect(err.rawMessage, bad).toContain("flyte_url");
    }
  });

  it("links a node's deck through signed URLs (GetData d, CreateDownloadLink)", async () => {
    const viaData = await f.grpc.getData({ flyteUrl: url("n0/d") });
    expect(viaData.data.case).toBe("preSignedUrls");
    const link = await f.grpc.createDownloadLink({
      artifactType: ArtifactType.DECK,
      source: { case: "nodeExecutionId", value: { executionId: execId(name), nodeId: "n0" } },
    });
    expect(link.signedUrl).toHaveLength(1);
    expect(link.preSignedUrls?.signedUrl).toEqual(link.signedUrl);
    const deck = await fetch(link.signedUrl[0] ?? "");
    expect(deck.status).toBe(200);
    expect(deck.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await deck.text()).toBe("<html>deck</html>");
    const none = await failure(
      f.grpc.createDownloadLink({
        artifactType: ArtifactType.DECK,
        source: { case: "nodeExecutionId", value: { executionId: execId(name), nodeId: "n1" } },
      }),
    );
    expect(none.code).toBe(Code.NotFound);
    const noType = await failure(
      f.grpc.createDownloadLink({
        source: { case: "nodeExecutionId", value: { executionId: execId(name), nodeId: "n0" } },
      }),
    );
    expect(noType.code).toBe(Code.InvalidArgument);
    expect(noType.rawMessage).toContain("artifact_type");
  });
});
