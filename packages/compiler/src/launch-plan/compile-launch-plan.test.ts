import { create, fromBinary } from "@bufbuild/protobuf";
import { literals, types } from "@flyte-ts/idl";
import {
  LaunchPlanMetadataSchema,
  LaunchPlanSchema,
  LaunchPlanSpecSchema,
  type LaunchPlanSpec,
} from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import {
  CronScheduleSchema,
  FixedRateSchema,
  FixedRateUnit,
  ScheduleSchema,
} from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { WorkflowSpecSchema } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import {
  ParameterMapSchema,
  ParameterSchema,
  TypedInterfaceSchema,
  VariableMapSchema,
  VariableSchema,
  type TypedInterface,
} from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { LiteralMapSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileLaunchPlan, nextScheduleTime } from "./compile-launch-plan.js";

const snacks = resolve(import.meta.dirname, "../../../../../shared/conformance/flyte-compiler/snacks-core");

function iface(inputs: Record<string, LiteralType>, outputs: Record<string, LiteralType> = {}): TypedInterface {
  const vm = (r: Record<string, LiteralType>) =>
    create(VariableMapSchema, {
      variables: Object.fromEntries(
        Object.entries(r).map(([k, type]) => [k, create(VariableSchema, { type, description: k })]),
      ),
    });
  return create(TypedInterfaceSchema, { inputs: vm(inputs), outputs: vm(outputs) });
}

function spec(opts: {
  defaults?: Record<string, Literal | "required">;
  fixed?: Record<string, Literal>;
  wf: TypedInterface;
  cron?: string;
  rate?: { value: number; unit: FixedRateUnit };
  kickoff?: string;
}): LaunchPlanSpec {
  const params = Object.fromEntries(
    Object.entries(opts.defaults ?? {}).map(([name, v]) => [
      name,
      create(ParameterSchema, {
        var: opts.wf.inputs?.variables[name] ?? create(VariableSchema, { type: types.string() }),
        behavior: v === "required" ? { case: "required", value: true } : { case: "default", value: v },
      }),
    ]),
  );
  const schedule =
    opts.cron !== undefined || opts.rate
      ? create(ScheduleSchema, {
          kickoffTimeInputArg: opts.kickoff ?? "",
          ScheduleExpression: opts.rate
            ? { case: "rate", value: create(FixedRateSchema, opts.rate) }
            : { case: "cronSchedule", value: create(CronScheduleSchema, { schedule: opts.cron ?? "" }) },
        })
      : undefined;
  return create(LaunchPlanSpecSchema, {
    defaultInputs: create(ParameterMapSchema, { parameters: params }),
    fixedInputs: create(LiteralMapSchema, { literals: opts.fixed ?? {} }),
    ...(schedule ? { entityMetadata: create(LaunchPlanMetadataSchema, { schedule }) } : {}),
  });
}

describe("compileLaunchPlan on Flyte's own launch plans", () => {
  const files = readdirSync(snacks);
  const lps = files.filter((f) => f.endsWith("_3.pb"));

  it("finds the conformance launch plans", () => {
    expect(lps.length).toBeGreaterThan(20);
  });

  it.each(lps)("%s type-checks against its workflow", (file) => {
    const lp = fromBinary(LaunchPlanSchema, readFileSync(join(snacks, file)));
    const wfName = lp.spec?.workflowId?.name ?? "";
    const wfFile = files.find((f) => f.endsWith(`_${wfName}_2.pb`) && /^\d+_/.test(f));
    expect(wfFile, `workflow ${wfName}`).toBeDefined();
    const wf = fromBinary(WorkflowSpecSchema, readFileSync(join(snacks, wfFile ?? "")));
    const result = compileLaunchPlan(lp.spec!, wf.template?.interface);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    const wfInputs = Object.keys(wf.template?.interface?.inputs?.variables ?? {});
    const fixed = Object.keys(lp.spec?.fixedInputs?.literals ?? {});
    expect(Object.keys(result.value.expectedInputs.parameters).sort()).toEqual(
      wfInputs.filter((n) => !fixed.includes(n)).sort(),
    );
    for (const [name, p] of Object.entries(lp.spec?.defaultInputs?.parameters ?? {})) {
      if (fixed.includes(name)) continue;
      expect(result.value.expectedInputs.parameters[name]?.behavior.case).toBe(
        p.behavior.case === "default" ? "default" : "required",
      );
    }
    expect(result.value.schedule).toBeUndefined();
  });
});

