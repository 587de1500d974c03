/** Gate nodes (flytesnacks `waiting_for_external_inputs`): sleep, wait for a signal, approve. */
import { approve, sequence, sleep, t, task, waitForSignal, workflow } from "@flyte-ts/sdk";

export const createReport = task({ inputs: { data: t.string }, outputs: t.string }, ({ data }) => `report on ${data}`);
export const publish = task(
  { inputs: { report: t.string, title: t.string }, outputs: t.string },
  ({ report, title }) => `${title}: ${report}`,
);

export const reportingWf = workflow({ inputs: { data: t.string }, outputs: t.string }, ({ data }) => {
  const pause = sleep("10s");
  const report = createReport({ data });
  sequence(pause, report);
  const title = waitForSignal("title", t.string, { timeout: "1h" });
  const approved = approve(report, "review-report", { timeout: "2h" });
  return publish({ report: approved, title });
});
