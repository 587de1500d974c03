import { existsSync, readFileSync } from "node:fs";
import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import {
  DescriptionEntitySchema,
  DescriptionFormat,
  type DescriptionEntity,
} from "@flyte-ts/idl/gen/flyteidl/admin/description_entity_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register, type SnackEntry } from "./snacks-package.js";

const PD = { project: "flytesnacks", domain: "development" };
const BASIC = "basic_workflow";

const describeAs = (what: string): DescriptionEntity =>
  create(DescriptionEntitySchema, {
    shortDescription: `${what} in short`,
    longDescription: { content: { case: "value", value: `# ${what}\nat length` }, format: DescriptionFormat.MARKDOWN },
    sourceCode: { link: `https://github.com/example/repo/blob/main/${what}.py` },
    tags: ["docs", what],
  });

/** The basic_workflow entries at `version`; the task and workflow carry descriptions when `described`. */
function entries(version: string, described: boolean): SnackEntry[] {
  return readSnacks({ ...PD, version })
    .filter((e) => e.file.includes(BASIC))
    .map((e) => {
      if (described && (e.kind === "task" || e.kind === "workflow")) {
        e.spec.description = describeAs(e.kind === "task" ? "t1" : "wf");
      }
      return e;
    });
}

describe("description entities from registration; GetVersion", () => {
  let admin: AdminFixture;
  let taskName = "";
  let workflowName = "";
  beforeAll(async () => {
    admin = await startAdmin();
    const v1 = entries("v1", true);
    for (const e of v1) await register(admin.grpc, e);
    for (const e of entries("v2", true)) await register(admin.grpc, e);
    for (const e of entries("v3", false)) await register(admin.grpc, e);
    const task = v1.find((e) => e.kind === "task");
    const wf = v1.find((e) => e.kind === "workflow");
    taskName = task?.kind === "task" ? (task.spec.template?.id?.name ?? "") : "";
    workflowName = wf?.kind === "workflow" ? (wf.spec.template?.id?.name ?? "") : "";
    expect(taskName).not.toBe("");
    expect(workflowName).not.toBe("");
  });
  afterAll(async () => {
    expect(admin.internalErrors).toEqual([]);
    await admin.close();
  });

  it("returns the description stored with a task and a workflow version", async () => {
    const id = { resourceType: ResourceType.TASK, ...PD, name: taskName, version: "v1" };
    const got = await admin.grpc.getDescriptionEntity({ id });
    expect(got.id).toMatchObject(id);
    expect(got.shortDescription).toBe("t1 in short");
    expect(got.longDescription?.content).toEqual({ case: "value", value: "# t1\nat length" });
    expect(got.longDescription?.format).toBe(DescriptionFormat.MARKDOWN);
    expect(got.sourceCode?.link).toBe("https://github.com/example/repo/blob/main/t1.py");
    expect(got.tags).toEqual(["docs", "t1"]);
    const wf = await admin.connect.getDescriptionEntity({
      id: { resourceType: ResourceType.WORKFLOW, ...PD, name: workflowName, version: "v2" },
    });
    expect(wf.shortDescription).toBe("wf in short");
  });

  it("has none for a version registered without a description", async () => {
    const err = await errorOf(
      admin.grpc.getDescriptionEntity({
        id: { resourceType: ResourceType.TASK, ...PD, name: taskName, version: "v3" },
      }),
    );
    expect(err.code).toBe(Code.NotFound);
  });

  it("lists the versions of one entity, or every entity of a project and domain", async () => {
    const versions = await admin.grpc.listDescriptionEntities({
      resourceType: ResourceType.TASK,
      id: { ...PD, name: taskName },
      limit: 10,
    });
    expect(versions.descriptionEntities.map((d) => d.id?.version).sort()).toEqual(["v1", "v2"]);
    const paged = await admin.grpc.listDescriptionEntities({
      resourceType: ResourceType.TASK,
      id: { ...PD, name: taskName },
      limit: 1,
    });
    expect(paged.descriptionEntities).toHaveLength(1);
    expect(paged.token).not.toBe("");
    const all = await admin.grpc.listDescriptionEntities({ resourceType: ResourceType.WORKFLOW, id: PD });
    expect(all.descriptionEntities.every((d) => d.id?.resourceType === ResourceType.WORKFLOW)).toBe(true);
    expect(all.descriptionEntities.map((d) => d.id?.name)).toContain(workflowName);
    const rest = await fetch(
      `${admin.server.url}/api/v1/description_entities/TASK/${PD.project}/${PD.domain}/${encodeURIComponent(taskName)}?limit=5`,
    );
    expect(rest.status).toBe(200);
    const json = (await rest.json()) as { descriptionEntities?: unknown[]; description_entities?: unknown[] };
    expect((json.description_entities ?? json.descriptionEntities ?? []).length).toBe(2);
  });

  it("rejects bad requests with INVALID_ARGUMENT naming the field", async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => admin.grpc.getDescriptionEntity({}), "id"],
      [
        () =>
          admin.grpc.getDescriptionEntity({
            id: { resourceType: 77 as ResourceType, ...PD, name: taskName, version: "v1" },
          }),
        "id.resource_type",
      ],
      [
        () => admin.grpc.getDescriptionEntity({ id: { resourceType: ResourceType.TASK, ...PD, name: taskName } }),
        "id.version",
      ],
      [() => admin.grpc.listDescriptionEntities({ resourceType: ResourceType.TASK }), "id"],
      [
        () => admin.grpc.listDescriptionEntities({ resourceType: ResourceType.TASK, id: { project: "flytesnacks" } }),
        "id.domain",
      ],
      [() => admin.grpc.listDescriptionEntities({ resourceType: 77 as ResourceType, id: PD }), "resource_type"],
    ];
    for (const [call, field] of cases) {
      const err = await errorOf(call());
      expect(err.code, field).toBe(Code.InvalidArgument);
      expect(err.rawMessage, field).toContain(field);
    }
  });

  it("reports the platform version, its git commit and build time", async () => {
    const root = JSON.parse(readFileSync(new URL("../../../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const v = (await admin.grpc.getVersion({})).controlPlaneVersion;
    expect(v?.Version).toBe(root.version);
    // This checkout is a git repository: the commit is known.
    const inCheckout = existsSync(new URL("../../../../.git/HEAD", import.meta.url));
    expect(v?.Build).toMatch(inCheckout ? /^[0-9a-f]{40}$/ : /^$/);
    expect(Number.isNaN(Date.parse(v?.BuildTime ?? ""))).toBe(false);
    const rest = await fetch(`${admin.server.url}/api/v1/version`);
    expect(rest.status).toBe(200);
    const json = (await rest.json()) as { control_plane_version?: { Version?: string } };
    expect(json.control_plane_version?.Version).toBe(root.version);
  });
});
