import { create, toBinary } from "@bufbuild/protobuf";
import { LaunchPlanCreateRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { TaskCreateRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import { WorkflowCreateRequestSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mutate, rng } from "../support/mutation.js";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { readSnacks, register, type SnackEntry } from "./snacks-package.js";

const PD = { project: "flytesnacks", domain: "development" };

function requestBytes(e: SnackEntry): { path: string; bytes: Uint8Array } {
  switch (e.kind) {
    case "task":
      return {
        path: "/api/v1/tasks",
        bytes: toBinary(
          TaskCreateRequestSchema,
          create(TaskCreateRequestSchema, { id: e.spec.template?.id, spec: e.spec }),
        ),
      };
    case "workflow":
      return {
        path: "/api/v1/workflows",
        bytes: toBinary(
          WorkflowCreateRequestSchema,
          create(WorkflowCreateRequestSchema, { id: e.spec.template?.id, spec: e.spec }),
        ),
      };
    case "launchPlan":
      return {
        path: "/api/v1/launch_plans",
        bytes: toBinary(
          LaunchPlanCreateRequestSchema,
          create(LaunchPlanCreateRequestSchema, { id: e.spec.id, spec: e.spec.spec }),
        ),
      };
  }
}

describe("mutated registration requests (binary protobuf over REST) never cause internal errors", () => {
  let admin: AdminFixture;
  const entries = readSnacks({ ...PD, version: "v1" }).filter(
    (e) => e.file.includes("basic_workflow") || e.file.includes("conditions") || e.file.includes(".lp."),
  );
  beforeAll(async () => {
    admin = await startAdmin();
    for (const e of entries) await register(admin.connect, e);
  });
  afterAll(async () => admin.close());

  it("answers 600 mutated requests with client errors or success, and stays healthy", async () => {
    const next = rng(20261201);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const entry = entries[Math.floor(next() * entries.length)]!;
      const { path, bytes } = requestBytes(entry);
      const res = await fetch(`${admin.server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", accept: "application/json" },
        body: mutate(bytes, next),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(
      [...statuses.keys()].every((s) => s < 500),
      JSON.stringify([...statuses]),
    ).toBe(true);
    expect(admin.internalErrors).toEqual([]);
    expect((await fetch(`${admin.server.url}/healthz`)).status).toBe(200);
    // What was registered before is still intact and still re-registers as identical.
    for (const e of entries) await register(admin.connect, e);
  });
});
