import { create } from "@bufbuild/protobuf";
import { CompiledWorkflowClosureSchema } from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { Resources_ResourceName as R, type Resources } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { describe, expect, it } from "vitest";
import { checkExecutionSettingsConfig } from "./execution-settings-check.js";
import {
  addPlatform,
  applyTaskResources,
  parseQuantity,
  type PlatformResources,
} from "./execution-settings-resources.js";

const closureWith = (resources: { requests?: [R, string][]; limits?: [R, string][] }) =>
  create(CompiledWorkflowClosureSchema, {
    tasks: [
      {
        template: {
          id: { name: "t" },
          target: {
            case: "container",
            value: {
              image: "x",
              resources: {
                requests: (resources.requests ?? []).map(([name, value]) => ({ name, value })),
                limits: (resources.limits ?? []).map(([name, value]) => ({ name, value })),
              },
            },
          },
        },
      },
    ],
  });
const resourcesOf = (c: ReturnType<typeof closureWith>): Resources | undefined => {
  const t = c.tasks[0]?.template?.target;
  return t?.case === "container" ? t.value.resources : undefined;
};
const map = (list: Resources["requests"] | undefined) =>
  Object.fromEntries((list ?? []).map((e) => [R[e.name], e.value]));
const platform = (q: Parameters<typeof addPlatform>[1]) => {
  const p: PlatformResources = {};
  addPlatform(p, q, "global config");
  return p;
};

describe("task resources: defaults and clamps", () => {
  it("reads Kubernetes quantities", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("1Gi")).toBe(2 ** 30);
    expect(parseQuantity("1.5G")).toBe(1.5e9);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("lots")).toBeUndefined();
    expect(parseQuantity("5Qi")).toBeUndefined();
  });

  it("a request above the task's own limit is lowered to it; limits default to the request", () => {
    const c = closureWith({ requests: [[R.CPU, "3"]], limits: [[R.CPU, "2"]] });
    const lowered = applyTaskResources(c, {}, {});
    expect(map(resourcesOf(lowered.closure)?.requests)).toEqual({ CPU: "2" });
    expect(lowered.notes).toEqual(["task t: cpu request 3 lowered to its limit 2"]);
    // The input (shared with the compiled launch plan cache) is left as it was.
    expect(map(resourcesOf(c)?.requests)).toEqual({ CPU: "3" });
    const d = closureWith({ requests: [[R.MEMORY, "1Gi"]] });
    const limited = applyTaskResources(d, {}, {});
    expect(limited.notes).toEqual([]);
    expect(map(resourcesOf(limited.closure)?.limits)).toEqual({ MEMORY: "1Gi" });
  });

  it("GPU only when asked for or defaulted; a limit alone invents nothing", () => {
    const c = closureWith({ requests: [[R.GPU, "4"]] });
    const capped = applyTaskResources(c, {}, platform({ gpu: "1" }));
    expect(map(resourcesOf(capped.closure)?.requests)).toEqual({ GPU: "1" });
    expect(map(resourcesOf(capped.closure)?.limits)).toEqual({ GPU: "1" });
    expect(capped.notes).toEqual(["task t: gpu request 4 lowered to the limit 1 (global config)"]);
    const none = closureWith({});
    const untouched = applyTaskResources(none, {}, platform({ gpu: "1", cpu: "2" }));
    expect(untouched.notes).toEqual([]);
    expect(map(resourcesOf(untouched.closure)?.requests)).toEqual({});
    const defaulted = applyTaskResources(closureWith({}), platform({ gpu: "1" }), {});
    expect(map(resourcesOf(defaulted.closure)?.requests)).toEqual({ GPU: "1" });
  });

  it("a closure whose resources need no change is returned as it is (no copy)", () => {
    const settled = closureWith({ requests: [[R.CPU, "1"]], limits: [[R.CPU, "1"]] });
    const first = applyTaskResources(settled, {}, {});
    expect(first.closure).toBe(settled);
    const again = applyTaskResources(first.closure, {}, {});
    expect(again.closure).toBe(first.closure);
  });

  it("the most specific level that sets a field wins; others fill the rest", () => {
    const p: PlatformResources = {};
    addPlatform(p, { cpu: "1" }, "workflow TASK_RESOURCE");
    addPlatform(p, { cpu: "9", memory: "2Gi" }, "project TASK_RESOURCE");
    expect(p).toEqual({
      cpu: { value: "1", from: "workflow TASK_RESOURCE" },
      memory: { value: "2Gi", from: "project TASK_RESOURCE" },
    });
  });
});

describe("global execution settings config", () => {
  it("names every bad field and accepts a good one", () => {
    const bad = checkExecutionSettingsConfig({
      maxParallelism: -1,
      taskResources: { limits: { cpu: "lots", disk: "1" } },
      labels: { a: 1 },
      nope: true,
    });
    expect(bad.config).toBeUndefined();
    expect(bad.problems).toEqual([
      "unknown key executions.nope (known: taskResources, maxParallelism, rawOutputPrefix, interruptible, overwriteCache, labels, annotations, serviceAccount, executionQueue, executionClusterLabel)",
      "executions.maxParallelism must be an integer from 0 to 100000",
      "executions.labels must map names to strings",
      'executions.taskResources.limits.cpu must be a quantity like 500m, 2, 1Gi; got "lots"',
      "unknown key executions.taskResources.limits.disk (known: cpu, gpu, memory, storage, ephemeralStorage)",
    ]);
    expect(
      checkExecutionSettingsConfig({ maxParallelism: 25, taskResources: { defaults: { cpu: 1, memory: "1Gi" } } }),
    ).toEqual({
      problems: [],
      config: { maxParallelism: 25, taskResources: { defaults: { cpu: "1", memory: "1Gi" } } },
    });
  });
});
