import { describe, expect, it } from "vitest";
import {
  adminExecutionInputsPath,
  arraySubNodeDataDir,
  attemptOutputDir,
  attemptRawOutput,
  checkpointPrefix,
  childNodeDataDir,
  executionDir,
  inputsPath,
  nodeAttemptPaths,
  nodeDataDir,
  offloadedMetadataPath,
  outputsPath,
  rawOutputSandbox,
  taskTemplatePath,
  workflowInputsPath,
} from "./layout.js";
import { shardPrefix } from "./unique-id.js";

const M = "s3://my-bucket/metadata/propeller";
const id = { project: "flytesnacks", domain: "development", name: "abc123" };
const E = `${M}/flytesnacks-development-abc123`;

describe("metadata layout", () => {
  it("puts an execution under <prefix>/<project>-<domain>-<name>", () => {
    expect(executionDir(M, id)).toBe(E);
    expect(executionDir(`${M}/`, id)).toBe(E);
    expect(executionDir("file:///var/flyte/metadata", id)).toBe(
      "file:///var/flyte/metadata/flytesnacks-development-abc123",
    );
  });

  it("lays out a top-level node's data and attempts", () => {
    const dataDir = nodeDataDir(E, "n0");
    expect(dataDir).toBe(`${E}/n0/data`);
    expect(inputsPath(dataDir)).toBe(`${E}/n0/data/inputs.pb`);
    expect(taskTemplatePath(dataDir)).toBe(`${E}/n0/data/task.pb`);
    expect(attemptOutputDir(dataDir, 2)).toBe(`${E}/n0/data/2`);
    expect(nodeAttemptPaths(dataDir, 1)).toEqual({
      dataDir: `${E}/n0/data`,
      inputs: `${E}/n0/data/inputs.pb`,
      outputDir: `${E}/n0/data/1`,
      outputs: `${E}/n0/data/1/outputs.pb`,
      error: `${E}/n0/data/1/error.pb`,
      futures: `${E}/n0/data/1/futures.pb`,
      futuresCompiled: `${E}/n0/data/1/futures_compiled.pb`,
      deck: `${E}/n0/data/1/deck.html`,
    });
    expect(offloadedMetadataPath(`${E}/n0/data/1`, "o0")).toBe(`${E}/n0/data/1/o0_offloaded_metadata.pb`);
  });

  it("stores workflow inputs as the start node's attempt-0 outputs", () => {
    expect(workflowInputsPath(E)).toBe(`${E}/start-node/data/0/outputs.pb`);
  });

  it("nests child nodes under the parent's attempt output dir", () => {
    const parentOut = attemptOutputDir(nodeDataDir(E, "n0"), 0);
    const child = childNodeDataDir(parentOut, "n1");
    expect(child).toBe(`${E}/n0/data/0/n1`);
    expect(outputsPath(attemptOutputDir(child, 3))).toBe(`${E}/n0/data/0/n1/3/outputs.pb`);
    const grandchild = childNodeDataDir(attemptOutputDir(child, 3), "n2");
    expect(inputsPath(grandchild)).toBe(`${E}/n0/data/0/n1/3/n2/inputs.pb`);
  });

  it("puts array sub-nodes under <arrayDataDir>/<index>/<attempt>", () => {
    const arrayDir = nodeDataDir(E, "map0");
    expect(attemptOutputDir(arraySubNodeDataDir(arrayDir, 7), 1)).toBe(`${E}/map0/data/7/1`);
  });

  it("places admin's offloaded inputs under metadata/<project>/<domain>/<name>", () => {
    expect(adminExecutionInputsPath("s3://my-bucket", id)).toBe(
      "s3://my-bucket/metadata/flytesnacks/development/abc123/inputs",
    );
    expect(adminExecutionInputsPath("s3://my-bucket", id, "user_inputs")).toBe(
      "s3://my-bucket/metadata/flytesnacks/development/abc123/user_inputs",
    );
  });
});

describe("raw output layout", () => {
  it("shards a sandbox by the unique id", () => {
    expect(rawOutputSandbox("s3://raw", "a")).toBe("s3://raw/hq/a");
    expect(rawOutputSandbox("s3://raw/", "foobar")).toBe("s3://raw/8q/foobar");
    expect(checkpointPrefix("s3://raw/hq/a")).toBe("s3://raw/hq/a/_flytecheckpoints");
  });

  it("derives an attempt's sandbox and checkpoint dirs from parts(execution, node, attempt)", () => {
    const first = attemptRawOutput("s3://raw", "abc123", "n0", 0);
    expect(first.uniqueId).toBe("abc123-n0-0");
    expect(first.sandbox).toBe(`s3://raw/${shardPrefix("abc123-n0-0")}/abc123-n0-0`);
    expect(first.checkpointPrefix).toBe(`${first.sandbox}/_flytecheckpoints`);
    expect(first.previousCheckpointPrefix).toBeUndefined();

    const second = attemptRawOutput("s3://raw", "abc123", "n0", 1);
    expect(second.uniqueId).toBe("abc123-n0-1");
    expect(second.previousCheckpointPrefix).toBe(first.checkpointPrefix);
  });

  it("hashes long ids to 8 characters, as pod names are", () => {
    const out = attemptRawOutput("s3://raw", "e".repeat(40), "node-with-a-long-id", 0);
    expect(out.uniqueId).toMatch(/^f[a-z1-6]{7}$/);
    expect(out.sandbox).toBe(`s3://raw/${shardPrefix(out.uniqueId)}/${out.uniqueId}`);
  });
});
