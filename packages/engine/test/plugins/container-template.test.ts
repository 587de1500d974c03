import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { literals, literalMap } from "@flyte-ts/idl";
import { SimpleType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { describe, expect, it } from "vitest";
import { runArgs } from "../../src/plugins/container/container-runtime.js";
import { parseQuantity } from "../../src/plugins/container/resource-limits.js";
import { rewritePaths } from "../../src/plugins/container/task-env.js";
import { renderCommand, TemplateError, type TemplateValues } from "../../src/plugins/container/command-template.js";
import { goDuration, goFloat, parseGoDuration, parseSimpleText } from "../../src/plugins/container/literal-text.js";

const values: TemplateValues = {
  inputUri: "s3://b/meta/n0/data/inputs.pb",
  inputPrefix: "s3://b/meta/n0/data",
  outputPrefix: "s3://b/meta/n0/data/0",
  rawOutputDataPrefix: "s3://b/raw/ab/xyz",
  checkpointOutputPrefix: "s3://b/raw/ab/xyz/_flytecheckpoints",
  prevCheckpointPrefix: undefined,
  generatedName: "9abc-n0-0",
  namespace: "p-d",
  inputs: literalMap({
    n: literals.integer(3),
    x: literals.float(1e6),
    on: literals.boolean(true),
    when: literals.datetime(new Date("2024-01-02T03:04:05.500Z")),
    f: literals.blob("s3://b/f.csv"),
    xs: literals.collection([literals.integer(1), literals.integer(2)]),
    m: literals.map({ a: literals.integer(1) }),
  }),
};

describe("container command template", () => {
  it("fills Flyte's placeholders case-insensitively, with . or $ and spaces", async () => {
    const out = await renderCommand(
      [
        "{{.input}}",
        "{{ .outputPrefix }}",
        "{{$RawOutputDataPrefix}}",
        "--prev={{.prevCheckpointPrefix}}",
        "{{.perRetryUniqueKey}}",
        "{{.namespace}}",
        "n={{.Inputs.n}} x={{ .inputs.x }} on={{.inputs.on}}",
        "{{.inputs.when}} {{.inputs.f}} {{.inputs.xs}}",
        "{{.unknown}}",
      ],
      values,
    );
    expect(out).toEqual([
      "s3://b/meta/n0/data/inputs.pb",
      "s3://b/meta/n0/data/0",
      "s3://b/raw/ab/xyz",
      '--prev=""',
      "k9abc_n0_0",
      "p-d",
      "n=3 x=1e+06 on=true",
      "2024-01-02T03:04:05.5Z s3://b/f.csv [1,2]",
      "{{.unknown}}",
    ]);
  });

  it("rejects inputs that are missing or have no text form", async () => {
    await expect(renderCommand(["{{.inputs.zzz}}"], values)).rejects.toBeInstanceOf(TemplateError);
    await expect(renderCommand(["{{.inputs.m}}"], values)).rejects.toThrow(/no text form/);
  });

  it("writes floats and durations as Go does and parses output text", () => {
    expect([goFloat(0.5), goFloat(123456), goFloat(1234567), goFloat(0.00001), goFloat(-2)]).toEqual([
      "0.5",
      "123456",
      "1.234567e+06",
      "1e-05",
      "-2",
    ]);
    const d = (s: number, n = 0) => goDuration(create(DurationSchema, { seconds: BigInt(s), nanos: n }));
    expect([d(0), d(90), d(3723, 500_000_000), d(0, 1_500_000)]).toEqual(["0s", "1m30s", "1h2m3.5s", "1.5ms"]);
    expect(parseGoDuration("1h2m3.5s")).toBe(3_723_500_000_000n);
    expect(parseGoDuration("soon")).toBeUndefined();
    expect(parseSimpleText(SimpleType.INTEGER, "42\n").value).toEqual(literals.integer(42).value);
    expect(parseSimpleText(SimpleType.STRING, "a b\n").value).toEqual(literals.string("a b").value);
    expect(parseSimpleText(SimpleType.BOOLEAN, "True").value).toEqual(literals.boolean(true).value);
    expect(() => parseSimpleText(SimpleType.INTEGER, "4.2")).toThrow(/expected an integer/);
  });

  it("rewrites container paths to local dirs only as whole path prefixes", () => {
    const pairs = [["/var/inputs", "/tmp/a/inputs"]] as const;
    expect(rewritePaths("cat /var/inputs/x /var/inputs2/y '/var/inputs'", pairs)).toBe(
      "cat /tmp/a/inputs/x /var/inputs2/y '/tmp/a/inputs'",
    );
  });

  it("parses Kubernetes quantities and builds podman/docker run lines", () => {
    expect([parseQuantity("500m"), parseQuantity("2"), parseQuantity("128Mi"), parseQuantity("1G")]).toEqual([
      0.5,
      2,
      128 * 2 ** 20,
      1e9,
    ]);
    expect(parseQuantity("lots")).toBeUndefined();
    const spec = {
      name: "flyte-x",
      image: "img:1",
      command: ["sh", "-c"],
      args: ["echo hi"],
      env: { A: "1" },
      mounts: [{ host: "/h/in", container: "/var/inputs", readOnly: true }],
      ulimits: ["nofile=4096:4096"],
      ociRuntime: "runc",
      cpus: 0.5,
      memoryBytes: 1024,
    };
    expect(runArgs("podman", spec)).toEqual([
      "run",
      "--name",
      "flyte-x",
      "--runtime",
      "runc",
      "--cpus",
      "0.5",
      "--memory",
      "1024",
      "--ulimit",
      "nofile=4096:4096",
      "-v",
      "/h/in:/var/inputs:ro",
      "-e",
      "A=1",
      "--entrypoint",
      '["sh","-c"]',
      "img:1",
      "echo hi",
    ]);
    expect(runArgs("docker", spec).slice(-5)).toEqual(["--entrypoint", "sh", "img:1", "-c", "echo hi"]);
  });
});
