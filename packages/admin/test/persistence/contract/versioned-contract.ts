import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { describe, expect, it } from "vitest";
import type { ListOptions, Page } from "../../../src/persistence/filters/list-query.js";
import type { Repositories } from "../../../src/persistence/repositories.js";
import type { CreateResult, EntityId, NamedId } from "../../../src/persistence/repositories/common.js";
import type { VersionedScope } from "../../../src/persistence/repositories/versioned.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, id, launchPlan, rejectsWithCode, T0, task, workflow } from "./fixtures.js";

/** The versioned repositories seen through one shape, so one set of tests covers them all. */
interface VersionedAdapter {
  entity: string;
  create: (r: Repositories, id: EntityId, digest: string, createdAt: number) => Promise<CreateResult>;
  get: (r: Repositories, id: EntityId) => Promise<{ id: EntityId; digest: string; createdAt: number }>;
  list: (r: Repositories, scope: VersionedScope, options: ListOptions) => Promise<Page<{ id: EntityId }>>;
  listIds?: (
    r: Repositories,
    scope: { project: string; domain: string },
    options: ListOptions,
  ) => Promise<Page<NamedId>>;
  notFound: string;
}

const ADAPTERS: VersionedAdapter[] = [
  {
    entity: "task",
    create: (r, i, digest, createdAt) => r.tasks.create(task({ id: i, digest, createdAt })),
    get: (r, i) => r.tasks.get(i),
    list: (r, s, o) => r.tasks.list(s, o),
    listIds: (r, s, o) => r.tasks.listIds(s, o),
    notFound: "TaskNotFound",
  },
  {
    entity: "workflow",
    create: (r, i, digest, createdAt) => r.workflows.create(workflow({ id: i, digest, createdAt })),
    get: (r, i) => r.workflows.get(i),
    list: (r, s, o) => r.workflows.list(s, o),
    listIds: (r, s, o) => r.workflows.listIds(s, o),
    notFound: "WorkflowNotFound",
  },
  {
    entity: "launch plan",
    create: (r, i, digest, createdAt) => r.launchPlans.create(launchPlan({ id: i, digest, createdAt })),
    get: (r, i) => r.launchPlans.get(i),
    list: (r, s, o) => r.launchPlans.list(s, o),
    listIds: (r, s, o) => r.launchPlans.listIds(s, o),
    notFound: "LaunchPlanNotFound",
  },
  {
    entity: "description entity",
    create: (r, i, digest, createdAt) =>
      r.descriptionEntities.create({
        resourceType: ResourceType.WORKFLOW,
        id: i,
        shortDescription: "short",
        entity: bytes(),
        digest,
        createdAt,
      }),
    get: (r, i) => r.descriptionEntities.get(ResourceType.WORKFLOW, i),
    list: (r, s, o) => r.descriptionEntities.list(ResourceType.WORKFLOW, s, o),
    notFound: "DescriptionEntityNotFound",
  },
];

const versions = (page: Page<{ id: EntityId }>) => page.items.map((x) => `${x.id.name}@${x.id.version}`);

export function versionedContract(target: ContractTarget): void {
  for (const a of ADAPTERS) {
    describe(`versioned ${a.entity}s`, () => {
      const ctx = useFreshDatabase(target);

      it("create is idempotent for identical content and rejects different content", async () => {
        const i = id("wf.a", "v1");
        expect(await a.create(ctx.repos, i, "d1", T0)).toEqual({ created: true });
        expect(await a.create(ctx.repos, i, "d1", T0 + 50)).toEqual({ created: false });
        const err = await rejectsWithCode(a.create(ctx.repos, i, "d2", T0), "ExistsDifferentStructure");
        expect(err.message).toContain(i.name);
        const stored = await a.get(ctx.repos, i);
        expect(stored).toMatchObject({ id: i, digest: "d1", createdAt: T0 });
      });

      it("ids are unique per (project, domain, name, version) and nothing less", async () => {
        const ids = [
          id("wf.a", "v1"),
          id("wf.a", "v2"),
          id("wf.b", "v1"),
          id("wf.a", "v1", "other-project"),
          id("wf.a", "v1", "flytesnacks", "production"),
        ];
        for (const i of ids) expect(await a.create(ctx.repos, i, `digest-${i.name}`, T0)).toEqual({ created: true });
        for (const i of ids) expect((await a.get(ctx.repos, i)).id).toEqual(i);
        await rejectsWithCode(a.get(ctx.repos, id("wf.a", "v3")), a.notFound);
      });

      it("list is scoped to a project/domain (and optionally a name), newest first, with filters", async () => {
        await a.create(ctx.repos, id("wf.a", "v1"), "x", T0 + 1);
        await a.create(ctx.repos, id("wf.a", "v2"), "x", T0 + 3);
        await a.create(ctx.repos, id("wf.b", "v1"), "x", T0 + 2);
        await a.create(ctx.repos, id("wf.a", "v9", "elsewhere"), "x", T0 + 9);
        const scope = { project: "flytesnacks", domain: "development" };
        expect(versions(await a.list(ctx.repos, scope, {}))).toEqual(["wf.a@v2", "wf.b@v1", "wf.a@v1"]);
        expect(versions(await a.list(ctx.repos, { ...scope, name: "wf.a" }, {}))).toEqual(["wf.a@v2", "wf.a@v1"]);
        const asc = await a.list(ctx.repos, scope, { sortBy: { key: "version", direction: "ASCENDING" } });
        expect(versions(asc)).toEqual(["wf.a@v1", "wf.b@v1", "wf.a@v2"]);
        expect(versions(await a.list(ctx.repos, scope, { filters: "eq(version,v1)+ne(name,wf.a)" }))).toEqual([
          "wf.b@v1",
        ]);
        const after = await a.list(ctx.repos, scope, { filters: `gt(created_at,${new Date(T0 + 1).toISOString()})` });
        expect(versions(after)).toEqual(["wf.a@v2", "wf.b@v1"]);
      });

      it("list pages with limit and token until the token is empty", async () => {
        for (let v = 0; v < 7; v++) await a.create(ctx.repos, id("wf.p", `v${v}`), "x", T0 + v);
        const seen: string[] = [];
        let token = "";
        let pages = 0;
        do {
          const page = await a.list(ctx.repos, { project: "flytesnacks", domain: "development" }, { limit: 3, token });
          seen.push(...versions(page));
          token = page.token;
          pages++;
        } while (token !== "" && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(["v6", "v5", "v4", "v3", "v2", "v1", "v0"].map((v) => `wf.p@${v}`));
      });

      if (a.listIds !== undefined) {
        const listIds = a.listIds;
        it("listIds returns each name once, sorted by name, paged", async () => {
          for (const [name, v] of [
            ["b", "1"],
            ["a", "1"],
            ["b", "2"],
            ["c", "1"],
          ] as const) {
            await a.create(ctx.repos, id(name, v), "x", T0);
          }
          const scope = { project: "flytesnacks", domain: "development" };
          const first = await listIds(ctx.repos, scope, { limit: 2 });
          expect(first.items.map((n) => n.name)).toEqual(["a", "b"]);
          expect(first.token).not.toBe("");
          const second = await listIds(ctx.repos, scope, { limit: 2, token: first.token });
          expect(second).toEqual({ items: [{ ...scope, name: "c" }], token: "" });
        });
      }
    });
  }
}
