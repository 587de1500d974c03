import { create } from "@bufbuild/protobuf";
import {
  ContainerSchema,
  K8sPodSchema,
  Resources_ResourceEntrySchema,
  Resources_ResourceName,
  ResourcesSchema,
  TaskTemplateSchema,
  type TaskTemplate,
} from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { types } from "@flyte-ts/idl";
import { describe, expect, it } from "vitest";
import { id, iface } from "../../test/fixtures.js";
import { CompileErrorCode } from "../errors.js";
import { compileTask } from "./compile-task.js";
import { isDns1123Label, isValidQuantity } from "./quantity.js";

/** A typed `expect.stringContaining` for use inside `objectContaining`. */
const contains = (text: string): string => expect.stringContaining(text) as string;

function containerTask(
  container: Partial<{ image: string; command: string[]; args: string[]; cpu: string }>,
): TaskTemplate {
  return create(TaskTemplateSchema, {
    id: id("t"),
    interface: iface({ x: types.integer() }, {}),
    target: {
      case: "container",
      value: create(ContainerSchema, {
        image: container.image ?? "img",
        command: container.command ?? [],
        args: container.args ?? ["run"],
        resources: create(ResourcesSchema, {
          requests: container.cpu
            ? [create(Resources_ResourceEntrySchema, { name: Resources_ResourceName.CPU, value: container.cpu })]
            : [],
        }),
      }),
    },
  });
}

function codes(t: TaskTemplate): string[] {
  const r = compileTask(t);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe("compileTask", () => {
  it("accepts a well-formed container task and returns a copy", () => {
    const t = containerTask({});
    const r = compileTask(t);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.template).not.toBe(t);
  });

  it("requires an id", () => {
    const t = containerTask({});
    t.id = undefined;
    expect(codes(t)).toEqual([CompileErrorCode.ValueRequired]);
  });

  it("requires a container image", () => {
    const r = compileTask(containerTask({ image: "" }));
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([expect.stringContaining("image is required")]);
  });

  it("requires command or args when the interface has inputs or outputs", () => {
    expect(codes(containerTask({ args: [] }))).toEqual([CompileErrorCode.ValueRequired]);
    expect(codes(containerTask({ args: [], command: ["sh"] }))).toEqual([]);
    const noIo = containerTask({ args: [] });
    noIo.interface = iface({}, {});
    expect(codes(noIo)).toEqual([]);
  });

  it("rejects resource quantities that do not parse, naming the resource", () => {
    expect(codes(containerTask({ cpu: "500m" }))).toEqual([]);
    const r = compileTask(containerTask({ cpu: "lots" }));
    expect(r.ok ? [] : r.errors).toEqual([
      expect.objectContaining({
        code: CompileErrorCode.UnrecognizedValue,
        nodeId: "resources.CPU",
        message: contains("'lots'"),
      }),
    ]);
  });

  it("collects every error at once", () => {
    const t = containerTask({ image: "", cpu: "x", args: [] });
    t.id = undefined;
    expect(codes(t)).toHaveLength(4);
  });

  it("checks k8s pod container names are DNS-1123 labels", () => {
    const pod = (names: string[]): TaskTemplate =>
      create(TaskTemplateSchema, {
        id: id("p"),
        target: {
          case: "k8sPod",
          value: create(K8sPodSchema, { podSpec: { containers: names.map((name) => ({ name })) } }),
        },
      });
    expect(codes(pod(["main", "side-car1"]))).toEqual([]);
    expect(codes(pod(["Main"]))).toEqual([CompileErrorCode.InvalidValue]);
    expect(
      codes(create(TaskTemplateSchema, { id: id("p"), target: { case: "k8sPod", value: create(K8sPodSchema) } })),
    ).toEqual([CompileErrorCode.InvalidValue]);
  });
});

describe("quantities and labels", () => {
  it("parses Kubernetes quantities", () => {
    for (const q of ["1", "0.5", ".5", "500m", "1Gi", "1.5G", "2e3", "+1k", "100Mi"])
      expect(isValidQuantity(q), q).toBe(true);
    for (const q of ["", "1GB", "abc", "1 Gi", "--1"]) expect(isValidQuantity(q), q).toBe(false);
  });

  it("recognises DNS-1123 labels", () => {
    expect(isDns1123Label("a-b-0")).toBe(true);
    expect(isDns1123Label("-a")).toBe(false);
    expect(isDns1123Label("a_b")).toBe(false);
    expect(isDns1123Label("a".repeat(64))).toBe(false);
  });
});
