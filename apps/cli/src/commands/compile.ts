import { clone, create, toJson } from "@bufbuild/protobuf";
import type { Command } from "commander";
import {
  compileLaunchPlan,
  compileTask,
  compileWorkflow,
  getRequirements,
  type CompileError,
  type CompiledLaunchPlan,
  type LaunchPlanError,
  type LaunchPlanInterface,
} from "@flyte-ts/compiler";
import { formatIdentifier } from "@flyte-ts/idl";
import {
  LaunchPlanClosureSchema,
  LaunchPlanSchema,
  type LaunchPlan,
} from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import {
  CompiledTaskSchema,
  CompiledWorkflowClosureSchema,
  type CompiledTask,
  type CompiledWorkflowClosure,
} from "@flyte-ts/idl/gen/flyteidl/core/compiler_pb";
import { TypedInterfaceSchema, type TypedInterface } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import type { CliContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { paint, parseOutputFormat, renderData, renderTable, type OutputFormat } from "../output/format.js";
import { readFlytePackage, type FlytePackage } from "../package/read-package.js";

export interface EntityReport {
  kind: "task" | "workflow" | "launch plan";
  name: string;
  file: string;
  errors: string[];
}

export interface PackageCompilation {
  tasks: CompiledTask[];
  workflows: CompiledWorkflowClosure[];
  launchPlans: LaunchPlan[];
  reports: EntityReport[];
}

const describeCompileError = (e: CompileError): string => `[${e.code}] ${e.message}`;
const describeLpError = (e: LaunchPlanError): string => `[${e.code}] ${e.message}`;

/**
 * Compiles every entity of a package offline, the way registration would: tasks first, then each
 * workflow with the tasks and launch plans it references (found by name in the same package), then
 * each launch plan against its workflow's interface.
 */
export function compilePackage(pkg: FlytePackage): PackageCompilation {
  const result: PackageCompilation = { tasks: [], workflows: [], launchPlans: [], reports: [] };
  const tasksByName = new Map<string, CompiledTask>();
  const workflowInterfaces = new Map<string, TypedInterface | undefined>();
  const launchPlansByName = new Map<string, LaunchPlan>();
  for (const entry of pkg.entries) {
    if (entry.kind === "launchPlan" && entry.spec.id) launchPlansByName.set(entry.spec.id.name, entry.spec);
  }
  /** A launch plan's expected inputs and outputs, once its workflow has compiled. */
  const lpInterface = (lp: LaunchPlan): CompiledLaunchPlan | undefined => {
    const wfName = lp.spec?.workflowId?.name ?? "";
    if (!lp.spec || !workflowInterfaces.has(wfName)) return undefined;
    const compiled = compileLaunchPlan(lp.spec, workflowInterfaces.get(wfName));
    return compiled.ok ? compiled.value : undefined;
  };

  for (const entry of pkg.entries) {
    switch (entry.kind) {
      case "task": {
        const template = entry.spec.template;
        const name = template?.id?.name ?? "<unnamed>";
        const report: EntityReport = { kind: "task", name, file: entry.file, errors: [] };
        result.reports.push(report);
        if (!template) {
          report.errors.push("TaskSpec has no template");
          break;
        }
        const compiled = compileTask(template);
        if (compiled.ok) {
          result.tasks.push(compiled.value);
          tasksByName.set(name, compiled.value);
        } else report.errors.push(...compiled.errors.map(describeCompileError));
        break;
      }
      case "workflow": {
        const primary = entry.spec.template;
        const name = primary?.id?.name ?? "<unnamed>";
        const report: EntityReport = { kind: "workflow", name, file: entry.file, errors: [] };
        result.reports.push(report);
        if (!primary) {
          report.errors.push("WorkflowSpec has no template");
          break;
        }
        const reqs = getRequirements(primary, entry.spec.subWorkflows);
        const tasks: CompiledTask[] = [];
        for (const id of reqs.tasks) {
          const t = tasksByName.get(id.name);
          if (t) tasks.push(t);
          else
            report.errors.push(
              `[TaskReferenceNotFound] ${formatIdentifier(id)} is referenced but is not a (valid) task of this package`,
            );
        }
        const launchPlans: LaunchPlanInterface[] = [];
        for (const id of reqs.launchPlans) {
          const lp = launchPlansByName.get(id.name);
          const iface = lp ? lpInterface(lp) : undefined;
          if (iface)
            launchPlans.push({
              id,
              interface: create(TypedInterfaceSchema, {
                inputs: workflowInterfaces.get(lp?.spec?.workflowId?.name ?? "")?.inputs,
                outputs: iface.expectedOutputs,
              }),
              expectedInputs: iface.expectedInputs,
            });
          else
            report.errors.push(
              `[WorkflowReferenceNotFound] launch plan ${formatIdentifier(id)} is referenced but is not in this package (or its workflow comes later or does not compile)`,
            );
        }
        if (report.errors.length > 0) break;
        const compiled = compileWorkflow({ primary, subWorkflows: entry.spec.subWorkflows, tasks, launchPlans });
        if (compiled.ok) {
          result.workflows.push(compiled.value);
          workflowInterfaces.set(name, compiled.value.primary?.template?.interface);
        } else report.errors.push(...compiled.errors.map(describeCompileError));
        break;
      }
      case "launchPlan": {
        const lp = entry.spec;
        const name = lp.id?.name ?? "<unnamed>";
        const report: EntityReport = { kind: "launch plan", name, file: entry.file, errors: [] };
        result.reports.push(report);
        const wfName = lp.spec?.workflowId?.name ?? "";
        if (!lp.spec || !workflowInterfaces.has(wfName)) {
          report.errors.push(
            `[WorkflowReferenceNotFound] its workflow '${wfName}' is not a compiled workflow of this package`,
          );
          break;
        }
        const compiled = compileLaunchPlan(lp.spec, workflowInterfaces.get(wfName));
        if (!compiled.ok) {
          report.errors.push(...compiled.errors.map(describeLpError));
          break;
        }
        const withClosure = clone(LaunchPlanSchema, lp);
        withClosure.closure = create(LaunchPlanClosureSchema, {
          ...(lp.closure ?? {}),
          expectedInputs: compiled.value.expectedInputs,
          expectedOutputs: compiled.value.expectedOutputs,
        });
        result.launchPlans.push(withClosure);
        break;
      }
    }
  }
  return result;
}

export function registerCompile(program: Command, ctx: CliContext): void {
  program
    .command("compile")
    .description("Compile a Flyte package (folder or .tgz) offline, as registration would, and report errors")
    .argument("<package>", "a folder or .tgz of NNN_<name>_1.pb / _2.pb / _3.pb files")
    .option("-o, --output <format>", "table, json or yaml", "table")
    .addHelpText(
      "after",
      `
Examples:
  $ flyte compile ./pkg                 # table of entities and their status
  $ flyte compile pkg.tgz -o json       # compiled tasks, workflow closures and launch plans as protobuf JSON
  $ flyte compile pkg.tgz -o json | jq '.workflows[0].primary.connections'

Exit codes: 0 all entities compile, 1 some do not, 2 the package cannot be read.`,
    )
    .action(async (path: string, opts: { output: string }) => {
      const format = parseOutputFormat(opts.output);
      const pkg = await readFlytePackage(path);
      const compiled = compilePackage(pkg);
      printCompilation(ctx, format, compiled);
      if (compiled.reports.some((r) => r.errors.length > 0)) ctx.exitCode = ExitCode.Failed;
    });
}

function printCompilation(ctx: CliContext, format: OutputFormat, c: PackageCompilation): void {
  const { io } = ctx;
  const failed = c.reports.filter((r) => r.errors.length > 0);
  if (format === "table") {
    const rows = c.reports.map((r) => [
      r.kind,
      r.name,
      r.errors.length === 0 ? paint(io.color, "green", "ok") : paint(io.color, "red", `${r.errors.length} error(s)`),
    ]);
    io.stdout(renderTable(["KIND", "NAME", "STATUS"], rows));
    io.stdout(`\n${c.reports.length - failed.length} of ${c.reports.length} entities compiled\n`);
  } else {
    io.stdout(
      renderData(format, {
        tasks: c.tasks.map((t) => toJson(CompiledTaskSchema, t)),
        workflows: c.workflows.map((w) => toJson(CompiledWorkflowClosureSchema, w)),
        launchPlans: c.launchPlans.map((l) => toJson(LaunchPlanSchema, l)),
      }),
    );
  }
  for (const r of failed) {
    io.stderr(`${paint(io.color, "red", "error:")} ${r.kind} ${r.name} (${r.file}):\n`);
    for (const e of r.errors) io.stderr(`  - ${e}\n`);
  }
}
