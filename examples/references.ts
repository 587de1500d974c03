/** Reference entities: tasks, workflows and launch plans registered elsewhere, used by name and version. */
import { referenceLaunchPlan, referenceTask, referenceWorkflow, t, workflow } from "@flyte-ts/sdk";

export const normalize = referenceTask({
  project: "flytesnacks",
  domain: "development",
  name: "core.flyte_basics.files.normalize_columns",
  version: "v1",
  inputs: { csvUrl: t.file("csv"), columnNames: t.list(t.string), columnsToNormalize: t.list(t.string) },
  outputs: t.file("csv"),
});

export const otherWf = referenceWorkflow({
  project: "flytesnacks",
  domain: "development",
  name: "core.flyte_basics.basic_workflow.my_wf",
  version: "v1",
  inputs: { a: t.int, b: t.string },
  outputs: { o0: t.int, o1: t.string },
});

export const otherLp = referenceLaunchPlan({
  project: "flytesnacks",
  domain: "development",
  name: "core.flyte_basics.lp.my_wf",
  version: "v1",
  inputs: { val: t.int },
  outputs: t.int,
});

export const usesReferences = workflow(
  { inputs: { csv: t.file("csv"), a: t.int }, outputs: { normalized: t.file("csv"), text: t.string, squared: t.int } },
  ({ csv, a }) => {
    const normalized = normalize({ csvUrl: csv, columnNames: ["x", "y"], columnsToNormalize: ["x"] });
    const other = otherWf({ a, b: "hello" });
    return { normalized, text: other.o1, squared: otherLp({ val: other.o0 }) };
  },
);
