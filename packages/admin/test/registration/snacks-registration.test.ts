import { clone, create, fromBinary, toJson } from "@bufbuild/protobuf";
import { DescriptionEntitySchema } from "@flyte-ts/idl/gen/flyteidl/admin/description_entity_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { createRepositories } from "../../src/persistence/repositories.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { LaunchPlanState } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskSchema, TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { CreateWorkflowFailureReasonSchema, WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { LaunchPlanSchema, LaunchPlanSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskTemplateSchema } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register, type Scope, type SnackEntry } from "./snacks-package.js";

const SCOPE: Scope = { project: "flytesnacks", domain: "development", version: "v1" };
const PD = { project: SCOPE.project, domain: SCOPE.domain };

const find = <K extends SnackEntry["kind"]>(entries: SnackEntry[], kind: K, file: string) => {
  const e = entries.find((x) => x.kind === kind && x.file.includes(file));
  if (!e) throw new Error(`no ${kind} ${file} in the package`);
  return e as Extract<SnackEntry, { kind: K }>;
};

describe("registering the snacks-core conformance package (SQLite file, real server)", () => {
  let admin: AdminFixture;
  const entries = readSnacks(SCOPE);
  const count = (kind: SnackEntry["kind"]) => entries.filter((e) => e.kind === kind).length;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => admin.close());

  it("registers every task, workflow and launch plan over gRPC", async () => {
    const failures: string[] = [];
    for (const e of entries) {
      try {
        await register(admin.grpc, e);
      } catch (err) {
        failures.push(`${e.file}: ${ConnectError.from(err).rawMessage}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("returns what was registered (get and paged list round-trips)", async () => {
    const t = find(entries, "task", "basic_workflow.t1_1");
    const task = await admin.connect.getTask({ id: t.spec.template?.id });
    expect(
      toJson(TaskTemplateSchema, task.closure?.compiledTask?.template ?? clone(TaskTemplateSchema, t.spec.template!)),
    ).toEqual(toJson(TaskTemplateSchema, t.spec.template!));
    expect(task.closure?.createdAt).toBeDefined();

    const w = find(entries, "workflow", "basic_workflow.my_wf_2");
    const wf = await admin.connect.getWorkflow({ id: w.spec.template?.id });
    const compiled = wf.closure?.compiledWorkflow;
    expect(compiled?.primary?.template?.id).toEqual(w.spec.template?.id);
    expect(compiled?.tasks.map((x) => x.template?.id?.name).sort()).toEqual([
      "core.flyte_basics.basic_workflow.t1",
      "core.flyte_basics.basic_workflow.t2",
    ]);
    expect(compiled?.primary?.connections?.downstream.n0?.ids).toContain("n1");

    const seen: string[] = [];
    let token = "";
    do {
      const page = await admin.connect.listTasks({ id: PD, limit: 7, token });
      seen.push(...page.tasks.map((x) => x.id?.name ?? ""));
      token = page.token;
    } while (token !== "");
    expect(seen).toHaveLength(count("task"));
    expect(new Set(seen).size).toBe(count("task"));

    const wfIds = await admin.connect.listWorkflowIds({ ...PD, limit: 1000 });
    expect(wfIds.entities).toHaveLength(count("workflow"));
    const lpIds = await admin.grpc.listLaunchPlanIds({ ...PD, limit: 1000 });
    expect(lpIds.entities).toHaveLength(
      new Set(entries.filter((e) => e.kind === "launchPlan").map((e) => e.spec.id?.name)).size,
    );
    const versions = await admin.connect.listWorkflows({
      id: { ...PD, name: "core.flyte_basics.basic_workflow.my_wf" },
      limit: 10,
    });
    expect(versions.workflows.map((x) => x.id?.version)).toEqual(["v1"]);
    const filtered = await admin.connect.listTasks({ id: PD, limit: 100, filters: "contains(name,basic_workflow)" });
    expect(filtered.tasks.map((x) => x.id?.name).sort()).toEqual([
      "core.flyte_basics.basic_workflow.t1",
      "core.flyte_basics.basic_workflow.t2",
    ]);
  });

  it("fills launch plan closures: expected inputs/outputs, INACTIVE", async () => {
    const lp = find(entries, "launchPlan", "morning_greeting_3");
    const got = await admin.connect.getLaunchPlan({ id: lp.spec.id });
    expect(got.closure?.state).toBe(LaunchPlanState.INACTIVE);
    const expected = got.closure?.expectedInputs?.parameters ?? {};
    // `am` is fixed (left out), `number` keeps its default, `day_of_week` is required.
    expect(Object.keys(expected).sort()).toEqual(["day_of_week", "number"]);
    expect(expected.day_of_week?.behavior).toEqual({ case: "required", value: true });
    expect(expected.number?.behavior.case).toBe("default");
    expect(Object.keys(got.closure?.expectedOutputs?.variables ?? {})).not.toHaveLength(0);
    expect(toJson(LaunchPlanSpecSchema, got.spec!)).toEqual(toJson(LaunchPlanSpecSchema, lp.spec.spec!));
  });

  it("accepts identical re-registration of the whole package (OK, nothing duplicated)", async () => {
    for (const e of entries) await register(admin.connect, e);
    const tasks = await admin.connect.listTasks({ id: PD, limit: 1000 });
    expect(tasks.tasks).toHaveLength(count("task"));
    // Normalised before comparing: map order and explicitly-set defaults do not make content differ.
    const t = clone(TaskSpecSchema, find(entries, "task", "basic_workflow.t1_1").spec);
    const outputs = t.template!.interface!.outputs!;
    outputs.variables = Object.fromEntries(Object.entries(outputs.variables).reverse());
    t.template!.metadata!.discoverable = false;
    await admin.connect.createTask({ id: t.template?.id, spec: t });
  });

  it("rejects different content under the same id with ALREADY_EXISTS and a field diff", async () => {
    const t = clone(TaskSpecSchema, find(entries, "task", "basic_workflow.t1_1").spec);
    const oldImage = t.template?.target.case === "container" ? t.template.target.value.image : "";
    if (t.template?.target.case === "container") t.template.target.value.image = "example.com/other:2";
    const err = await errorOf(admin.connect.createTask({ id: t.template?.id, spec: t }));
    expect(err.code).toBe(Code.AlreadyExists);
    expect(err.metadata.get("flyte-error-code")).toBe("ExistsDifferentStructure");
    expect(err.rawMessage).toContain("already exists with different structure");
    expect(err.rawMessage).toContain(`template.container.image: "${oldImage}" → "example.com/other:2"`);

    const w = clone(WorkflowSpecSchema, find(entries, "workflow", "basic_workflow.my_wf_2").spec);
    w.template!.nodes[1]!.metadata!.name = "renamed";
    const werr = await errorOf(admin.grpc.createWorkflow({ id: w.template?.id, spec: w }));
    expect(werr.code).toBe(Code.AlreadyExists);
    expect(werr.rawMessage).toContain('template.nodes[1].metadata.name: "t2" → "renamed"');
    const [reason] = werr.findDetails(CreateWorkflowFailureReasonSchema);
    expect(reason?.reason.case).toBe("existsDifferentStructure");
    expect(reason?.reason.value?.id?.name).toBe("core.flyte_basics.basic_workflow.my_wf");

    const lp = clone(LaunchPlanSchema, find(entries, "launchPlan", "default_4_lp_3").spec);
    const dflt = lp.spec!.defaultInputs!.parameters.val!;
    if (dflt.behavior.case === "default" && dflt.behavior.value.value.case === "scalar") {
      const scalar = dflt.behavior.value.value.value;
      if (scalar.value.case === "primitive") scalar.value.value.value = { case: "integer", value: 5n };
    }
    const lerr = await errorOf(admin.connect.createLaunchPlan({ id: lp.id, spec: lp.spec }));
    expect(lerr.code).toBe(Code.AlreadyExists);
    expect(lerr.rawMessage).toContain('spec.default_inputs.parameters.val.default.scalar.primitive.integer: "4" → "5"');

    // The same change under a new version is a new, independent version.
    t.template!.id!.version = "v2";
    await admin.connect.createTask({ id: t.template?.id, spec: t });
    const v2 = await admin.connect.getTask({ id: t.template?.id });
    expect(v2.closure?.compiledTask?.template?.target.value).toMatchObject({ image: "example.com/other:2" });
  });

  it("keeps a spec's description: short description on the task, description entity stored", async () => {
    const t = clone(TaskSpecSchema, find(entries, "task", "basic_workflow.t1_1").spec);
    t.template!.id!.version = "described";
    t.description = create(DescriptionEntitySchema, {
      shortDescription: "adds one",
      longDescription: { content: { case: "value", value: "A longer story." } },
    });
    await admin.connect.createTask({ id: t.template?.id, spec: t });
    expect((await admin.connect.getTask({ id: t.template?.id })).shortDescription).toBe("adds one");
    const stored = await createRepositories(admin.database.db).descriptionEntities.get(ResourceType.TASK, {
      ...PD,
      name: t.template!.id!.name,
      version: "described",
    });
    expect(stored.shortDescription).toBe("adds one");
    // A description alone does not make the content different.
    t.description.shortDescription = "adds one, reworded";
    await admin.connect.createTask({ id: t.template?.id, spec: t });
  });

  it("serves REST JSON: GET /api/v1/projects and /api/v1/tasks/{project}/{domain}", async () => {
    const projects = await fetch(`${admin.server.url}/api/v1/projects`);
    expect(projects.status).toBe(200);
    const pj = (await projects.json()) as { projects: { id: string; domains: { id: string }[] }[] };
    const snacks = pj.projects.find((p) => p.id === "flytesnacks");
    expect(snacks?.domains.map((d) => d.id)).toEqual(["development", "staging", "production"]);

    const res = await fetch(
      `${admin.server.url}/api/v1/tasks/flytesnacks/development?limit=3&sort_by.key=name&sort_by.direction=ASCENDING`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tasks: { id: { name: string; resource_type: string } }[]; token: string };
    expect(body.tasks).toHaveLength(3);
    expect(body.token).toBe("3");
    expect(body.tasks[0]?.id.resource_type).toBe("TASK");
    const names = body.tasks.map((x) => x.id.name);
    expect(names).toEqual([...names].sort());

    // A GET path carries no resource type: the server implies it (as Flyte). Binary protobuf answer.
    const one = await fetch(`${admin.server.url}/api/v1/tasks/flytesnacks/development/${names[0]}/v1`, {
      headers: { accept: "application/octet-stream" },
    });
    expect(one.headers.get("content-type")).toBe("application/octet-stream");
    const task = fromBinary(TaskSchema, new Uint8Array(await one.arrayBuffer()));
    expect(task.id?.name).toBe(names[0]);
    expect(task.closure?.compiledTask?.template?.id?.version).toBe("v1");
    const wf = await fetch(
      `${admin.server.url}/api/v1/workflows/flytesnacks/development/core.flyte_basics.basic_workflow.my_wf/v1`,
    );
    const wfJson = (await wf.json()) as {
      closure: { compiled_workflow: { primary: { template: { nodes: unknown[] } } } };
    };
    expect(wfJson.closure.compiled_workflow.primary.template.nodes.length).toBeGreaterThan(0);
    const archive = await fetch(`${admin.server.url}/api/v1/projects/flytesnacks`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ state: "ARCHIVED" }),
    });
    expect(archive.status).toBe(200);
    expect((await admin.connect.getProject({ id: "flytesnacks" })).state).toBe(1);
    expect(admin.internalErrors).toEqual([]);
  });
});
