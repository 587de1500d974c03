import { ConnectError, type Client } from "@connectrpc/connect";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdmin, type AdminFixture } from "./admin-fixture.js";
import { readSnacks, type Scope, type SnackEntry } from "./snacks-package.js";

const SCOPE: Scope = { project: "flytesnacks", domain: "development", version: "v1" };

/** Sends one package entry the way flytectl does: CreateTask / CreateWorkflow / CreateLaunchPlan. */
export async function register(client: Client<typeof AdminService>, e: SnackEntry): Promise<void> {
  switch (e.kind) {
    case "task":
      await client.createTask({ id: e.spec.template?.id, spec: e.spec });
      return;
    case "workflow":
      await client.createWorkflow({ id: e.spec.template?.id, spec: e.spec });
      return;
    case "launchPlan":
      await client.createLaunchPlan({ id: e.spec.id, spec: e.spec.spec });
      return;
  }
}

describe("registering the snacks-core conformance package (SQLite file, real server)", () => {
  let admin: AdminFixture;
  const entries = readSnacks(SCOPE);
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
    expect(admin.internalErrors).toEqual([]);
  });
});
