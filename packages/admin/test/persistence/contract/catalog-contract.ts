import { describe, expect, it } from "vitest";
import type { DatasetId, DatasetModel } from "../../../src/persistence/repositories/dataset-repository.js";
import type { NewArtifact } from "../../../src/persistence/repositories/artifact-repository.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, rejectsWithCode, T0 } from "./fixtures.js";

const dsId = (version = "1.0-abc-def", name = "flyte_task-core.t"): DatasetId => ({
  project: "flytesnacks",
  name,
  domain: "development",
  version,
});

const dataset = (over: Partial<DatasetModel> = {}): DatasetModel => ({
  id: dsId(),
  uuid: "uuid-1",
  metadata: bytes(1, 0),
  partitionKeys: [],
  createdAt: T0,
  ...over,
});

const artifact = (artifactId: string, over: Partial<NewArtifact> = {}): NewArtifact => ({
  datasetId: dsId(),
  artifactId,
  data: [{ name: "o0", location: `file:///cache/${artifactId}/o0.pb` }],
  partitions: [],
  metadata: null,
  createdAt: T0,
  ...over,
});

export function catalogContract(target: ContractTarget): void {
  describe("catalog datasets", () => {
    const ctx = useFreshDatabase(target);

    it("create, get, duplicate, missing, list", async () => {
      const d = ctx.repos.datasets;
      await d.create(dataset({ partitionKeys: ["region", "day"] }));
      await d.create(dataset({ id: dsId("2.0"), uuid: "uuid-2", metadata: null, createdAt: T0 + 1 }));
      expect(await d.get(dsId())).toEqual(dataset({ partitionKeys: ["region", "day"] }));
      await rejectsWithCode(d.create(dataset({ uuid: "uuid-3" })), "DatasetAlreadyExists");
      await rejectsWithCode(d.get(dsId("9")), "DatasetNotFound");
      const page = await d.list({ filters: "eq(version,2.0)" });
      expect(page.items.map((x) => x.uuid)).toEqual(["uuid-2"]);
      expect((await d.list({})).items.map((x) => x.uuid)).toEqual(["uuid-2", "uuid-1"]);
    });
  });

  describe("catalog artifacts and tags", () => {
    const ctx = useFreshDatabase(target);

    it("artifacts keep their data and partitions; partition keys must match the dataset's", async () => {
      await ctx.repos.datasets.create(dataset({ partitionKeys: ["day", "region"] }));
      const a = artifact("art-1", {
        data: [
          { name: "o1", location: "file:///x/o1" },
          { name: "o0", location: "file:///x/o0" },
        ],
        partitions: [
          { key: "region", value: "eu" },
          { key: "day", value: "mon" },
        ],
        metadata: bytes(3),
      });
      await ctx.repos.artifacts.create(a);
      expect(await ctx.repos.artifacts.get(dsId(), "art-1")).toEqual({
        ...a,
        data: [...a.data].reverse(),
        partitions: [...a.partitions].reverse(),
        tags: [],
      });
      await rejectsWithCode(ctx.repos.artifacts.create(artifact("art-2")), "InvalidPartitions");
      await rejectsWithCode(ctx.repos.artifacts.create(a), "ArtifactAlreadyExists");
      await rejectsWithCode(ctx.repos.artifacts.create(artifact("x", { datasetId: dsId("nope") })), "DatasetNotFound");
      await rejectsWithCode(ctx.repos.artifacts.get(dsId(), "art-404"), "ArtifactNotFound");
    });

    it("a failing artifact create writes nothing", async () => {
      await ctx.repos.datasets.create(dataset());
      const twice = [
        { name: "o0", location: "a" },
        { name: "o0", location: "b" },
      ];
      await expect(ctx.repos.artifacts.create(artifact("art-dup", { data: twice }))).rejects.toThrow();
      await rejectsWithCode(ctx.repos.artifacts.get(dsId(), "art-dup"), "ArtifactNotFound");
    });

    it("a tag name resolves to the newest artifact having it; a (tag, artifact) pair is unique", async () => {
      const r = ctx.repos;
      await r.datasets.create(dataset());
      await r.datasets.create(dataset({ id: dsId("other"), uuid: "uuid-2" }));
      await r.artifacts.create(artifact("art-1"));
      await r.artifacts.create(artifact("art-2", { createdAt: T0 + 1 }));
      await r.artifacts.create(artifact("art-1", { datasetId: dsId("other") }));
      await r.tags.add({ datasetId: dsId(), tagName: "flyte_cached-abc", artifactId: "art-1", createdAt: T0 });
      await rejectsWithCode(
        r.tags.add({ datasetId: dsId(), tagName: "flyte_cached-abc", artifactId: "art-1", createdAt: T0 + 5 }),
        "TagAlreadyExists",
      );
      await r.tags.add({ datasetId: dsId("other"), tagName: "flyte_cached-abc", artifactId: "art-1", createdAt: T0 });
      await rejectsWithCode(
        r.tags.add({ datasetId: dsId(), tagName: "t2", artifactId: "art-404", createdAt: T0 }),
        "ArtifactNotFound",
      );
      expect(await r.artifacts.getByTag(dsId(), "flyte_cached-abc")).toMatchObject({
        artifactId: "art-1",
        tags: ["flyte_cached-abc"],
      });
      await r.tags.add({ datasetId: dsId(), tagName: "flyte_cached-abc", artifactId: "art-2", createdAt: T0 + 2 });
      expect(await r.artifacts.getByTag(dsId(), "flyte_cached-abc")).toMatchObject({ artifactId: "art-2" });
      expect(await r.tags.resolve(dsId(), "flyte_cached-abc")).toEqual({
        datasetId: dsId(),
        tagName: "flyte_cached-abc",
        artifactId: "art-2",
        createdAt: T0 + 2,
      });
      expect(await r.tags.resolve(dsId("other"), "flyte_cached-abc")).toMatchObject({ artifactId: "art-1" });
      const tagged = await r.artifacts.list(dsId(), { tagNames: ["flyte_cached-abc"] }, {});
      expect(tagged.items.map((x) => x.artifactId)).toEqual(["art-2", "art-1"]);
      const one = await r.artifacts.list(dsId(), { tagNames: ["flyte_cached-abc"], artifactId: "art-1" }, {});
      expect(one.items.map((x) => x.artifactId)).toEqual(["art-1"]);
      await rejectsWithCode(r.artifacts.getByTag(dsId(), "flyte_cached-zzz"), "TagNotFound");
      await rejectsWithCode(r.tags.resolve(dsId(), "flyte_cached-zzz"), "TagNotFound");
    });

    it("list filters by partition values, newest first; updateData replaces the data", async () => {
      const r = ctx.repos;
      await r.datasets.create(dataset({ partitionKeys: ["region"] }));
      for (const [i, region] of ["eu", "us", "eu"].entries()) {
        await r.artifacts.create(
          artifact(`art-${i}`, { partitions: [{ key: "region", value: region }], createdAt: T0 + i }),
        );
      }
      const eu = await r.artifacts.list(dsId(), { partitions: [{ key: "region", value: "eu" }] }, {});
      expect(eu.items.map((x) => x.artifactId)).toEqual(["art-2", "art-0"]);
      const limited = await r.artifacts.list(dsId(), {}, { limit: 2 });
      expect(limited.items.map((x) => x.artifactId)).toEqual(["art-2", "art-1"]);
      expect(limited.token).toBe("2");
      await r.artifacts.updateData(dsId(), "art-1", [{ name: "o0", location: "file:///new" }]);
      expect((await r.artifacts.get(dsId(), "art-1")).data).toEqual([{ name: "o0", location: "file:///new" }]);
      await r.artifacts.updateData(dsId(), "art-1", [], bytes(7));
      expect(await r.artifacts.get(dsId(), "art-1")).toMatchObject({ data: [], metadata: bytes(7) });
      await r.artifacts.updateData(dsId(), "art-1", [{ name: "o0", location: "file:///x" }], null);
      expect((await r.artifacts.get(dsId(), "art-1")).metadata).toBeNull();
      await rejectsWithCode(r.artifacts.updateData(dsId(), "art-404", []), "ArtifactNotFound");
    });
  });

  describe("catalog reservations", () => {
    const ctx = useFreshDatabase(target);
    const key = { datasetId: dsId(), tagName: "flyte_cached-abc" };
    const ask = (ownerId: string, now: number, ttlMs = 1000) =>
      ctx.repos.reservations.getOrExtend({ key, ownerId, now, ttlMs });

    it("get-or-extend: free → acquired, held → current holder, own → extended, expired → taken over", async () => {
      expect(await ask("a", T0)).toEqual({ key, ownerId: "a", expiresAt: T0 + 1000 });
      expect(await ask("b", T0 + 10)).toEqual({ key, ownerId: "a", expiresAt: T0 + 1000 });
      expect(await ask("a", T0 + 500)).toEqual({ key, ownerId: "a", expiresAt: T0 + 1500 });
      expect(await ask("b", T0 + 1499)).toMatchObject({ ownerId: "a" });
      expect(await ask("b", T0 + 1501)).toEqual({ key, ownerId: "b", expiresAt: T0 + 2501 });
      const otherTag = await ctx.repos.reservations.getOrExtend({
        key: { ...key, tagName: "t2" },
        ownerId: "c",
        now: T0,
        ttlMs: 5,
      });
      expect(otherTag.ownerId).toBe("c");
    });

    it("release deletes only the owner's reservation; releasing a missing one is fine", async () => {
      await ask("a", T0);
      await ctx.repos.reservations.release(key, "b");
      expect((await ask("b", T0 + 1)).ownerId).toBe("a");
      await ctx.repos.reservations.release(key, "a");
      expect((await ask("b", T0 + 2)).ownerId).toBe("b");
      await ctx.repos.reservations.release({ ...key, tagName: "never" }, "a");
    });
  });
}
