import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { WorkflowSpecSchema, type WorkflowSpec } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { IdentifierSchema, ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { errorOf } from "./rpc-errors.js";
import { readSnacks, register } from "./snacks-package.js";

const PD = { project: "flytesnacks", domain: "development" };
const id = (resourceType: ResourceType, name: string, version = "v1") =>
  create(IdentifierSchema, { resourceType, ...PD, name, version });

/** `parent(x?: int) -> o0: int` calling launch plan `lpName` (of `core.flyte_basics.lp.my_wf`) in node n0. */
function parentCalling(lpName: string, version: string, bindVal: boolean): WorkflowSpec {
  const intType = { type: { case: "simple" as const, value: SimpleType.INTEGER } };
  return create(WorkflowSpecSchema, {
    template: {
      id: id(ResourceType.WORKFLOW, "parent_calls_lp", version),
      interface: {
        inputs: { variables: { x: { type: intType } } },
        outputs: { variables: { o0: { type: intType } } },
      },
      nodes: [
        {
          id: "n0",
          inputs: bindVal
            ? [{ var: "val", binding: { value: { case: "promise", value: { nodeId: "start-node", var: "x" } } } }]
            : [],
          target: {
            case: "workflowNode",
            value: { reference: { case: "launchplanRef", value: id(ResourceType.LAUNCH_PLAN, lpName) } },
          },
        },
      ],
      outputs: [{ var: "o0", binding: { value: { case: "promise", value: { nodeId: "n0", var: "o0" } } } }],
    },
  });
}

describe("workflows calling launch plans compile against the stored launch plan interface", () => {
  let admin: AdminFixture;
  beforeAll(async () => {
    admin = await startAdmin();
    for (const e of readSnacks({ ...PD, version: "v1" }).filter(
      (x) => x.file.includes(".lp.") || x.file.includes("default_4_lp"),
    )) {
      await register(admin.connect, e);
    }
    // A launch plan of the same workflow without defaults: `val` is required.
    await admin.connect.createLaunchPlan({
      id: id(ResourceType.LAUNCH_PLAN, "required_val_lp"),
      spec: { workflowId: id(ResourceType.WORKFLOW, "core.flyte_basics.lp.my_wf") },
    });
  });
  afterAll(async () => admin.close());

  it("an input with a launch-plan default need not be bound", async () => {
    const spec = parentCalling("default_4_lp", "a", false);
    await admin.connect.createWorkflow({ id: spec.template?.id, spec });
    const wf = await admin.connect.getWorkflow({ id: spec.template?.id });
    const n0 = wf.closure?.compiledWorkflow?.primary?.template?.nodes.find((n) => n.id === "n0");
    expect(n0?.target.case).toBe("workflowNode");
    expect(Object.keys(wf.closure?.compiledWorkflow?.primary?.template?.interface?.outputs?.variables ?? {})).toEqual([
      "o0",
    ]);
  });

  it("a required launch-plan input must be bound (node and variable named)", async () => {
    const unbound = parentCalling("required_val_lp", "b", false);
    const err = await errorOf(admin.connect.createWorkflow({ id: unbound.template?.id, spec: unbound }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.rawMessage).toMatch(/\[ParameterNotBound\].*\(node n0, variable val\)/);
    const bound = parentCalling("required_val_lp", "c", true);
    await admin.connect.createWorkflow({ id: bound.template?.id, spec: bound });
  });

  it("an unregistered launch plan is NOT_FOUND, naming the node", async () => {
    const spec = parentCalling("no_such_lp", "d", true);
    const err = await errorOf(admin.connect.createWorkflow({ id: spec.template?.id, spec }));
    expect(err.code).toBe(Code.NotFound);
    expect(err.rawMessage).toContain("launch plan flytesnacks:development:no_such_lp:v1 (node n0)");
    expect(admin.internalErrors).toEqual([]);
  });
});
