import { useState, type ReactNode } from "react";
import { LaunchPlanState, type LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { Task } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import type { Workflow } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { admin } from "../api/client";
import { errorMessage } from "../api/errors";
import { InterfaceTable } from "../components/InterfaceTable";
import { NotificationsTable } from "../components/NotificationsTable";
import { notificationRows } from "../format/notifications";
import { scheduleText, scheduleWords } from "../format/schedule";
import { durationMillis, formatMillis, formatTime } from "../format/time";
import { Link } from "../router";
import { entityPath, launchPath, sectionPath } from "../routes";
import type { Versioned } from "./EntityPage";
import { LaunchPlanSchedule } from "./LaunchPlanSchedule";

export function EntityVersionDetail({
  entity,
  project,
  domain,
}: {
  entity: Versioned;
  project: string;
  domain: string;
}) {
  switch (entity.kind) {
    case "workflows":
      return <WorkflowDetail wf={entity.value} project={project} domain={domain} />;
    case "tasks":
      return <TaskDetail task={entity.value} project={project} domain={domain} />;
    case "launch_plans":
      return <LaunchPlanDetail key={entity.value.id?.version} lp={entity.value} project={project} domain={domain} />;
  }
}

function Facts({ rows }: { rows: readonly [string, ReactNode][] }) {
  return (
    <dl className="exec-header">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function WorkflowDetail({ wf, project, domain }: { wf: Workflow; project: string; domain: string }) {
  const tpl = wf.closure?.compiledWorkflow?.primary?.template;
  const name = wf.id?.name ?? "";
  return (
    <section className="panel" aria-label="Workflow version" data-testid="entity-detail">
      <Facts
        rows={[
          ["Version", <span className="mono">{wf.id?.version}</span>],
          ["Registered", formatTime(wf.closure?.createdAt)],
          ["Nodes", String(tpl?.nodes.length ?? 0)],
          ["Description", wf.shortDescription || <span className="muted">none</span>],
        ]}
      />
      <div className="actions" style={{ marginTop: 12 }}>
        <Link className="button primary" href={launchPath(project, domain, name)}>
          Launch
        </Link>
        <Link
          className="button"
          href={`${sectionPath(project, domain, "executions")}?workflow=${encodeURIComponent(name)}`}
        >
          Executions
        </Link>
      </div>
      <h2>Inputs</h2>
      <InterfaceTable label="Inputs" variables={tpl?.interface?.inputs} />
      <h2>Outputs</h2>
      <InterfaceTable label="Outputs" variables={tpl?.interface?.outputs} />
    </section>
  );
}

function TaskDetail({ task, project, domain }: { task: Task; project: string; domain: string }) {
  const tpl = task.closure?.compiledTask?.template;
  const md = tpl?.metadata;
  const target = tpl?.target;
  return (
    <section className="panel" aria-label="Task version" data-testid="entity-detail">
      <Facts
        rows={[
          ["Version", <span className="mono">{task.id?.version}</span>],
          ["Registered", formatTime(task.closure?.createdAt)],
          ["Type", <span className="mono">{tpl?.type}</span>],
          ["Retries", String(md?.retries?.retries ?? 0)],
          ["Timeout", md?.timeout ? formatMillis(durationMillis(md.timeout)) : "none"],
          ["Cache", md?.discoverable ? `on (version ${md.discoveryVersion || "—"})` : "off"],
          ["Image", target?.case === "container" ? <code>{target.value.image}</code> : "—"],
          ["Description", task.shortDescription || <span className="muted">none</span>],
        ]}
      />
      <div className="actions" style={{ marginTop: 12 }}>
        <Link
          className="button primary"
          href={launchPath(project, domain, task.id?.name ?? "", task.id?.version, "tasks")}
        >
          Launch
        </Link>
      </div>
      <h2>Inputs</h2>
      <InterfaceTable label="Inputs" variables={tpl?.interface?.inputs} />
      <h2>Outputs</h2>
      <InterfaceTable label="Outputs" variables={tpl?.interface?.outputs} />
    </section>
  );
}

function LaunchPlanDetail({ lp, project, domain }: { lp: LaunchPlan; project: string; domain: string }) {
  const [state, setState] = useState(lp.closure?.state ?? LaunchPlanState.INACTIVE);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const active = state === LaunchPlanState.ACTIVE;
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    const next = active ? LaunchPlanState.INACTIVE : LaunchPlanState.ACTIVE;
    try {
      await admin.updateLaunchPlan({ id: lp.id, state: next });
      setState(next);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const wfId = lp.spec?.workflowId;
  const sched = lp.spec?.entityMetadata?.schedule;
  const schedule = scheduleWords(sched) ?? scheduleText(sched);
  const notifications = notificationRows(lp.spec?.entityMetadata?.notifications);
  return (
    <section className="panel" aria-label="Launch plan version" data-testid="entity-detail">
      <Facts
        rows={[
          ["Version", <span className="mono">{lp.id?.version}</span>],
          ["Registered", formatTime(lp.closure?.createdAt)],
          ["State", <span data-testid="lp-state">{active ? "active" : "inactive"}</span>],
          ["Schedule", schedule ?? <span className="muted">none</span>],
          [
            "Workflow",
            wfId ? (
              <Link className="mono" href={entityPath(project, domain, "workflows", wfId.name, wfId.version)}>
                {wfId.name}:{wfId.version}
              </Link>
            ) : (
              "—"
            ),
          ],
        ]}
      />
      <div className="actions" style={{ marginTop: 12 }}>
        <Link className="button primary" href={launchPath(project, domain, lp.id?.name ?? "", lp.id?.version)}>
          Launch
        </Link>
        <button type="button" onClick={() => void toggle()} disabled={busy}>
          {active ? "Deactivate" : "Activate"}
        </button>
        <Link
          className="button"
          href={`${sectionPath(project, domain, "executions")}?launch_plan=${encodeURIComponent(lp.id?.name ?? "")}`}
        >
          Executions
        </Link>
      </div>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {sched && (
        <LaunchPlanSchedule
          schedule={sched}
          name={lp.id?.name ?? ""}
          version={lp.id?.version ?? ""}
          project={project}
          domain={domain}
          active={active}
        />
      )}
      <h2>Notifications</h2>
      {notifications.length === 0 ? (
        <p className="muted" data-testid="no-notifications">
          None: executions of this launch plan send no notifications.
        </p>
      ) : (
        <NotificationsTable rows={notifications} label="Launch plan notifications" />
      )}
      <h2>Inputs</h2>
      <InterfaceTable label="Inputs" parameters={lp.closure?.expectedInputs} fixed={lp.spec?.fixedInputs} />
      <h2>Outputs</h2>
      <InterfaceTable label="Outputs" variables={lp.closure?.expectedOutputs} />
    </section>
  );
}
