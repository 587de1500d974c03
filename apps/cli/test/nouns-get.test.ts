import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";
import { closedPort, FIX, startNounsServer, type NounsServer } from "./nouns-fixture.js";

let s: NounsServer;
beforeAll(async () => {
  s = await startNounsServer();
});
afterAll(async () => {
  await s?.close();
});

const cli = (...args: string[]) => runCli(args, { env: s.env });
const json = <T = Record<string, unknown>>(stdout: string): T => JSON.parse(stdout) as T;

describe("flyte get project", () => {
  it("lists projects as a table, JSON and YAML with enum names", async () => {
    const table = await cli("get", "project");
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+STATE\s+DESCRIPTION\s+LABELS$/);
    expect(table.stdout).toMatch(/^flytesnacks\s+\S.*ACTIVE/m);
    expect(table.stdout).not.toContain("\u001b[");

    const list = json<{ id: string; state: string }[]>((await cli("get", "project", "-o", "json")).stdout);
    expect(list.find((p) => p.id === "flytesnacks")?.state).toBe("ACTIVE");

    const one = await cli("get", "project", "flytesnacks", "-o", "yaml");
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^id: flytesnacks$/m);
    expect(one.stdout).toMatch(/^state: ACTIVE$/m);
  });

  it("names the closest project of an unknown id", async () => {
    const r = await cli("get", "project", "flytesnax");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("project 'flytesnax' not found");
    expect(r.stderr).toContain("NOT_FOUND");
    expect(r.stderr).toContain("Did you mean 'flytesnacks'?");
  });
});

