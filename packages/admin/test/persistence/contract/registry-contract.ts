import { NamedEntityState } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { Project_ProjectState } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { describe, expect, it } from "vitest";
import type { ProjectModel } from "../../../src/persistence/repositories/project-repository.js";
import { useFreshDatabase, type ContractTarget } from "./context.js";
import { bytes, rejectsWithCode, T0 } from "./fixtures.js";

const project = (over: Partial<ProjectModel> = {}): ProjectModel => ({
  id: "flytesnacks",
  name: "Flyte snacks",
  description: "examples",
  labels: bytes(10, 0, 20),
  state: Project_ProjectState.ACTIVE,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

export function registryContract(target: ContractTarget): void {
  describe("projects", () => {
    const ctx = useFreshDatabase(target);

    it("create then get returns every field, bytes and null labels included", async () => {
      const p = ctx.repos.projects;
      await p.create(project());
      await p.create(project({ id: "nolabels", labels: null }));
      expect(await p.get("flytesnacks")).toEqual(project());
      expect((await p.get("nolabels")).labels).toBeNull();
    });

    it("ids are unique; a missing id is NotFound", async () => {
      await ctx.repos.projects.create(project());
      await rejectsWithCode(ctx.repos.projects.create(project({ name: "other" })), "ProjectAlreadyExists");
      await rejectsWithCode(ctx.repos.projects.get("nope"), "ProjectNotFound");
    });

    it("update replaces the mutable fields and keeps created_at", async () => {
      await ctx.repos.projects.create(project());
      const changed = project({
        name: "renamed",
        description: "d2",
        labels: null,
        state: Project_ProjectState.ARCHIVED,
        createdAt: T0 + 999,
        updatedAt: T0 + 5,
      });
      await ctx.repos.projects.update(changed);
      expect(await ctx.repos.projects.get("flytesnacks")).toEqual({ ...changed, createdAt: T0 });
      await rejectsWithCode(ctx.repos.projects.update(project({ id: "ghost" })), "ProjectNotFound");
    });

    it("list filters by state (name or number) and sorts by the requested key", async () => {
      for (const [i, name] of ["b", "a", "c"].entries()) {
        await ctx.repos.projects.create(project({ id: name, name: name.toUpperCase(), createdAt: T0 + i }));
      }
      await ctx.repos.projects.update(project({ id: "c", name: "C", state: Project_ProjectState.ARCHIVED }));
      const all = await ctx.repos.projects.list({});
      expect(all.items.map((x) => x.id)).toEqual(["c", "a", "b"]);
      const active = await ctx.repos.projects.list({
        filters: "eq(state,ACTIVE)",
        sortBy: { key: "name", direction: "ASCENDING" },
      });
      expect(active.items.map((x) => x.id)).toEqual(["a", "b"]);
      const archived = await ctx.repos.projects.list({ filters: `eq(state,${Project_ProjectState.ARCHIVED})` });
      expect(archived.items.map((x) => x.id)).toEqual(["c"]);
    });
  });

  describe("named entities", () => {
    const ctx = useFreshDatabase(target);
    const key = { resourceType: ResourceType.WORKFLOW, project: "p", domain: "d", name: "wf" };
    const entity = {
      ...key,
      description: "first",
      state: NamedEntityState.NAMED_ENTITY_ACTIVE,
      createdAt: T0,
      updatedAt: T0,
    };

    it("ensure creates once and never overwrites metadata", async () => {
      const n = ctx.repos.namedEntities;
      await n.ensure(entity);
      await n.ensure({ ...entity, description: "second", updatedAt: T0 + 1 });
      expect(await n.get(key)).toEqual(entity);
    });

    it("update sets description and state, creating the row when needed", async () => {
      const n = ctx.repos.namedEntities;
      const archived = {
        ...entity,
        description: "gone",
        state: NamedEntityState.NAMED_ENTITY_ARCHIVED,
        updatedAt: T0 + 7,
      };
      await n.update(archived);
      expect(await n.get(key)).toEqual(archived);
      await n.update({
        ...archived,
        description: "back",
        state: NamedEntityState.NAMED_ENTITY_ACTIVE,
        createdAt: T0 + 100,
        updatedAt: T0 + 8,
      });
      expect(await n.get(key)).toEqual({
        ...archived,
        description: "back",
        state: NamedEntityState.NAMED_ENTITY_ACTIVE,
        updatedAt: T0 + 8,
      });
    });

    it("are keyed by resource type, project, domain and name", async () => {
      const n = ctx.repos.namedEntities;
      await n.ensure(entity);
      await n.ensure({ ...entity, resourceType: ResourceType.TASK });
      await n.ensure({ ...entity, domain: "other" });
      await rejectsWithCode(n.get({ ...key, resourceType: ResourceType.LAUNCH_PLAN }), "NamedEntityNotFound");
      const listed = await n.list({ resourceType: ResourceType.WORKFLOW, project: "p", domain: "d" }, {});
      expect(listed.items).toEqual([entity]);
    });

    it("list sorts by name by default and filters by state", async () => {
      const n = ctx.repos.namedEntities;
      for (const name of ["zeta", "Alpha", "beta"]) await n.ensure({ ...entity, name });
      await n.update({ ...entity, name: "beta", state: NamedEntityState.NAMED_ENTITY_ARCHIVED });
      const scope = { resourceType: ResourceType.WORKFLOW, project: "p", domain: "d" };
      expect((await n.list(scope, {})).items.map((e) => e.name)).toEqual(["Alpha", "beta", "zeta"]);
      const active = await n.list(scope, { filters: "eq(state,NAMED_ENTITY_ACTIVE)" });
      expect(active.items.map((e) => e.name)).toEqual(["Alpha", "zeta"]);
    });
  });
}
