import { create } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { literals } from "@flyte-ts/idl";
import { LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  CreateArtifactRequestSchema,
  CreateDatasetRequestSchema,
  FilterExpressionSchema,
  GetDatasetRequestSchema,
  ListDatasetsRequestSchema,
  PaginationOptionsSchema,
  UpdateArtifactRequestSchema,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import { readProto } from "@flyte-ts/storage";
import { describe, expect, it } from "vitest";
import { PREFIX, rejects, T0, useCatalog, type CatalogTarget } from "./context.js";
import {
  addTagReq,
  artifactFilter,
  byId,
  byTag,
  createArtifactReq,
  createDatasetReq,
  datasetFilter,
  dsId,
  listArtifactsReq,
  partitionFilter,
  tagFilter,
} from "./fixtures.js";

export function datasetsArtifactsContract(target: CatalogTarget): void {
  describe(`datasets (${target.name})`, () => {
    const ctx = useCatalog(target);

    it("create, get, ALREADY_EXISTS, NOT_FOUND; INVALID_ARGUMENT names every bad field", async () => {
      const c = ctx.catalog;
      await c.createDataset(createDatasetReq(dsId(), ["region"], { "task-version": "v1" }));
      const got = (await c.getDataset(create(GetDatasetRequestSchema, { dataset: dsId() }))).dataset;
      expect(got?.id).toMatchObject({ ...dsId(), UUID: expect.stringMatching(/^[0-9a-f-]{36}$/) as string });
      expect(got?.partitionKeys).toEqual(["region"]);
      expect(got?.metadata?.keyMap).toEqual({ "task-version": "v1" });
      await rejects(c.createDataset(createDatasetReq()), "DatasetAlreadyExists", "already_exists");
      await rejects(
        c.getDataset(create(GetDatasetRequestSchema, { dataset: dsId("9") })),
        "DatasetNotFound",
        "not_found",
      );
      const bad = await rejects(
        c.createDataset(createDatasetReq({ ...dsId(), project: "", version: "" }, ["a", "a"])),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(bad.details.fields).toBe("dataset.id.project,dataset.id.version,dataset.partition_keys[1]");
      expect(bad.message).toContain("missing dataset.id.project");
      const none = await rejects(
        c.createDataset(create(CreateDatasetRequestSchema, {})),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(none.details.fields).toBe("dataset");
    });

    it("list filters on dataset properties and pages by creation time (token = next offset)", async () => {
      const c = ctx.catalog;
      for (const [i, v] of ["a", "b", "c"].entries()) {
        ctx.clock.now = T0 + i;
        await c.createDataset(createDatasetReq(dsId(v)));
      }
      await c.createDataset(createDatasetReq({ ...dsId("a"), project: "other" }));
      const list = (filters: ReturnType<typeof datasetFilter>[], limit = 0, token = "", sortOrder = 0) =>
        c.listDatasets(
          create(ListDatasetsRequestSchema, {
            filter: create(FilterExpressionSchema, { filters }),
            pagination: create(PaginationOptionsSchema, { limit, token, sortOrder }),
          }),
        );
      const versions = (r: Awaited<ReturnType<typeof list>>) => r.datasets.map((d) => d.id?.version);
      const first = await list([datasetFilter("project", "flytesnacks")], 2);
      expect([versions(first), first.nextToken]).toEqual([["c", "b"], "2"]);
      const second = await list([datasetFilter("project", "flytesnacks")], 2, first.nextToken);
      expect([versions(second), second.nextToken]).toEqual([["a"], "3"]);
      expect(versions(await list([datasetFilter("project", "flytesnacks")], 0, "", 1))).toEqual(["a", "b", "c"]);
      expect(versions(await list([datasetFilter("version", "a"), datasetFilter("project", "other")]))).toEqual(["a"]);
      expect(versions(await list([datasetFilter("org", "")]))).toHaveLength(4);
      expect(versions(await list([datasetFilter("org", "acme")]))).toEqual([]);
      const token = await rejects(list([], 0, "page-2"), "InvalidCatalogRequest", "invalid_argument");
      expect(token.details.fields).toBe("pagination.token");
      const wrong = await rejects(list([tagFilter("t")]), "InvalidCatalogRequest", "invalid_argument");
      expect(wrong.details.fields).toBe("filter.filters[0]");
    });
  });

  describe(`artifacts and tags (${target.name})`, () => {
    const ctx = useCatalog(target);

    it("values are offloaded to blobs at <prefix>/<project>/<domain>/<name>/<version>/<artifact>/<data>/data.pb", async () => {
      const c = ctx.catalog;
      await c.createDataset(createDatasetReq());
      ctx.clock.now = T0 + 5;
      await c.createArtifact(
        createArtifactReq("art-1", { o0: literals.integer(7), o1: literals.string("x") }, { meta: { k: "v" } }),
      );
      const uri = `${PREFIX}/flytesnacks/development/flyte_task-core.square/1-abcdefgh-ijklmnop/art-1/o0/data.pb`;
      expect(await readProto(ctx.blobs, uri, LiteralSchema)).toEqual(literals.integer(7));
      const a = (await c.getArtifact(byId("art-1"))).artifact;
      expect(a?.id).toBe("art-1");
      expect(a?.data.map((d) => [d.name, d.value])).toEqual([
        ["o0", literals.integer(7)],
        ["o1", literals.string("x")],
      ]);
      expect(a?.metadata?.keyMap).toEqual({ k: "v" });
      expect(a?.createdAt && timestampMs(a.createdAt)).toBe(T0 + 5);
      expect(a?.dataset?.UUID).toMatch(/^[0-9a-f-]{36}$/);
      await rejects(c.getArtifact(byTag("flyte_cached-x")), "TagNotFound", "not_found");
      await c.addTag(addTagReq("flyte_cached-x", "art-1"));
      const tagged = (await c.getArtifact(byTag("flyte_cached-x"))).artifact;
      expect([tagged?.id, tagged?.tags.map((t) => t.name)]).toEqual(["art-1", ["flyte_cached-x"]]);
    });

    it("create: NOT_FOUND dataset, partition keys must be the dataset's, ALREADY_EXISTS keeps the first values", async () => {
      const c = ctx.catalog;
      await rejects(c.createArtifact(createArtifactReq("a")), "DatasetNotFound", "not_found");
      await c.createDataset(createDatasetReq(dsId(), ["region"]));
      const parts = await rejects(c.createArtifact(createArtifactReq("a")), "InvalidPartitions", "invalid_argument");
      expect(parts.details.field).toBe("artifact.partitions");
      const eu = { partitions: [{ key: "region", value: "eu" }] };
      await c.createArtifact(createArtifactReq("a", { o0: literals.integer(1) }, eu));
      await rejects(
        c.createArtifact(createArtifactReq("a", { o0: literals.integer(2) }, eu)),
        "ArtifactAlreadyExists",
        "already_exists",
      );
      expect((await c.getArtifact(byId("a"))).artifact?.data[0]?.value).toEqual(literals.integer(1));
      expect((await c.getArtifact(byId("a"))).artifact?.partitions.map((p) => [p.key, p.value])).toEqual([
        ["region", "eu"],
      ]);
      const bad = await rejects(
        c.createArtifact(create(CreateArtifactRequestSchema, { artifact: { dataset: { project: "p" } } })),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(bad.details.fields).toBe(
        "artifact.dataset.domain,artifact.dataset.name,artifact.dataset.version,artifact.id,artifact.data",
      );
      await rejects(c.getArtifact(byId("")), "InvalidCatalogRequest", "invalid_argument");
      await rejects(c.getArtifact(byId("nope")), "ArtifactNotFound", "not_found");
    });

    it("a tag resolves to the newest artifact having it; tagging the same artifact twice is ALREADY_EXISTS", async () => {
      const c = ctx.catalog;
      await c.createDataset(createDatasetReq());
      await c.createArtifact(createArtifactReq("old", { o0: literals.integer(1) }));
      ctx.clock.now = T0 + 10;
      await c.createArtifact(createArtifactReq("new", { o0: literals.integer(2) }));
      await c.addTag(addTagReq("t", "old"));
      await rejects(c.addTag(addTagReq("t", "old")), "TagAlreadyExists", "already_exists");
      expect((await c.getArtifact(byTag("t"))).artifact?.id).toBe("old");
      ctx.clock.now = T0 + 20;
      await c.addTag(addTagReq("t", "new"));
      expect((await c.getArtifact(byTag("t"))).artifact?.data[0]?.value).toEqual(literals.integer(2));
      await rejects(c.addTag(addTagReq("t", "ghost")), "ArtifactNotFound", "not_found");
      await rejects(c.addTag(addTagReq("t", "old", dsId("none"))), "DatasetNotFound", "not_found");
      const bad = await rejects(c.addTag(addTagReq("", "")), "InvalidCatalogRequest", "invalid_argument");
      expect(bad.details.fields).toBe("tag.name,tag.artifact_id");
    });

    it("list by tag, partition, artifact id and dataset property, paged by creation time", async () => {
      const c = ctx.catalog;
      await c.createDataset(createDatasetReq(dsId(), ["region"]));
      for (const [i, region] of ["eu", "us", "eu", "eu"].entries()) {
        ctx.clock.now = T0 + i;
        await c.createArtifact(
          createArtifactReq(`a${i}`, { o0: literals.integer(i) }, { partitions: [{ key: "region", value: region }] }),
        );
      }
      await c.addTag(addTagReq("t", "a0"));
      await c.addTag(addTagReq("t", "a3"));
      const ids = async (...args: Parameters<typeof listArtifactsReq>) =>
        (await c.listArtifacts(listArtifactsReq(...args))).artifacts.map((a) => a.id);
      expect(await ids()).toEqual(["a3", "a2", "a1", "a0"]);
      expect(await ids([tagFilter("t")])).toEqual(["a3", "a0"]);
      expect(await ids([partitionFilter("region", "eu")])).toEqual(["a3", "a2", "a0"]);
      expect(await ids([partitionFilter("region", "eu"), tagFilter("t"), artifactFilter("a0")])).toEqual(["a0"]);
      expect(await ids([artifactFilter("a0"), artifactFilter("a1")])).toEqual([]);
      expect(await ids([datasetFilter("version", dsId().version)])).toHaveLength(4);
      expect(await ids([datasetFilter("version", "other")])).toEqual([]);
      const page1 = await c.listArtifacts(listArtifactsReq([partitionFilter("region", "eu")], { limit: 2 }));
      expect([page1.artifacts.map((a) => a.id), page1.nextToken]).toEqual([["a3", "a2"], "2"]);
      const page2 = await c.listArtifacts(
        listArtifactsReq([partitionFilter("region", "eu")], { limit: 2, token: "2" }),
      );
      expect([page2.artifacts.map((a) => a.id), page2.nextToken]).toEqual([["a0"], "3"]);
      expect(await ids([], { ascending: true, limit: 1 })).toEqual(["a0"]);
      expect((await c.listArtifacts(listArtifactsReq([tagFilter("t")]))).artifacts[1]?.data[0]?.value).toEqual(
        literals.integer(0),
      );
      await rejects(c.listArtifacts(listArtifactsReq([], {}, dsId("none"))), "DatasetNotFound", "not_found");
      const bad = await rejects(
        c.listArtifacts(listArtifactsReq([tagFilter("")], { token: "x" })),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(bad.details.fields).toBe("filter.filters[0].tag_filter.tag_name,pagination.token");
    });

    it("update by tag or id replaces data and metadata and deletes values no longer named", async () => {
      const c = ctx.catalog;
      await c.createDataset(createDatasetReq());
      await c.createArtifact(
        createArtifactReq("a", { o0: literals.integer(1), o1: literals.integer(2) }, { meta: { m: "1" } }),
      );
      await c.addTag(addTagReq("t", "a"));
      const o1 = `${PREFIX}/flytesnacks/development/flyte_task-core.square/1-abcdefgh-ijklmnop/a/o1/data.pb`;
      expect(await ctx.blobs.head(o1)).toBeDefined();
      const res = await c.updateArtifact(
        create(UpdateArtifactRequestSchema, {
          dataset: dsId(),
          queryHandle: { case: "tagName", value: "t" },
          data: [{ name: "o0", value: literals.integer(10) }],
          metadata: { keyMap: { m: "2" } },
        }),
      );
      expect(res.artifactId).toBe("a");
      const a = (await c.getArtifact(byTag("t"))).artifact;
      expect(a?.data.map((d) => [d.name, d.value])).toEqual([["o0", literals.integer(10)]]);
      expect(a?.metadata?.keyMap).toEqual({ m: "2" });
      expect(await ctx.blobs.head(o1)).toBeUndefined();
      const update = (queryHandle: { case: "artifactId" | "tagName"; value: string }, withData = true) =>
        c.updateArtifact(
          create(UpdateArtifactRequestSchema, {
            dataset: dsId(),
            queryHandle,
            data: withData ? [{ name: "o0", value: literals.integer(3) }] : [],
          }),
        );
      await rejects(update({ case: "artifactId", value: "zz" }), "ArtifactNotFound", "not_found");
      await rejects(update({ case: "tagName", value: "zz" }), "TagNotFound", "not_found");
      const bad = await rejects(
        update({ case: "artifactId", value: "a" }, false),
        "InvalidCatalogRequest",
        "invalid_argument",
      );
      expect(bad.details.fields).toBe("data");
      await update({ case: "artifactId", value: "a" });
      expect((await c.getArtifact(byId("a"))).artifact?.metadata).toBeUndefined();
    });
  });
}
