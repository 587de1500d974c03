import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "./helpers.js";
import { FIX, startNounsServer, type NounsServer } from "./nouns-fixture.js";

let s: NounsServer;
let dir: string;
beforeAll(async () => {
  s = await startNounsServer();
  dir = mkdtempSync(join(tmpdir(), "flyte-cli-attrs-"));
});
afterAll(async () => {
  await s?.close();
});

const cli = (...args: string[]) => runCli(args, { env: s.env, cwd: dir });
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe("flyte create|update project", () => {
  it("creates a project with labels, then archives, activates and renames it", async () => {
    const made = await cli("create", "project", "--id", "ml-team", "--name", "ML team", "--label", "team=ml");
    expect(made.code).toBe(0);
    expect(made.stdout).toBe("created project ml-team\n");
    const shown = JSON.parse((await cli("get", "project", "ml-team", "-o", "json")).stdout) as {
      name: string;
      state: string;
      labels: { values: Record<string, string> };
    };
    expect(shown).toMatchObject({ name: "ML team", state: "ACTIVE", labels: { values: { team: "ml" } } });

    const again = await cli("create", "project", "--id", "ml-team");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("ml-team");

    expect((await cli("update", "project", "ml-team", "--archive")).stdout).toBe("archived project ml-team\n");
    const archived = await cli("get", "project", "ml-team");
    expect(archived.stdout).toMatch(/^ml-team\s+ML team\s+ARCHIVED/m);
    const listed = await cli("get", "project", "--filter", "state=archived", "-o", "json");
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((p) => p.id)).toEqual(["ml-team"]);
    expect((await cli("update", "project", "ml-team", "--activate", "--description", "training")).code).toBe(0);
    expect((await cli("update", "project", "ml-team", "--name", "ML platform")).code).toBe(0);
    const table = await cli("get", "project", "ml-team");
    expect(table.stdout).toMatch(/^ml-team\s+ML platform\s+ACTIVE\s+training\s+team=ml$/m);
  });

  it("rejects bad ids, empty updates and unknown projects", async () => {
    const badId = await cli("create", "project", "--id", "Bad_Id");
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain("--id must be lowercase letters");
    const noId = await cli("create", "project");
    expect(noId.code).toBe(2);
    const badLabel = await cli("create", "project", "--id", "x1", "--label", "nolabel");
    expect(badLabel.code).toBe(2);
    const nothing = await cli("update", "project", "flytesnacks");
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain("nothing to change");
    const both = await cli("update", "project", "flytesnacks", "--archive", "--activate");
    expect(both.code).toBe(2);
    const unknown = await cli("update", "project", "flytesnack", "--archive");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Did you mean 'flytesnacks'?");
  });
});

