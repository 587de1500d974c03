import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { createRepositories, openDatabase, startRpcServer, type Database, type RpcServer } from "@flyte-ts/admin";
import { literals } from "@flyte-ts/idl";
import { DataCatalog } from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import { FileStore } from "@flyte-ts/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogManager, dataCatalogService } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "flyte-catalog-rpc-"));
let database: Database;
let server: RpcServer;
let client: Client<typeof DataCatalog>;

beforeAll(async () => {
  database = await openDatabase({ dialect: "sqlite", dataDir: dir });
  const root = pathToFileURL(join(dir, "blobs")).href;
  const catalog = new CatalogManager({
    repositories: createRepositories(database.db),
    blobs: new FileStore({ root }),
    storagePrefix: `${root}/metadata`,
  });
  server = await startRpcServer({ host: "127.0.0.1", port: 0, services: [dataCatalogService(catalog)] });
  client = createClient(DataCatalog, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
});

afterAll(async () => {
  await server.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const dataset = { project: "flytesnacks", domain: "development", name: "flyte_task-wf.square", version: "1-aaaa-bbbb" };

/** The Connect error of a call that must fail. */
async function failure(p: Promise<unknown>): Promise<ConnectError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => ConnectError.from(err),
  );
  if (!e) throw new Error("the call succeeded");
  return e;
}

describe("DataCatalog over Connect on a loopback server (SQLite file + file:// blobs)", () => {
  it("datasets, artifacts, tags and lists round-trip; errors carry Flyte's codes", async () => {
    await client.createDataset({ dataset: { id: dataset, partitionKeys: ["region"] } });
    expect((await failure(client.createDataset({ dataset: { id: dataset } }))).code).toBe(Code.AlreadyExists);
    const got = await client.getDataset({ dataset });
    expect(got.dataset?.id?.UUID).toMatch(/^[0-9a-f-]{36}$/);

    const artifact = (id: string, n: bigint, region: string) => ({
      artifact: {
        id,
        dataset,
        data: [{ name: "o0", value: literals.integer(n) }],
        partitions: [{ key: "region", value: region }],
        metadata: { keyMap: { "execution-name": `run-${id}` } },
      },
    });
    await client.createArtifact(artifact("a1", 1n, "eu"));
    await client.createArtifact(artifact("a2", 2n, "us"));
    expect((await failure(client.createArtifact(artifact("a1", 9n, "eu")))).code).toBe(Code.AlreadyExists);
    await client.addTag({ tag: { name: "flyte_cached-x", artifactId: "a1", dataset } });
    expect((await failure(client.addTag({ tag: { name: "flyte_cached-x", artifactId: "a1", dataset } }))).code).toBe(
      Code.AlreadyExists,
    );
    const byTag = await client.getArtifact({ dataset, queryHandle: { case: "tagName", value: "flyte_cached-x" } });
    expect(byTag.artifact?.id).toBe("a1");
    expect(byTag.artifact?.data[0]?.value).toEqual(literals.integer(1n));
    expect(byTag.artifact?.metadata?.keyMap["execution-name"]).toBe("run-a1");

    const listed = await client.listArtifacts({
      dataset,
      filter: {
        filters: [
          {
            propertyFilter: {
              case: "partitionFilter",
              value: { property: { case: "keyVal", value: { key: "region", value: "us" } } },
            },
          },
        ],
      },
      pagination: { limit: 10 },
    });
    expect([listed.artifacts.map((a) => a.id), listed.nextToken]).toEqual([["a2"], "1"]);
    const datasets = await client.listDatasets({
      filter: {
        filters: [
          { propertyFilter: { case: "datasetFilter", value: { property: { case: "name", value: dataset.name } } } },
        ],
      },
    });
    expect(datasets.datasets.map((d) => d.id?.version)).toEqual([dataset.version]);

    const updated = await client.updateArtifact({
      dataset,
      queryHandle: { case: "tagName", value: "flyte_cached-x" },
      data: [{ name: "o0", value: literals.integer(5n) }],
    });
    expect(updated.artifactId).toBe("a1");
    const after = await client.getArtifact({ dataset, queryHandle: { case: "artifactId", value: "a1" } });
    expect(after.artifact?.data[0]?.value).toEqual(literals.integer(5n));

    const missing = await failure(client.getArtifact({ dataset, queryHandle: { case: "tagName", value: "nope" } }));
    expect(missing.code).toBe(Code.NotFound);
    expect(missing.metadata.get("flyte-error-code")).toBe("TagNotFound");
    const noDataset = await failure(client.getDataset({ dataset: { ...dataset, version: "other" } }));
    expect(noDataset.code).toBe(Code.NotFound);
    const invalid = await failure(client.createArtifact({ artifact: { dataset, id: "" } }));
    expect(invalid.code).toBe(Code.InvalidArgument);
    expect(invalid.rawMessage).toContain("missing artifact.id");
    expect(invalid.rawMessage).toContain("missing artifact.data");
    const badToken = await failure(client.listArtifacts({ dataset, pagination: { token: "abc" } }));
    expect([badToken.code, badToken.rawMessage]).toEqual([
      Code.InvalidArgument,
      expect.stringContaining("pagination.token") as string,
    ]);
  });

  it("reservations: the holder keeps it, another owner gets the holder back, release frees it (over gRPC)", async () => {
    const grpc = createClient(DataCatalog, createGrpcTransport({ baseUrl: server.url }));
    const reservationId = { datasetId: dataset, tagName: "flyte_cached-r" };
    const ask = (ownerId: string) =>
      grpc.getOrExtendReservation({ reservationId, ownerId, heartbeatInterval: durationFromMs(60_000) });
    const first = await ask("exec-a-n0-0");
    expect(first.reservation?.ownerId).toBe("exec-a-n0-0");
    expect(Number(first.reservation?.heartbeatInterval?.seconds)).toBe(10);
    expect((await ask("exec-b-n0-0")).reservation?.ownerId).toBe("exec-a-n0-0");
    await grpc.releaseReservation({ reservationId, ownerId: "exec-b-n0-0" });
    expect((await ask("exec-b-n0-0")).reservation?.ownerId).toBe("exec-a-n0-0");
    await grpc.releaseReservation({ reservationId, ownerId: "exec-a-n0-0" });
    expect((await ask("exec-b-n0-0")).reservation?.ownerId).toBe("exec-b-n0-0");
    const bad = await failure(grpc.getOrExtendReservation({ reservationId: { datasetId: dataset }, ownerId: "" }));
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.rawMessage).toContain("missing reservation_id.tag_name; missing owner_id");
  });
});
