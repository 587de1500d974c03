import { Code } from "@connectrpc/connect";
import { Project_ProjectState } from "@flyte-ts/idl/gen/flyteidl/admin/project_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register } from "./snacks-package.js";

describe("projects and domains", () => {
  let admin: AdminFixture;
  beforeAll(async () => {
    admin = await startAdmin({ config: { domains: [{ id: "development" }, { id: "production", name: "Prod" }] } });
  });
  afterAll(async () => admin.close());

  it("creates the default project on first start and serves the configured domains", async () => {
    const p = await admin.connect.getProject({ id: "flytesnacks" });
    expect(p.state).toBe(Project_ProjectState.ACTIVE);
    expect(p.domains.map((d) => [d.id, d.name])).toEqual([
      ["development", "development"],
      ["production", "Prod"],
    ]);
    const d = await admin.grpc.getDomains({});
    expect(d.domains.map((x) => x.id)).toEqual(["development", "production"]);
  });

  it("registers, lists (filters, sort, pages), gets and updates projects", async () => {
    for (const id of ["alpha", "beta", "gamma-1"]) {
      await admin.connect.registerProject({
        project: { id, name: `Project ${id}`, description: `about ${id}`, labels: { values: { team: "ml" } } },
      });
    }
    const got = await admin.connect.getProject({ id: "beta" });
    expect(got).toMatchObject({ id: "beta", name: "Project beta", description: "about beta" });
    expect(got.labels?.values).toEqual({ team: "ml" });

    const asc = await admin.connect.listProjects({ limit: 2, sortBy: { key: "id", direction: 1 } });
    expect(asc.projects.map((p) => p.id)).toEqual(["alpha", "beta"]);
    expect(asc.token).toBe("2");
    const next = await admin.connect.listProjects({ limit: 2, token: asc.token, sortBy: { key: "id", direction: 1 } });
    expect(next.projects.map((p) => p.id)).toEqual(["flytesnacks", "gamma-1"]);
    expect(next.token).toBe("4");
    const filtered = await admin.connect.listProjects({ limit: 10, filters: "contains(name,gamma)" });
    expect(filtered.projects.map((p) => p.id)).toEqual(["gamma-1"]);

    await admin.connect.updateProject({ id: "beta", description: "new words", state: Project_ProjectState.ACTIVE });
    const updated = await admin.connect.getProject({ id: "beta" });
    expect(updated).toMatchObject({ name: "Project beta", description: "new words" });
    expect(updated.labels?.values).toEqual({ team: "ml" });
  });

  it("archives a project: hidden from the default list, registration into it refused", async () => {
    await admin.connect.updateProject({ id: "gamma-1", state: Project_ProjectState.ARCHIVED });
    const list = await admin.connect.listProjects({ limit: 100 });
    expect(list.projects.map((p) => p.id)).not.toContain("gamma-1");
    const archived = await admin.connect.listProjects({ limit: 100, filters: "eq(state,ARCHIVED)" });
    expect(archived.projects.map((p) => p.id)).toEqual(["gamma-1"]);

    const [task] = readSnacks({ project: "gamma-1", domain: "development", version: "v1" });
    const err = await errorOf(register(admin.connect, task!));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(/project "gamma-1" is archived/);
    const [other] = readSnacks({ project: "nope", domain: "development", version: "v1" });
    expect((await errorOf(register(admin.connect, other!))).rawMessage).toMatch(/project "nope" is not registered/);
    const [staging] = readSnacks({ project: "alpha", domain: "staging", version: "v1" });
    expect((await errorOf(register(admin.connect, staging!))).rawMessage).toMatch(
      /domain "staging" is not one of the configured domains \(development, production\)/,
    );
  });

  it("rejects bad projects with INVALID_ARGUMENT naming the field", async () => {
    const cases: [Parameters<typeof admin.connect.registerProject>[0], RegExp][] = [
      [{}, /project is required/],
      [{ project: { id: "Has_Upper", name: "x" } }, /project.id "Has_Upper" must be a DNS-1123 label/],
      [{ project: { id: "ok-id", name: "" } }, /project.name is required/],
      [{ project: { id: "ok-id", name: "x".repeat(65) } }, /project.name is longer than 64/],
      [{ project: { id: "ok-id", name: "n", domains: [{ id: "development" }] } }, /project.domains must be empty/],
      [{ project: { id: "ok-id", name: "n", labels: { values: { "bad key!": "v" } } } }, /label key "bad key!"/],
      [
        { project: { id: "ok-id", name: "n", state: 42 as Project_ProjectState } },
        /project.state has unknown value 42/,
      ],
    ];
    for (const [req, message] of cases) {
      const err = await errorOf(admin.connect.registerProject(req));
      expect(err.code, JSON.stringify(req)).toBe(Code.InvalidArgument);
      expect(err.rawMessage).toMatch(message);
    }
    const two = await errorOf(admin.connect.registerProject({ project: { id: "-x", name: "" } }));
    expect(two.rawMessage).toMatch(/2 problems/);
    expect(two.rawMessage).toMatch(/project.id/);
    expect(two.rawMessage).toMatch(/project.name/);

    expect((await errorOf(admin.connect.registerProject({ project: { id: "alpha", name: "again" } }))).code).toBe(
      Code.AlreadyExists,
    );
    expect((await errorOf(admin.connect.getProject({ id: "missing" }))).code).toBe(Code.NotFound);
    expect((await errorOf(admin.connect.getProject({ id: "" }))).code).toBe(Code.InvalidArgument);
    expect((await errorOf(admin.connect.updateProject({ id: "missing", name: "m" }))).code).toBe(Code.NotFound);
    expect(admin.internalErrors).toEqual([]);
  });
});

describe("admin configuration", () => {
  it("refuses bad domains at start, naming the entry", async () => {
    await expect(startAdmin({ config: { domains: [{ id: "Bad Domain" }] } })).rejects.toThrow(/domains\[0\]\.id/);
  });
});
