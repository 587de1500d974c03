import { clone } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { TaskSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowSpecSchema, type WorkflowSpec } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { LaunchPlanSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register, type SnackEntry } from "./snacks-package.js";

const SCOPE = { project: "flytesnacks", domain: "development", version: "v1" };

describe("registration surfaces compile errors and missing references", () => {
  let admin: AdminFixture;
  const entries = readSnacks(SCOPE).filter((e) => e.file.includes("basic_workflow") || e.file.includes(".lp."));
  const spec = (file: string) => {
    const e = entries.find((x) => x.file.includes(file));
    if (!e) throw new Error(`missing ${file}`);
    return e;
  };
  const workflow = (version: string): WorkflowSpec => {
    const e = spec("basic_workflow.my_wf_2") as Extract<SnackEntry, { kind: "workflow" }>;
    const w = clone(WorkflowSpecSchema, e.spec);
    w.template!.id!.version = version;
    return w;
  };
  beforeAll(async () => {
    admin = await startAdmin();
    for (const e of entries) await register(admin.connect, e);
  });
  afterAll(async () => admin.close());

  it("lists every compile error of a workflow, naming node and variable", async () => {
    const w = workflow("bad-1");
    const n1 = w.template!.nodes[1]!;
    // Drop the binding of n1's input "b" and bind its "a" (a string) to n0's integer output.
    n1.inputs = n1.inputs.filter((b) => b.var !== "b");
    const a = n1.inputs.find((b) => b.var === "a")!;
    if (a.binding?.value.case === "promise") a.binding.value.value.var = "t1_int_output";
    const err = await errorOf(admin.connect.createWorkflow({ id: w.template?.id, spec: w }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.metadata.get("flyte-error-code")).toBe("CompilationFailed");
    expect(err.rawMessage).toMatch(/failed to compile with 2 error\(s\)/);
    expect(err.rawMessage).toMatch(/\[ParameterNotBound\].*\(node n1, variable b\)/);
    expect(err.rawMessage).toMatch(/\[MismatchingTypes\].*\(node n1, variable a\)/);
    // Nothing was stored.
    const notThere = await errorOf(admin.connect.getWorkflow({ id: w.template?.id }));
    expect(notThere.code).toBe(Code.NotFound);
  });

  it("rejects cycles and references to nodes that do not exist", async () => {
    const w = workflow("bad-2");
    w.template!.nodes[0]!.upstreamNodeIds = ["n1"];
    w.template!.nodes[1]!.upstreamNodeIds = ["n0", "nowhere"];
    const err = await errorOf(admin.grpc.createWorkflow({ id: w.template?.id, spec: w }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(/\[NodeReferenceNotFound\].*nowhere.*\(node n1\)/);
    expect(err.rawMessage).toMatch(/\[CycleDetected\].*n0>n1>n0/);
  });

  it("names every unregistered reference and the node that uses it (NOT_FOUND)", async () => {
    const w = workflow("bad-3");
    for (const n of w.template!.nodes)
      if (n.target.case === "taskNode" && n.target.value.reference.case === "referenceId")
        n.target.value.reference.value.version = "v9";
    const err = await errorOf(admin.connect.createWorkflow({ id: w.template?.id, spec: w }));
    expect(err.code).toBe(Code.NotFound);
    expect(err.metadata.get("flyte-error-code")).toBe("ReferenceNotFound");
    expect(err.rawMessage).toContain("task flytesnacks:development:core.flyte_basics.basic_workflow.t1:v9 (node n0)");
    expect(err.rawMessage).toContain("task flytesnacks:development:core.flyte_basics.basic_workflow.t2:v9 (node n1)");
  });

  it("asks for complete references (a client must fill project, domain and version)", async () => {
    const w = workflow("bad-4");
    const n0 = w.template!.nodes[0]!;
    if (n0.target.case === "taskNode" && n0.target.value.reference.case === "referenceId") {
      n0.target.value.reference.value.version = "";
    }
    const err = await errorOf(admin.connect.createWorkflow({ id: w.template?.id, spec: w }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(
      /node n0: the task it references \(core.flyte_basics.basic_workflow.t1\) has no version/,
    );
  });

  it("lists task compile errors", async () => {
    const t = clone(TaskSpecSchema, (spec("basic_workflow.t1_1") as Extract<SnackEntry, { kind: "task" }>).spec);
    t.template!.id!.version = "bad";
    if (t.template?.target.case === "container") {
      t.template.target.value.image = "";
      t.template.target.value.resources = {
        $typeName: "flyteidl.core.Resources",
        requests: [{ $typeName: "flyteidl.core.Resources.ResourceEntry", name: 1, value: "lots" }],
        limits: [],
      };
    }
    const err = await errorOf(admin.connect.createTask({ id: t.template?.id, spec: t }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(
      /task flytesnacks:development:core.flyte_basics.basic_workflow.t1:bad failed to compile/,
    );
    expect(err.rawMessage).toMatch(/\[ValueRequired\] .*container image is required \(at container\)/);
    expect(err.rawMessage).toMatch(/\[UnrecognizedValue\] .*'lots'.*\(at resources.CPU\)/);
  });

  it("checks launch plans against their workflow (types, unknown inputs, schedules, missing workflow)", async () => {
    const base = (spec("lp.my_wf_3") as Extract<SnackEntry, { kind: "launchPlan" }>).spec;
    const lp = clone(LaunchPlanSchema, base);
    lp.id!.version = "bad-1";
    const p = lp.spec!.defaultInputs!.parameters;
    const [name] = Object.keys(p);
    p[name!] = {
      ...p[name!]!,
      behavior: {
        case: "default",
        value: {
          $typeName: "flyteidl.core.Literal",
          value: {
            case: "scalar",
            value: {
              $typeName: "flyteidl.core.Scalar",
              value: {
                case: "primitive",
                value: { $typeName: "flyteidl.core.Primitive", value: { case: "stringValue", value: "x" } },
              },
            },
          },
          hash: "",
          metadata: {},
        },
      },
    };
    p.nope = { ...p[name!]! };
    lp.spec!.entityMetadata = {
      $typeName: "flyteidl.admin.LaunchPlanMetadata",
      notifications: [],
      schedule: {
        $typeName: "flyteidl.admin.Schedule",
        kickoffTimeInputArg: "",
        ScheduleExpression: { case: "cronExpression", value: "not a cron" },
      },
    };
    const err = await errorOf(admin.connect.createLaunchPlan({ id: lp.id, spec: lp.spec }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(/\[MismatchingTypes\].*\(variable .+\)/);
    expect(err.rawMessage).toMatch(/\[UnknownInput\].*\(variable nope\)/);
    expect(err.rawMessage).toMatch(/\[InvalidSchedule\]/);

    const orphan = clone(LaunchPlanSchema, base);
    orphan.id!.version = "bad-2";
    orphan.spec!.workflowId!.version = "v404";
    const nf = await errorOf(admin.connect.createLaunchPlan({ id: orphan.id, spec: orphan.spec }));
    expect(nf.code).toBe(Code.NotFound);
    expect(nf.rawMessage).toContain(
      "workflow flytesnacks:development:core.flyte_basics.lp.my_wf:v404 (spec.workflow_id)",
    );
    expect(admin.internalErrors).toEqual([]);
  });
});
