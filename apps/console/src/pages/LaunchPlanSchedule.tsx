import type { Schedule } from "@flyte-ts/idl/gen/flyteidl/admin/schedule_pb";
import { fetchSchedules, scheduleOf, type ScheduleView } from "../api/schedules";
import { useAsync } from "../api/use-async";
import { Async } from "../components/States";
import { scheduleText, scheduleWords } from "../format/schedule";
import { formatIso, relativeIso } from "../format/time";
import { Link } from "../router";
import { executionPath } from "../routes";

/**
 * A launch plan version's schedule: the expression (in words when simple), and for the active
 * version the next run times and the last launched slot from the server's schedules route.
 */
export function LaunchPlanSchedule({
  schedule,
  name,
  version,
  project,
  domain,
  active,
}: {
  schedule: Schedule;
  name: string;
  version: string;
  project: string;
  domain: string;
  active: boolean;
}) {
  const words = scheduleWords(schedule);
  const text = scheduleText(schedule);
  return (
    <section aria-label="Schedule" data-testid="lp-schedule">
      <h2>Schedule</h2>
      <p style={{ margin: "4px 0" }}>
        <strong data-testid="schedule-words">{words ?? text}</strong>
        {words && <span className="mono muted"> ({text})</span>}
        {schedule.kickoffTimeInputArg && (
          <span className="muted">
            {" "}
            — the run time is passed as input <code>{schedule.kickoffTimeInputArg}</code>
          </span>
        )}
      </p>
      {active ? (
        <NextRuns name={name} version={version} project={project} domain={domain} />
      ) : (
        <p className="muted" data-testid="schedule-inactive">
          This version is not active: its schedule does not run. Activate it to schedule runs.
        </p>
      )}
    </section>
  );
}

function NextRuns({
  name,
  version,
  project,
  domain,
}: {
  name: string;
  version: string;
  project: string;
  domain: string;
}) {
  const { state, reload } = useAsync(
    (signal) => fetchSchedules({ baseUrl: window.location.origin, project, domain, count: 5, signal }),
    [project, domain, name, version],
  );
  return (
    <Async state={state} onRetry={reload}>
      {(s) => {
        if (s.status === "not-running") {
          return (
            <p className="muted" data-testid="scheduler-not-running">
              The scheduler is not running on this server: no runs are scheduled.
            </p>
          );
        }
        const view = scheduleOf(s, name, version);
        if (!view) {
          return (
            <p className="muted" data-testid="schedule-unknown">
              The scheduler does not list this launch plan yet.{" "}
              <button type="button" onClick={reload}>
                Refresh
              </button>
            </p>
          );
        }
        return <ScheduleFacts view={view} project={project} domain={domain} catchUp={s.catchUp} />;
      }}
    </Async>
  );
}

function ScheduleFacts({
  view,
  project,
  domain,
  catchUp,
}: {
  view: ScheduleView;
  project: string;
  domain: string;
  catchUp: string;
}) {
  const now = Date.now();
  return (
    <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(260px, 1fr))", gap: 16 }}>
      <div>
        <h3>Next runs</h3>
        {view.nextRuns.length === 0 ? (
          <p className="muted">None: the schedule fires no more.</p>
        ) : (
          <ol data-testid="next-runs" style={{ margin: 0, paddingLeft: 20 }}>
            {view.nextRuns.map((r) => (
              <li key={r}>
                <time dateTime={r}>{formatIso(r)}</time> <span className="muted">{relativeIso(r, now)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
      <div>
        <h3>Last launched</h3>
        <p style={{ margin: 0 }} data-testid="last-slot">
          {view.lastSlot ? (
            <>
              slot <time dateTime={view.lastSlot}>{formatIso(view.lastSlot)}</time>
              {view.lastExecution && (
                <>
                  {" → "}
                  <Link className="mono" href={executionPath(project, domain, view.lastExecution)}>
                    {view.lastExecution}
                  </Link>
                </>
              )}
            </>
          ) : (
            <span className="muted">not yet (active since {formatIso(view.activatedAt)})</span>
          )}
        </p>
        {view.lastError && (
          <div className="field-error" role="alert">
            The last launch failed: {view.lastError}
          </div>
        )}
        <p className="muted" style={{ fontSize: 12 }}>
          Missed runs after a restart: catch-up {view.catchUp || catchUp || "—"}.
        </p>
      </div>
    </div>
  );
}