describe("flyte get task|workflow|launchplan", () => {
  it("lists names, then the versions of one, newest first", async () => {
    const names = await cli("get", "task");
    expect(names.code).toBe(0);
    expect(names.stdout.split("\n")[0]).toMatch(/^NAME\s+STATE\s+DESCRIPTION$/);
    expect(names.stdout).toMatch(new RegExp(`^${FIX}.double\\s+ACTIVE`, "m"));

    const versions = await cli("get", "task", `${FIX}.double`);
    expect(versions.code).toBe(0);
    const rows = versions.stdout.trim().split("\n").slice(1);
    expect(rows.map((r) => r.split(/\s+/)[1])).toEqual(["v2", "v1"]);
    expect(versions.stdout.split("\n")[0]).toMatch(/^NAME\s+VERSION\s+TYPE\s+INPUTS\s+CREATED$/);
    expect(rows[0]).toContain("x: INTEGER");
  });

  it("shows one version with --version or --latest, every field in JSON/YAML", async () => {
    const latest = json<{ id: { version: string; resource_type: string } }>(
      (await cli("get", "workflow", `${FIX}.quad`, "--latest", "-o", "json")).stdout,
    );
    expect(latest.id.version).toBe("v2");
    expect(latest.id.resource_type).toBe("WORKFLOW");

    const v1 = await cli("get", "workflow", `${FIX}.quad`, "--version", "v1", "-o", "yaml");
    expect(v1.code).toBe(0);
    expect(v1.stdout).toMatch(/^ {2}version: v1$/m);
    expect(v1.stdout).toContain("compiled_workflow:");
  });

  it("suggests the closest names and versions of unknown ones", async () => {
    const name = await cli("get", "task", `${FIX}.dubble`);
    expect(name.code).toBe(1);
    expect(name.stderr).toContain(`task '${FIX}.dubble' not found in flytesnacks/development (NOT_FOUND)`);
    expect(name.stderr).toContain(`Did you mean '${FIX}.double'?`);
    expect(name.stderr).toContain("flyte get task -p flytesnacks -d development");

    const version = await cli("get", "workflow", `${FIX}.quad`, "--version", "v3");
    expect(version.code).toBe(1);
    expect(version.stderr).toContain("'v3' not found");
    expect(version.stderr).toMatch(/Did you mean 'v[12]' or 'v[12]'\?/);

    const lp = await cli("get", "launchplan", "quad-lp", "--version", "v1");
    expect(lp.code).toBe(1);
    expect(lp.stderr).toContain("Did you mean 'quad_lp'?");
  });

  it("filters with the friendly syntax and with raw Flyte filters", async () => {
    const friendly = await cli("get", "workflow", "--filter", "name~quad", "-o", "json");
    expect(friendly.code).toBe(0);
    const names = json<{ id: { name: string } }[]>(friendly.stdout).map((e) => e.id.name);
    expect(names).toEqual([`${FIX}.quad`]);

    const raw = await cli("get", "workflow", "--filter", `eq(name,${FIX}.gated)`, "-o", "json");
    expect(json<{ id: { name: string } }[]>(raw.stdout).map((e) => e.id.name)).toEqual([`${FIX}.gated`]);

    const versions = await cli("get", "task", `${FIX}.double`, "--filter", "version=v1", "-o", "json");
    expect(json<{ id: { version: string } }[]>(versions.stdout).map((t) => t.id.version)).toEqual(["v1"]);
  });

  it("rejects a malformed filter before calling the server, and reports the server's rejection", async () => {
    const bad = await cli("get", "workflow", "--filter", "name");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --filter: "name" has no operator');
    expect(bad.stderr).toContain("phase=SUCCEEDED");

    const badRaw = await cli("get", "workflow", "--filter", "equals(name,x)");
    expect(badRaw.code).toBe(2);

    const unknownField = await cli("get", "workflow", "--filter", "colour=red");
    expect(unknownField.code).toBe(1);
    expect(unknownField.stderr).toContain("colour");
  });

  it("sorts and pages the names", async () => {
    const asc = json<{ id: { name: string } }[]>(
      (await cli("get", "workflow", "--sort-by", "name:asc", "-o", "json")).stdout,
    ).map((e) => e.id.name);
    expect(asc).toEqual([...asc].sort());
    const desc = json<{ id: { name: string } }[]>(
      (await cli("get", "workflow", "--sort-by", "name:desc", "-o", "json")).stdout,
    ).map((e) => e.id.name);
    expect(desc).toEqual([...asc].reverse());

    const page1 = await cli("get", "workflow", "--sort-by", "name:asc", "--limit", "2");
    expect(page1.stdout.trim().split("\n")).toHaveLength(3);
    const token = /--token (\S+)/.exec(page1.stderr)?.[1];
    expect(token).toBeDefined();
    const page2 = await cli(
      "get",
      "workflow",
      "--sort-by",
      "name:asc",
      "--limit",
      "2",
      "--token",
      token ?? "",
      "-o",
      "json",
    );
    expect(json<{ id: { name: string } }[]>(page2.stdout).map((e) => e.id.name)).toEqual(asc.slice(2, 4));

    const all = await cli("get", "workflow", "--sort-by", "name:asc", "--limit", "1", "--all", "-o", "json");
    expect(json<{ id: { name: string } }[]>(all.stdout).map((e) => e.id.name)).toEqual(asc);
    expect(all.stderr).toBe("");

    const badSort = await cli("get", "workflow", "--sort-by", "name:sideways");
    expect(badSort.code).toBe(2);
    const badLimit = await cli("get", "workflow", "--limit", "0");
    expect(badLimit.code).toBe(2);
    const badFormat = await cli("get", "workflow", "-o", "xml");
    expect(badFormat.code).toBe(2);
  });

  it("shows launch plan state and schedule, and the scheduler's next run of an active one", async () => {
    const lp = await cli("get", "launchplan", "yearly_stamp");
    expect(lp.code).toBe(0);
    expect(lp.stdout.split("\n")[0]).toMatch(/STATE\s+SCHEDULE\s+INPUTS\s+CREATED\s+NEXT RUN$/);
    expect(lp.stdout).toMatch(/yearly_stamp\s+v1\s+INACTIVE\s+cron 0 0 1 1 \*/);

    const none = await cli("get", "launchplan", "yearly_stamp", "--active");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("has no active version");
    expect(none.stderr).toContain("flyte launchplan activate yearly_stamp --version v1");

    const act = await cli("launchplan", "activate", "yearly_stamp", "--version", "v1");
    expect(act.code).toBe(0);
    expect(act.stdout).toBe("activated launch plan yearly_stamp version v1\n");

    const active = await cli("get", "launchplan", "yearly_stamp", "--active");
    expect(active.code).toBe(0);
    expect(active.stdout).toMatch(/yearly_stamp\s+v1\s+ACTIVE\s+cron 0 0 1 1 \*.*\s\d{4}-01-01T00:00:00\.000Z\s+-$/m);

    const everyActive = json<{ id: { name: string } }[]>(
      (await cli("get", "launchplan", "--active", "-o", "json")).stdout,
    );
    expect(everyActive.map((l) => l.id.name)).toEqual(["yearly_stamp"]);

    const filtered = await cli("get", "launchplan", "--active", "--filter", "name=x");
    expect(filtered.code).toBe(2);

    const off = await cli("launchplan", "deactivate", "yearly_stamp");
    expect(off.code).toBe(0);
    expect(off.stdout).toBe("deactivated launch plan yearly_stamp version v1\n");
  });

  it("activates and deactivates with update launchplan; one version of a name is active", async () => {
    expect((await cli("update", "launchplan", "quad_lp", "--version", "v1", "--activate")).code).toBe(0);
    expect((await cli("update", "launchplan", "quad_lp", "--version", "v2", "--activate")).code).toBe(0);
    const states = json<{ id: { version: string }; closure: { state: string } }[]>(
      (await cli("get", "launchplan", "quad_lp", "-o", "json")).stdout,
    ).map((l) => [l.id.version, l.closure.state]);
    expect(states).toEqual([
      ["v2", "ACTIVE"],
      ["v1", "INACTIVE"],
    ]);
    const both = await cli("update", "launchplan", "quad_lp", "--activate", "--deactivate");
    expect(both.code).toBe(2);
    const badVersion = await cli("update", "launchplan", "quad_lp", "--version", "v9", "--activate");
    expect(badVersion.code).toBe(1);
    expect(badVersion.stderr).toContain("'v9' not found");
    expect((await cli("update", "launchplan", "quad_lp", "--deactivate")).code).toBe(0);
  });
});