describe("compileLaunchPlan rules", () => {
  const wf = iface({ a: types.integer(), b: types.string(), when: types.datetime() }, { o: types.integer() });

  it("makes undeclared workflow inputs required and drops fixed ones", () => {
    const r = compileLaunchPlan(
      spec({ wf, defaults: { a: literals.integer(3) }, fixed: { b: literals.string("x") } }),
      wf,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.value.expectedInputs.parameters).sort()).toEqual(["a", "when"]);
    expect(r.value.expectedInputs.parameters.a?.behavior.case).toBe("default");
    expect(r.value.expectedInputs.parameters.when?.behavior).toEqual({ case: "required", value: true });
    expect(Object.keys(r.value.expectedOutputs.variables)).toEqual(["o"]);
  });

  it("rejects unknown inputs and wrong types, naming the variable", () => {
    const r = compileLaunchPlan(
      spec({ wf, defaults: { zzz: literals.integer(1), a: literals.float(1.5) }, fixed: { b: literals.integer(2) } }),
      wf,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.variable])).toEqual(
      expect.arrayContaining([
        ["UnknownInput", "zzz"],
        ["MismatchingTypes", "a"],
        ["MismatchingTypes", "b"],
      ]),
    );
    expect(r.errors.find((e) => e.variable === "a")?.message).toMatch(
      /default for input 'a' has type FLOAT but the workflow expects INTEGER/,
    );
  });

  it("rejects inputs on a workflow that takes none", () => {
    const empty = iface({});
    const r = compileLaunchPlan(spec({ wf: empty, fixed: { a: literals.integer(1) } }), empty);
    expect(r.ok ? [] : r.errors.map((e) => e.code)).toContain("InputsOnInputlessWorkflow");
  });

  it("reads cron and fixed-rate schedules with a kickoff input", () => {
    const s = spec({
      wf,
      cron: "0 */2 * * *",
      kickoff: "when",
      defaults: { a: literals.integer(1), b: literals.string("") },
    });
    const r = compileLaunchPlan(s, wf);
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok || !r.value.schedule) throw new Error("expected a schedule");
    expect(r.value.schedule).toMatchObject({ kind: "cron", expression: "0 */2 * * *", kickoffTimeInputArg: "when" });
    expect(nextScheduleTime(r.value.schedule, new Date("2026-01-01T01:10:00Z"))?.toISOString()).toBe(
      "2026-01-01T02:00:00.000Z",
    );

    const rate = compileLaunchPlan(
      spec({
        wf,
        rate: { value: 10, unit: FixedRateUnit.MINUTE },
        defaults: { a: literals.integer(1), b: literals.string(""), when: literals.datetime(new Date(0)) },
      }),
      wf,
    );
    expect(rate.ok && rate.value.schedule).toMatchObject({ kind: "rate", intervalMs: 600_000 });
  });

  it("rejects bad cron, required inputs on a schedule and a non-datetime kickoff input", () => {
    const bad = compileLaunchPlan(
      spec({ wf, cron: "61 * * * *", kickoff: "when", defaults: { a: literals.integer(1), b: literals.string("") } }),
      wf,
    );
    expect(bad.ok ? [] : bad.errors.map((e) => [e.code, e.message])).toEqual([
      ["InvalidSchedule", expect.stringMatching(/minute value 61/)],
    ]);

    const required = compileLaunchPlan(
      spec({ wf, cron: "@daily", kickoff: "when", defaults: { a: "required", b: literals.string("") } }),
      wf,
    );
    expect(required.ok ? [] : required.errors.map((e) => [e.code, e.variable])).toEqual([
      ["ScheduleRequiresInput", "a"],
    ]);

    const kick = compileLaunchPlan(
      spec({
        wf,
        cron: "@daily",
        kickoff: "b",
        defaults: { a: literals.integer(1), when: literals.datetime(new Date(0)) },
      }),
      wf,
    );
    expect(kick.ok ? [] : kick.errors.map((e) => [e.code, e.variable])).toEqual([["InvalidKickoffInput", "b"]]);

    const zeroRate = compileLaunchPlan(
      spec({
        wf,
        rate: { value: 0, unit: FixedRateUnit.HOUR },
        defaults: { a: literals.integer(1), b: literals.string(""), when: literals.datetime(new Date(0)) },
      }),
      wf,
    );
    expect(zeroRate.ok ? [] : zeroRate.errors.map((e) => e.code)).toEqual(["InvalidSchedule"]);
  });
});