describe("flyte get|create|update|delete attributes", () => {
  it("sets, shows, replaces and deletes project-domain task resources", async () => {
    const none = await cli("get", "attributes");
    expect(none.code).toBe(0);
    expect(none.stdout).toBe("TYPE  SCOPE  ATTRIBUTES\n");
    expect(none.stderr).toContain("no attributes are set for flytesnacks/development");

    const attrs = file("attrs.yaml", "defaults:\n  cpu: 1\n  memory: 1Gi\nlimits:\n  cpu: '4'\n  memory: 8Gi\n");
    const created = await cli("create", "attributes", "--type", "task_resource", "--file", attrs);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toBe("created task_resource attributes of flytesnacks/development\n");

    const twice = await cli("create", "attributes", "--type", "task_resource", "--file", attrs);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(
      "already set for flytesnacks/development: replace them with flyte update attributes",
    );

    const yaml = await cli("get", "attributes", "--type", "task_resource", "-o", "yaml");
    expect(yaml.code).toBe(0);
    const doc = parseYaml(yaml.stdout) as {
      project: string;
      domain: string;
      defaults: { cpu: string };
      limits: object;
    };
    expect(doc).toMatchObject({ project: "flytesnacks", domain: "development", defaults: { cpu: "1", memory: "1Gi" } });

    // What get prints is a file update reads back.
    doc.defaults.cpu = "2";
    const edited = file("edited.yaml", JSON.stringify(doc));
    expect((await cli("update", "attributes", "--type", "task_resource", "--file", edited)).code).toBe(0);
    const table = await cli("get", "attributes");
    expect(table.stdout).toMatch(/^task_resource\s+flytesnacks\/development\s+\{"defaults":\{"cpu":"2"/m);

    const del = await cli("delete", "attributes", "--type", "task_resource");
    expect(del.code).toBe(0);
    expect(del.stdout).toBe("deleted task_resource attributes of flytesnacks/development\n");
    const gone = await cli("get", "attributes", "--type", "task_resource");
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("no task_resource attributes are set for flytesnacks/development (NOT_FOUND)");
    const delAgain = await cli("delete", "attributes", "--type", "task_resource");
    expect(delAgain.code).toBe(1);
  });

  it("scopes attributes to a workflow, to a whole project, and to the project/domain the file names", async () => {
    const queue = file("queue.yaml", "tags: [gpu, critical]\n");
    const wf = await cli(
      "update",
      "attributes",
      "--type",
      "execution_queue",
      "--workflow",
      `${FIX}.quad`,
      "--file",
      queue,
    );
    expect(wf.code).toBe(0);
    expect(wf.stdout).toContain(`workflow ${FIX}.quad in flytesnacks/development`);
    const wfShown = await cli("get", "attributes", "--workflow", `${FIX}.quad`, "-o", "json");
    expect(JSON.parse(wfShown.stdout)).toEqual([
      {
        type: "execution_queue",
        project: "flytesnacks",
        domain: "development",
        workflow: `${FIX}.quad`,
        tags: ["gpu", "critical"],
      },
    ]);
    // The project/domain level does not see the workflow's attributes.
    expect((await cli("get", "attributes", "--type", "execution_queue")).code).toBe(1);

    const pool = file("pool.yaml", "cluster_pool_name: gpu-pool\n");
    const proj = await cli("create", "attributes", "--type", "cluster_assignment", "--project-level", "--file", pool);
    expect(proj.code).toBe(0);
    expect(proj.stdout).toContain("of project flytesnacks");
    const projShown = await cli("get", "attributes", "--type", "cluster_assignment", "--project-level", "-o", "json");
    expect(JSON.parse(projShown.stdout)).toEqual({ project: "flytesnacks", cluster_pool_name: "gpu-pool" });

    const scoped = file("scoped.yaml", "project: flytesnacks\ndomain: staging\nvalue: blue\n");
    const label = await cli("create", "attributes", "--type", "execution_cluster_label", "--file", scoped);
    expect(label.stdout).toContain("of flytesnacks/staging");
    const stagingShown = await cli("get", "attributes", "-d", "staging", "-o", "yaml");
    expect(stagingShown.stdout).toContain("type: execution_cluster_label");
    expect(stagingShown.stdout).toContain("value: blue");
  });

  it("says what is wrong with a bad type, scope or file", async () => {
    const noType = await cli("create", "attributes", "--file", file("q.yaml", "tags: [a]\n"));
    expect(noType.code).toBe(2);
    expect(noType.stderr).toContain("no --type: use one of task_resource, cluster_resource, execution_queue");
    const badType = await cli("get", "attributes", "--type", "task_resources");
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('unknown --type "task_resources"');

    const unknownField = file("bad.yaml", "defaults:\n  cpus: 1\n");
    const bad = await cli("update", "attributes", "--type", "task_resource", "--file", unknownField);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("bad.yaml is not a valid task_resource attribute");
    expect(bad.stderr).toContain("cpus");
    expect(bad.stderr).toContain("Example (task_resource):");

    const notYaml = await cli(
      "update",
      "attributes",
      "--type",
      "execution_queue",
      "--file",
      file("b.yaml", "tags: [a\n"),
    );
    expect(notYaml.code).toBe(2);
    expect(notYaml.stderr).toContain("b.yaml is not valid YAML");
    const missing = await cli("update", "attributes", "--type", "execution_queue", "--file", "nope.yaml");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such attributes file: nope.yaml");
    const noFile = await cli("update", "attributes", "--type", "execution_queue");
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain("needs --file");
    const twoScopes = await cli(
      "delete",
      "attributes",
      "--type",
      "execution_queue",
      "--project-level",
      "--workflow",
      "w",
    );
    expect(twoScopes.code).toBe(2);
  });
});