describe("errors", () => {
  it("exits 3 with what to do when the server is unreachable", async () => {
    const port = await closedPort();
    const r = await runCli(["get", "project", "--endpoint", `127.0.0.1:${port}`], { env: { HOME: s.env.HOME ?? "" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot reach the Flyte server at http://127.0.0.1:${port}`);
    expect(r.stderr).toContain("flyte start");
  });

  it("gives --help with examples on every command", async () => {
    const paths = [
      ["get"],
      ["get", "project"],
      ["get", "task"],
      ["get", "workflow"],
      ["get", "launchplan"],
      ["get", "execution"],
      ["get", "node-execution"],
      ["get", "task-execution"],
      ["get", "attributes"],
      ["create"],
      ["create", "project"],
      ["create", "execution"],
      ["create", "attributes"],
      ["update"],
      ["update", "project"],
      ["update", "execution"],
      ["update", "launchplan"],
      ["update", "attributes"],
      ["delete"],
      ["delete", "execution"],
      ["delete", "attributes"],
      ["launchplan"],
      ["launchplan", "activate"],
      ["launchplan", "deactivate"],
      ["config"],
      ["config", "init"],
      ["config", "show"],
    ];
    for (const p of paths) {
      const r = await runCli([...p, "--help"]);
      expect(r.code, p.join(" ")).toBe(0);
      expect(r.stdout, p.join(" ")).toContain("Examples:\n  $ flyte ");
    }
  });
});
