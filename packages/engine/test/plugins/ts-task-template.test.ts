import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { literals, literalMap } from "@flyte-ts/idl";
import { LiteralCollectionSchema, LiteralSchema } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { goDuration } from "../../src/plugins/ts-task/input-text.js";
import {
  perRetryUniqueKey,
  renderTemplate,
  TemplateRenderError,
  type TemplateVars,
} from "../../src/plugins/ts-task/template-renderer.js";

const vars: TemplateVars = {
  input: "s3://b/m/n0/data/inputs.pb",
  inputPrefix: "s3://b/m/n0/data",
  outputPrefix: "s3://b/m/n0/data/1",
  rawOutputDataPrefix: "s3://b/raw/ab/xyz",
  checkpointOutputPrefix: "s3://b/raw/ab/xyz/_flytecheckpoints",
  prevCheckpointPrefix: undefined,
  generatedName: "9abc-n0-1",
  namespace: "p-d",
  inputs: literalMap({
    n: literals.integer(3),
    x: literals.float(1.5),
    ok: literals.boolean(true),
    s: literals.string("a b"),
    at: literals.datetime(new Date("2024-05-01T12:00:00Z")),
    d: literals.duration(90_500),
    f: literals.blob("s3://b/file.csv", "csv"),
    xs: create(LiteralSchema, {
      value: {
        case: "collection",
        value: create(LiteralCollectionSchema, { literals: [literals.integer(1), literals.integer(2)] }),
      },
    }),
  }),
};

describe("renderTemplate (Flyte's command-line placeholders)", () => {
  it("fills the SDK's TS task args", () => {
    const args = [
      "flyte-execute",
      "--inputs",
      "{{.input}}",
      "--output-prefix",
      "{{.outputPrefix}}",
      "--raw-output-data-prefix",
      "{{.rawOutputDataPrefix}}",
      "--checkpoint-path",
      "{{.checkpointOutputPrefix}}",
      "--prev-checkpoint",
      "{{.prevCheckpointPrefix}}",
    ];
    expect(renderTemplate(args, vars)).toEqual([
      "flyte-execute",
      "--inputs",
      vars.input,
      "--output-prefix",
      vars.outputPrefix,
      "--raw-output-data-prefix",
      vars.rawOutputDataPrefix,
      "--checkpoint-path",
      vars.checkpointOutputPrefix,
      "--prev-checkpoint",
      '""',
    ]);
    expect(renderTemplate(["{{.prevCheckpointPrefix}}"], { ...vars, prevCheckpointPrefix: "s3://b/prev" })).toEqual([
      "s3://b/prev",
    ]);
  });

  it("is case-insensitive, takes `.` or `$`, allows spaces, and renders inside larger strings", () => {
    expect(
      renderTemplate(["{{ .OUTPUTPREFIX }}", "{{$input}}", "--in={{.InputPrefix}}/x", "{{ $Namespace }}"], vars),
    ).toEqual([vars.outputPrefix, vars.input, `--in=${vars.inputPrefix}/x`, "p-d"]);
  });

  it("renders {{.Inputs.<name>}} for primitives, blobs and lists", () => {
    const parts = [
      "{{.Inputs.n}}",
      "{{.inputs.x}}",
      "{{ .Inputs.ok }}",
      "{{.Inputs.s}}",
      "{{.Inputs.at}}",
      "{{.Inputs.d}}",
      "{{.Inputs.f}}",
      "{{.Inputs.xs}}",
    ];
    expect(renderTemplate(parts, vars)).toEqual([
      "3",
      "1.5",
      "true",
      "a b",
      "2024-05-01T12:00:00Z",
      "1m30.5s",
      "s3://b/file.csv",
      "[1,2]",
    ]);
  });

  it("names a missing input and leaves unknown placeholders alone", () => {
    expect(() => renderTemplate(["{{.Inputs.nope}}"], vars)).toThrow(TemplateRenderError);
    expect(() => renderTemplate(["{{.Inputs.nope}}"], vars)).toThrow("no input 'nope'");
    expect(renderTemplate(["{{.somethingElse}}", "{{ not a placeholder }}"], vars)).toEqual([
      "{{.somethingElse}}",
      "{{ not a placeholder }}",
    ]);
  });

  it("perRetryUniqueKey keeps [a-zA-Z0-9_] and starts with a letter", () => {
    expect(renderTemplate(["{{.perRetryUniqueKey}}"], vars)).toEqual(["k9abc_n0_1"]);
    expect(perRetryUniqueKey("abc-1")).toBe("abc_1");
  });

  it("formats durations like Go", () => {
    expect(goDuration(0n, 0)).toBe("0s");
    expect(goDuration(3723n, 0)).toBe("1h2m3s");
    expect(goDuration(0n, 1_500_000)).toBe("1.5ms");
    expect(goDuration(0n, 250)).toBe("250ns");
    expect(goDuration(61n, 0)).toBe("1m1s");
  });
});
