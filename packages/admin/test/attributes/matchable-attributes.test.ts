import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import {
  MatchableResource,
  MatchingAttributesSchema,
  PluginOverride_MissingPluginBehavior,
  type MatchingAttributes,
} from "@flyte-ts/idl/gen/flyteidl/admin/matchable_resource_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepositories, resolveMatchingAttributes } from "../../src/index.js";
import { startAdmin, type AdminFixture } from "../registration/admin-fixture.js";
import { errorOf } from "../registration/rpc-errors.js";

const PD = { project: "flytesnacks", domain: "development" };
const queue = (...tags: string[]): MatchingAttributes =>
  create(MatchingAttributesSchema, { target: { case: "executionQueueAttributes", value: { tags } } });
const overrides = (...o: [string, string][]): MatchingAttributes =>
  create(MatchingAttributesSchema, {
    target: {
      case: "pluginOverrides",
      value: {
        overrides: o.map(([taskType, plugin]) => ({
          taskType,
          pluginId: [plugin],
          missingPluginBehavior: PluginOverride_MissingPluginBehavior.FAIL,
        })),
      },
    },
  });
const EQ = MatchableResource.EXECUTION_QUEUE;

describe("matchable attributes (real SQLite, real server)", () => {
  let f: AdminFixture;
  beforeAll(async () => {
    f = await startAdmin();
  });
  afterAll(async () => {
    expect(f.internalErrors).toEqual([]);
    await f.close();
  });

  it("stores, replaces, reads and deletes project-domain attributes", async () => {
    await f.grpc.updateProjectDomainAttributes({ attributes: { ...PD, matchingAttributes: queue("a") } });
    await f.grpc.updateProjectDomainAttributes({ attributes: { ...PD, matchingAttributes: queue("b", "c") } });
    const got = await f.connect.getProjectDomainAttributes({ ...PD, resourceType: EQ });
    expect(got.attributes?.project).toBe("flytesnacks");
    expect(got.attributes?.domain).toBe("development");
    expect(got.attributes?.matchingAttributes).toEqual(queue("b", "c"));
    // Other resource types of the same scope are separate.
    const other = await errorOf(
      f.grpc.getProjectDomainAttributes({ ...PD, resourceType: MatchableResource.TASK_RESOURCE }),
    );
    expect(other.code).toBe(Code.NotFound);
    await f.grpc.deleteProjectDomainAttributes({ ...PD, resourceType: EQ });
    expect((await errorOf(f.grpc.getProjectDomainAttributes({ ...PD, resourceType: EQ }))).code).toBe(Code.NotFound);
    expect((await errorOf(f.grpc.deleteProjectDomainAttributes({ ...PD, resourceType: EQ }))).code).toBe(Code.NotFound);
  });

  it("keeps project, project-domain and workflow levels apart; the most specific one applies", async () => {
    const repos = createRepositories(f.database.db);
    const at = (workflow?: string) =>
      resolveMatchingAttributes(repos, { ...PD, ...(workflow ? { workflow } : {}), resourceType: EQ });
    expect(await at()).toBeUndefined();
    await f.grpc.updateProjectAttributes({ attributes: { project: "flytesnacks", matchingAttributes: queue("p") } });
    expect(await at("wf")).toEqual(queue("p"));
    await f.grpc.updateProjectDomainAttributes({ attributes: { ...PD, matchingAttributes: queue("pd") } });
    expect(await at("wf")).toEqual(queue("pd"));
    await f.grpc.updateWorkflowAttributes({ attributes: { ...PD, workflow: "wf", matchingAttributes: queue("w") } });
    expect(await at("wf")).toEqual(queue("w"));
    expect(await at("other")).toEqual(queue("pd"));
    expect(
      await resolveMatchingAttributes(repos, {
        project: "flytesnacks",
        domain: "staging",
        workflow: "wf",
        resourceType: EQ,
      }),
    ).toEqual(queue("p"));

    expect((await f.grpc.getProjectAttributes({ project: "flytesnacks", resourceType: EQ })).attributes).toMatchObject({
      project: "flytesnacks",
      matchingAttributes: queue("p"),
    });
    const wf = await f.grpc.getWorkflowAttributes({ ...PD, workflow: "wf", resourceType: EQ });
    expect(wf.attributes).toMatchObject({ ...PD, workflow: "wf", matchingAttributes: queue("w") });

    const listed = await f.grpc.listMatchableAttributes({ resourceType: EQ });
    expect(listed.configurations.map((c) => [c.project, c.domain, c.workflow, c.attributes?.target.value])).toEqual([
      ["flytesnacks", "development", "wf", { $typeName: "flyteidl.admin.ExecutionQueueAttributes", tags: ["w"] }],
      ["flytesnacks", "development", "", { $typeName: "flyteidl.admin.ExecutionQueueAttributes", tags: ["pd"] }],
      ["flytesnacks", "", "", { $typeName: "flyteidl.admin.ExecutionQueueAttributes", tags: ["p"] }],
    ]);

    await f.grpc.deleteWorkflowAttributes({ ...PD, workflow: "wf", resourceType: EQ });
    expect(await at("wf")).toEqual(queue("pd"));
    await f.grpc.deleteProjectDomainAttributes({ ...PD, resourceType: EQ });
    await f.grpc.deleteProjectAttributes({ project: "flytesnacks", resourceType: EQ });
    expect((await f.grpc.listMatchableAttributes({ resourceType: EQ })).configurations).toEqual([]);
  });

  it("merges plugin overrides per task type", async () => {
    await f.grpc.updateProjectDomainAttributes({
      attributes: { ...PD, matchingAttributes: overrides(["spark", "k8s-spark"], ["ray", "ray-v1"]) },
    });
    await f.grpc.updateProjectDomainAttributes({
      attributes: { ...PD, matchingAttributes: overrides(["ray", "ray-v2"]) },
    });
    const got = await f.grpc.getProjectDomainAttributes({ ...PD, resourceType: MatchableResource.PLUGIN_OVERRIDE });
    expect(got.attributes?.matchingAttributes).toEqual(overrides(["spark", "k8s-spark"], ["ray", "ray-v2"]));
  });

  it("serves the REST routes (PUT then GET /api/v1/project_domain_attributes/...)", async () => {
    const url = `${f.server.url}/api/v1/project_domain_attributes/flytesnacks/production`;
    const put = await fetch(url, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        attributes: { matching_attributes: { execution_cluster_label: { value: "gpu-cluster" } } },
      }),
    });
    expect(put.status).toBe(200);
    const got = await fetch(`${url}?resource_type=EXECUTION_CLUSTER_LABEL`);
    expect(got.status).toBe(200);
    const body = (await got.json()) as { attributes: { matching_attributes: unknown; domain: string } };
    expect(body.attributes.domain).toBe("production");
    expect(body.attributes.matching_attributes).toEqual({ execution_cluster_label: { value: "gpu-cluster" } });
    const missing = await fetch(`${url}?resource_type=CLUSTER_ASSIGNMENT`);
    expect(missing.status).toBe(404);
  });

  it("rejects bad requests with INVALID_ARGUMENT naming the field", async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => f.grpc.updateProjectDomainAttributes({}), "attributes"],
      [() => f.grpc.updateProjectDomainAttributes({ attributes: { ...PD } }), "attributes.matching_attributes"],
      [
        () =>
          f.grpc.updateProjectDomainAttributes({
            attributes: { ...PD, matchingAttributes: create(MatchingAttributesSchema) },
          }),
        "attributes.matching_attributes",
      ],
      [
        () =>
          f.grpc.updateProjectDomainAttributes({
            attributes: { project: "nope", domain: "development", matchingAttributes: queue() },
          }),
        "attributes.project",
      ],
      [
        () =>
          f.grpc.updateProjectDomainAttributes({
            attributes: { project: "flytesnacks", domain: "qa", matchingAttributes: queue() },
          }),
        "attributes.domain",
      ],
      [
        () => f.grpc.updateProjectAttributes({ attributes: { project: "", matchingAttributes: queue() } }),
        "attributes.project",
      ],
      [
        () => f.grpc.updateWorkflowAttributes({ attributes: { ...PD, matchingAttributes: queue() } }),
        "attributes.workflow",
      ],
      [() => f.grpc.getProjectDomainAttributes({ project: "flytesnacks", resourceType: EQ }), "domain"],
      [() => f.grpc.getProjectDomainAttributes({ ...PD, resourceType: 42 as MatchableResource }), "resource_type"],
      [() => f.grpc.getProjectAttributes({ project: "nope", resourceType: EQ }), "project"],
      [() => f.grpc.getWorkflowAttributes({ ...PD, resourceType: EQ }), "workflow"],
      [
        () => f.grpc.deleteWorkflowAttributes({ ...PD, workflow: "wf", resourceType: 42 as MatchableResource }),
        "resource_type",
      ],
      [() => f.grpc.listMatchableAttributes({ resourceType: 42 as MatchableResource }), "resource_type"],
    ];
    for (const [call, field] of cases) {
      const err = await errorOf(call());
      expect(err.code, field).toBe(Code.InvalidArgument);
      expect(err.rawMessage, field).toContain(field);
    }
  });
});
