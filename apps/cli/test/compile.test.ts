import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { create as createTar } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers.js";

const repo = resolve(import.meta.dirname, "../../..");
const snacks = resolve(repo, "../shared/conformance/flyte-compiler/snacks-core");
const entityFiles = () => readdirSync(snacks).filter((f) => /^\d+_.+_[123]\.pb$/.test(f));

describe("flyte compile", () => {
  let work: string;
  beforeAll(() => {
    if (!existsSync(snacks))
      throw new Error(`conformance data missing at ${snacks}: the shared/ folder must sit beside the checkout`);
    work = mkdtempSync(join(tmpdir(), "flyte-compile-test-"));
  });
  afterAll(() => undefined);

  it("compiles Flyte's own package and prints a table", async () => {
    const r = await runCli(["compile", snacks]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const n = entityFiles().length;
    expect(r.stdout).toContain(`${n} of ${n} entities compiled`);
    expect(r.stdout).toMatch(/^KIND\s+NAME\s+STATUS$/m);
    expect(r.stdout).toMatch(/^workflow\s+core\.control_flow\.subworkflows\.parent_wf\s+ok$/m);
  });

  it("prints compiled closures as protobuf JSON with -o json", async () => {
    const r = await runCli(["compile", snacks, "-o", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      tasks: unknown[];
      workflows: { primary: { connections: unknown } }[];
      launchPlans: { closure: { expectedInputs: unknown } }[];
    };
    const files = entityFiles();
    expect(doc.tasks).toHaveLength(files.filter((f) => f.endsWith("_1.pb")).length);
    expect(doc.workflows).toHaveLength(files.filter((f) => f.endsWith("_2.pb")).length);
    expect(doc.launchPlans).toHaveLength(files.filter((f) => f.endsWith("_3.pb")).length);
    expect(doc.workflows[0]?.primary.connections).toBeDefined();
    expect(doc.launchPlans.every((lp) => lp.closure.expectedInputs !== undefined)).toBe(true);
  });

  it("reads the same package as a .tgz and prints yaml", async () => {
    const tgz = join(work, "pkg.tgz");
    await createTar({ gzip: true, file: tgz, cwd: snacks }, entityFiles());
    const r = await runCli(["compile", tgz, "-o", "yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tasks:/m);
    expect(r.stdout).toMatch(/^workflows:/m);
  });

  it("names the node and variable of a type error, and exits 1", async () => {
    const dir = mkdtempSync(join(work, "bad-"));
    for (const f of entityFiles().filter((f) => f.includes("basic_workflow")))
      copyFileSync(join(snacks, f), join(dir, f));
    const wfFile = readdirSync(dir).find((f) => f.endsWith("_2.pb"))!;
    const spec = fromBinary(WorkflowSpecSchema, readFileSync(join(dir, wfFile)));
    // Drop every input binding of the second node: its required inputs are now unbound.
    const node = spec.template!.nodes[1]!;
    node.inputs = [];
    writeFileSync(join(dir, wfFile), toBinary(WorkflowSpecSchema, spec));
    const r = await runCli(["compile", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/workflow\s+core\.flyte_basics\.basic_workflow\.my_wf\s+\d+ error\(s\)/);
    expect(r.stderr).toContain("ParameterNotBound");
    expect(r.stderr).toContain(node.id);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("reports a corrupt entity file by name", async () => {
    const dir = mkdtempSync(join(work, "corrupt-"));
    writeFileSync(join(dir, "001_broken_1.pb"), Buffer.from([0xff, 0xff, 0xff, 0x01]));
    const r = await runCli(["compile", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/001_broken_1\.pb is not a valid TaskSpec protobuf/);
  });

  it("is a usage error to point at nothing, or at a folder without entities", async () => {
    const missing = await runCli(["compile", join(work, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/package not found/);
    const empty = await runCli(["compile", mkdtempSync(join(work, "empty-"))]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no entity files/);
    const badFormat = await runCli(["compile", snacks, "-o", "xml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown output format "xml"/);
  });

  it("works as the installed bin", async () => {
    const bin = resolve(repo, "apps/cli/bin/flyte.js");
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "compile", snacks], {
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(stdout).toMatch(/entities compiled/);
  });

  it("keeps an unchanged WorkflowSpec byte-identical after a decode/encode round trip", () => {
    const file = entityFiles().find((f) => f.endsWith("_2.pb"))!;
    const bytes = readFileSync(join(snacks, file));
    const round = toBinary(WorkflowSpecSchema, fromBinary(WorkflowSpecSchema, bytes));
    expect(fromBinary(WorkflowSpecSchema, round)).toEqual(fromBinary(WorkflowSpecSchema, bytes));
    expect(create(WorkflowSpecSchema)).toBeDefined();
  });
});
