import { Code } from "@connectrpc/connect";
import type { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { NamedEntityState } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register } from "./snacks-package.js";

const PD = { project: "flytesnacks", domain: "development" };
const TASK = "core.flyte_basics.basic_workflow.t1";
const taskId = { resourceType: ResourceType.TASK, ...PD, name: TASK, version: "v1" };

describe("bad requests get INVALID_ARGUMENT naming the field; named entities", () => {
  let admin: AdminFixture;
  beforeAll(async () => {
    admin = await startAdmin();
    for (const e of readSnacks({ ...PD, version: "v1" }).filter((x) => x.file.includes("basic_workflow"))) {
      await register(admin.connect, e);
    }
  });
  afterAll(async () => admin.close());

  it("validates identifiers and specs of create requests", async () => {
    const c = admin.connect;
    const cases: [Promise<unknown>, RegExp][] = [
      [c.createTask({}), /id is required/],
      [
        c.createTask({ id: { ...taskId, version: "" }, spec: { template: { type: "python-task" } } }),
        /id.version is required/,
      ],
      [
        c.createTask({ id: { ...taskId, resourceType: ResourceType.WORKFLOW } }),
        /id.resource_type is WORKFLOW, expected TASK/,
      ],
      [c.createTask({ id: { ...taskId, resourceType: 99 as ResourceType } }), /id.resource_type is unknown \(99\)/],
      [c.createTask({ id: taskId }), /spec is required/],
      [c.createTask({ id: taskId, spec: {} }), /spec.template is required/],
      [
        c.createTask({ id: taskId, spec: { template: { type: "python-task", id: { ...taskId, name: "other" } } } }),
        /spec.template.id.name is "other" but id.name is/,
      ],
      [c.createWorkflow({ id: { ...taskId, resourceType: ResourceType.WORKFLOW } }), /spec is required/],
      [
        c.createLaunchPlan({ id: { ...taskId, resourceType: ResourceType.LAUNCH_PLAN }, spec: {} }),
        /spec.workflow_id is required/,
      ],
    ];
    for (const [call, message] of cases) {
      const err = await errorOf(call);
      expect(err.code, String(message)).toBe(Code.InvalidArgument);
      expect(err.rawMessage).toMatch(message);
    }
  });

  it("validates gets and lists: ids, filters, sort, limit, token", async () => {
    const c = admin.connect;
    const cases: [Promise<unknown>, RegExp][] = [
      [c.getTask({}), /id is required/],
      [c.getTask({ id: { ...taskId, project: "" } }), /id.project is required/],
      [c.listTasks({ id: { project: "flytesnacks", domain: "" } }), /id.domain is required/],
      [c.listTasks({ id: PD, filters: "eq(colour,red)" }), /task has no filterable field "colour"/],
      [c.listTasks({ id: PD, filters: "explode(name,x)" }), /unknown function "explode"/],
      [c.listTasks({ id: PD, filters: "eq(name" }), /invalid filter/],
      [c.listTasks({ id: PD, filters: "gte(created_at,yesterday)" }), /is not a timestamp/],
      [c.listTasks({ id: PD, sortBy: { key: "colour" } }), /cannot be sorted by "colour"/],
      [
        c.listTasks({ id: PD, sortBy: { key: "name", direction: 9 as Sort_Direction } }),
        /sort_by.direction has unknown value 9/,
      ],
      [c.listTasks({ id: PD, limit: 10_001 }), /limit must be at most 10000/],
      [c.listTasks({ id: PD, token: "abc" }), /token "abc" is not a pagination token/],
      [c.listTaskIds({ project: "flytesnacks" }), /domain is required/],
      [c.listActiveLaunchPlans({ domain: "development" }), /project is required/],
      [c.getActiveLaunchPlan({ id: { ...PD } }), /id.name is required/],
      [c.listNamedEntities({ ...PD, resourceType: ResourceType.DATASET }), /resource_type has unknown value 4/],
    ];
    for (const [call, message] of cases) {
      const err = await errorOf(call);
      expect(err.code, String(message)).toBe(Code.InvalidArgument);
      expect(err.rawMessage).toMatch(message);
    }
    expect((await errorOf(c.getTask({ id: { ...taskId, version: "v404" } }))).code).toBe(Code.NotFound);
  });

  it("gets, lists and updates named entities", async () => {
    const c = admin.connect;
    const id = { ...PD, name: TASK };
    const got = await c.getNamedEntity({ resourceType: ResourceType.TASK, id });
    expect(got.metadata?.state).toBe(NamedEntityState.NAMED_ENTITY_ACTIVE);
    const list = await c.listNamedEntities({ ...PD, resourceType: ResourceType.TASK, limit: 10 });
    expect(list.entities.map((e) => e.id?.name).sort()).toEqual([TASK, "core.flyte_basics.basic_workflow.t2"]);
    await c.updateNamedEntity({
      resourceType: ResourceType.TASK,
      id,
      metadata: { description: "first task", state: NamedEntityState.NAMED_ENTITY_ARCHIVED },
    });
    const after = await c.getNamedEntity({ resourceType: ResourceType.TASK, id });
    expect(after.metadata).toMatchObject({ description: "first task", state: NamedEntityState.NAMED_ENTITY_ARCHIVED });
    const archived = await c.listNamedEntities({
      ...PD,
      resourceType: ResourceType.TASK,
      limit: 10,
      filters: "eq(state,NAMED_ENTITY_ARCHIVED)",
    });
    expect(archived.entities.map((e) => e.id?.name)).toEqual([TASK]);
    const wf = await c.listNamedEntities({ ...PD, resourceType: ResourceType.WORKFLOW, limit: 10 });
    expect(wf.entities.map((e) => e.id?.name)).toEqual(["core.flyte_basics.basic_workflow.my_wf"]);

    const missing = await errorOf(c.getNamedEntity({ resourceType: ResourceType.TASK, id: { ...id, name: "nope" } }));
    expect(missing.code).toBe(Code.NotFound);
    const updMissing = await errorOf(
      c.updateNamedEntity({ resourceType: ResourceType.LAUNCH_PLAN, id: { ...id, name: "nope" }, metadata: {} }),
    );
    expect(updMissing.code).toBe(Code.NotFound);
    const badState = await errorOf(
      c.updateNamedEntity({ resourceType: ResourceType.TASK, id, metadata: { state: 5 as NamedEntityState } }),
    );
    expect(badState.rawMessage).toMatch(/metadata.state has unknown value 5/);
    const noMeta = await errorOf(c.updateNamedEntity({ resourceType: ResourceType.TASK, id }));
    expect(noMeta.rawMessage).toMatch(/metadata is required/);
  });

  it("answers UNIMPLEMENTED (not internal) for RPCs that come later, on every protocol", async () => {
    const err = await errorOf(admin.connect.createExecution({ project: "flytesnacks", domain: "development" }));
    expect(err.code).toBe(Code.Unimplemented);
    expect(err.rawMessage).toMatch(/CreateExecution is not implemented/);
    expect((await errorOf(admin.grpc.listExecutions({}))).code).toBe(Code.Unimplemented);
    const rest = await fetch(`${admin.server.url}/api/v1/executions/flytesnacks/development`);
    expect(rest.status).toBe(501);
  });

  it("REST: malformed bodies and bad query values are 400, never 500", async () => {
    const url = admin.server.url;
    const badJson = await fetch(`${url}/api/v1/tasks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"id": {"resource_type": "TASK"',
    });
    expect(badJson.status).toBe(400);
    const badProto = await fetch(`${url}/api/v1/workflows`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff]),
    });
    expect(badProto.status).toBe(400);
    const emptyBody = await fetch(`${url}/api/v1/launch_plans`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(emptyBody.status).toBe(400);
    expect(((await emptyBody.json()) as { message: string }).message).toMatch(/id is required/);
    const badFilter = await fetch(`${url}/api/v1/tasks/flytesnacks/development?filters=eq(nope,1)`);
    expect(badFilter.status).toBe(400);
    const named = await fetch(`${url}/api/v1/named_entities/TASK/flytesnacks/development?limit=5`);
    expect(named.status).toBe(200);
    expect(admin.internalErrors).toEqual([]);
  });
});
