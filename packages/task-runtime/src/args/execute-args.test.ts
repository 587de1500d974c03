import { describe, expect, it } from "vitest";
import { parseExecuteArgs, UsageError } from "./execute-args.js";

const base = [
  "--inputs",
  "s3://b/m/n0/inputs.pb",
  "--output-prefix",
  "s3://b/m/n0/0",
  "--raw-output-data-prefix",
  "s3://b/raw/x",
  "--checkpoint-path",
  "s3://b/raw/x/_flytecheckpoints",
  "--prev-checkpoint",
  '""',
  "--resolver",
  "default",
  "--",
  "task-module",
  "wf/hello.ts",
  "task-name",
  "hello",
];

describe("parseExecuteArgs", () => {
  it("reads the SDK's args, with or without the entrypoint name; '\"\"' means no previous checkpoint", () => {
    const expected = {
      inputs: "s3://b/m/n0/inputs.pb",
      outputPrefix: "s3://b/m/n0/0",
      rawOutputDataPrefix: "s3://b/raw/x",
      checkpointPath: "s3://b/raw/x/_flytecheckpoints",
      resolver: "default",
      taskModule: "wf/hello.ts",
      taskName: "hello",
    };
    expect(parseExecuteArgs(base)).toEqual(expected);
    expect(parseExecuteArgs(["flyte-execute", ...base])).toEqual(expected);
    expect(parseExecuteArgs(["flyte-map-execute", ...base])).toEqual(expected);
  });

  it("reads the fast-execute prefix and --opt=value forms", () => {
    const a = parseExecuteArgs([
      "flyte-fast-execute",
      "--additional-distribution=s3://b/code/abc.tar.gz",
      "--dest-dir",
      ".",
      "--",
      "flyte-execute",
      ...base.slice(0, 9),
      "s3://b/raw/prev",
      ...base.slice(10),
    ]);
    expect(a).toMatchObject({
      distribution: "s3://b/code/abc.tar.gz",
      destDir: ".",
      prevCheckpoint: "s3://b/raw/prev",
    });
  });

  it.each([
    [["--inputs", "a"], "missing '--'"],
    [[...base.slice(2)], "missing required option --inputs"],
    [["--x", "1", "--"], "unknown option '--x'"],
    [[...base.slice(0, 13), "task-module", "m.ts"], "missing resolver argument 'task-name"],
    [[...base.slice(0, 11), "other", ...base.slice(12)], "unknown resolver 'other'"],
    [[...base.slice(0, 13), "task-module"], "task-module needs a value"],
    [["flyte-fast-execute", "--dest-dir", "d", "--", ...base], "needs --additional-distribution"],
  ])("rejects %j: %s", (argv, message) => {
    expect(() => parseExecuteArgs(argv)).toThrow(UsageError);
    expect(() => parseExecuteArgs(argv)).toThrow(message);
  });
});
