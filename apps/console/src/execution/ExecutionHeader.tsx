import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { WorkflowExecution_Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { admin } from "../api/client";
import { useAsync } from "../api/use-async";
import { ConfirmButton } from "../components/ConfirmButton";
import { Async } from "../components/States";
import { modeName } from "../format/identifiers";
import { LiteralMapView } from "../format/LiteralView";
import { notificationLine, notificationOverride } from "../format/notifications";
import { PhaseBadge } from "../format/phase-badge";
import { isWorkflowTerminal, workflowPhaseGroup, workflowPhaseName } from "../format/phase";
import { formatTime, liveDuration } from "../format/time";
import { Link, navigate } from "../router";
import { entityPath, executionPath } from "../routes";
import { ErrorView } from "./ErrorView";

const FAILED = new Set([WorkflowExecution_Phase.FAILED, WorkflowExecution_Phase.TIMED_OUT]);

/** Phase, timing, launch plan, who launched it, inputs/outputs, and the relaunch/recover/terminate actions. */
export function ExecutionHeader({
  execution,
  now,
  onChanged,
}: {
  execution: Execution;
  now: number;
  onChanged: () => void;
}) {
  const id = execution.id;
  const c = execution.closure;
  const phase = c?.phase ?? WorkflowExecution_Phase.UNDEFINED;
  const terminal = isWorkflowTerminal(phase);
  const lp = execution.spec?.launchPlan;
  const md = execution.spec?.metadata;
  const ref = md?.referenceExecution;
  const parent = md?.parentNodeExecution?.executionId;
  if (!id) return null;
  const relaunch = async () => {
    const r = await admin.relaunchExecution({ id, name: "" });
    if (r.id) navigate(executionPath(r.id.project, r.id.domain, r.id.name));
  };
  const recover = async () => {
    const r = await admin.recoverExecution({ id, name: "" });
    if (r.id) navigate(executionPath(r.id.project, r.id.domain, r.id.name));
  };
  const terminate = async () => {
    await admin.terminateExecution({ id, cause: "terminated from the console" });
    onChanged();
  };
  return (
    <section className="panel" aria-label="Execution summary" data-testid="execution-header">
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <h1 style={{ margin: 0 }} className="mono" data-testid="execution-name">
          {id.name}
        </h1>
        <span data-testid="execution-phase" data-phase={workflowPhaseName(phase)}>
          <PhaseBadge name={workflowPhaseName(phase)} group={workflowPhaseGroup(phase)} />
        </span>
        <span style={{ flex: 1 }} />
        <div className="actions">
          <ConfirmButton
            label="Relaunch"
            title="Relaunch this execution?"
            body="A new execution starts with the same launch plan and inputs."
            confirmLabel="Relaunch"
            action={relaunch}
          />
          {FAILED.has(phase) && (
            <ConfirmButton
              label="Recover"
              title="Recover this execution?"
              body="A new execution starts that reuses the outputs of the nodes that succeeded."
              confirmLabel="Recover"
              action={recover}
            />
          )}
          {!terminal && (
            <ConfirmButton
              label="Terminate"
              title="Terminate this execution?"
              body="Running nodes are aborted; this cannot be undone."
              confirmLabel="Terminate"
              danger
              action={terminate}
            />
          )}
        </div>
      </div>
      <dl className="exec-header" style={{ marginTop: 12 }}>
        <div>
          <dt>Duration</dt>
          <dd data-testid="execution-duration">{liveDuration(c?.startedAt, c?.duration, !terminal, now)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatTime(c?.createdAt)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(c?.startedAt)}</dd>
        </div>
        <div>
          <dt>Launch plan</dt>
          <dd>
            {lp ? (
              <Link className="mono" href={entityPath(lp.project, lp.domain, "launch_plans", lp.name, lp.version)}>
                {lp.name}:{lp.version}
              </Link>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>Launched by</dt>
          <dd data-testid="launched-by">
            {md?.principal || "—"} {md && <span className="muted">({modeName(md.mode)})</span>}
          </dd>
        </div>
        <div>
          <dt>Notifications</dt>
          <dd data-testid="execution-notifications">
            <NotificationOverrideView execution={execution} />
          </dd>
        </div>
        {ref && (
          <div>
            <dt>From execution</dt>
            <dd>
              <Link className="mono" href={executionPath(ref.project, ref.domain, ref.name)}>
                {ref.name}
              </Link>
            </dd>
          </div>
        )}
        {parent && (
          <div>
            <dt>Parent execution</dt>
            <dd>
              <Link className="mono" href={executionPath(parent.project, parent.domain, parent.name)}>
                {parent.name}
              </Link>
            </dd>
          </div>
        )}
      </dl>
      {c?.outputResult.case === "error" && <ErrorView error={c.outputResult.value} />}
      {c?.outputResult.case === "abortMetadata" && (
        <p className="muted">
          Aborted{c.outputResult.value.principal ? ` by ${c.outputResult.value.principal}` : ""}:{" "}
          {c.outputResult.value.cause}
        </p>
      )}
      <ExecutionData execution={execution} terminal={terminal} />
    </section>
  );
}

/** The execution's notification overrides (its own list, or all disabled), else the launch plan's apply. */
function NotificationOverrideView({ execution }: { execution: Execution }) {
  const o = notificationOverride(execution.spec);
  switch (o.kind) {
    case "inherit":
      return <span className="muted">as the launch plan</span>;
    case "disabled":
      return <span>disabled for this execution</span>;
    case "own":
      return (
        <>
          {o.rows.map((r, i) => (
            <div key={i} style={{ fontSize: 13 }}>
              {notificationLine(r)}
            </div>
          ))}
          <div className="muted" style={{ fontSize: 12 }}>
            (replaces the launch plan&apos;s)
          </div>
        </>
      );
    default: {
      const never: never = o;
      return String(never);
    }
  }
}

function ExecutionData({ execution, terminal }: { execution: Execution; terminal: boolean }) {
  const { state, reload } = useAsync(
    (signal) => admin.getExecutionData({ id: execution.id }, { signal }),
    [execution.id?.name, terminal],
  );
  return (
    <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))", gap: 16 }}>
      <Async state={state} onRetry={reload}>
        {(d) => (
          <>
            <div>
              <h2>Inputs</h2>
              <LiteralMapView map={d.fullInputs} label="Execution inputs" emptyText="No inputs." />
            </div>
            <div>
              <h2>Outputs</h2>
              <LiteralMapView
                map={d.fullOutputs}
                label="Execution outputs"
                emptyText={terminal ? "No outputs." : "Outputs appear when the execution succeeds."}
              />
            </div>
          </>
        )}
      </Async>
    </div>
  );
}
