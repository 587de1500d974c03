import { useState } from "react";
import { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { admin } from "../api/client";
import { RESOURCE_TYPE, KIND_SINGULAR } from "../api/entity-kinds";
import { fetchSchedules, scheduleOf, type SchedulesState } from "../api/schedules";
import { useAsync, type AsyncState } from "../api/use-async";
import { Async, Empty } from "../components/States";
import { viewWords } from "../format/schedule";
import { formatIso } from "../format/time";
import { Link } from "../router";
import { entityPath, type EntityKind } from "../routes";

const PAGE = 100;

/** Named entities (no versions) of one kind in a project/domain, with a name filter and pagination. */
export function EntityListPage({
  project,
  domain,
  kind,
  title,
}: {
  project: string;
  domain: string;
  kind: EntityKind;
  title: string;
}) {
  const [query, setQuery] = useState("");
  const [tokens, setTokens] = useState<string[]>([""]);
  const token = tokens[tokens.length - 1] ?? "";
  const { state, reload } = useAsync(
    (signal) =>
      admin.listNamedEntities(
        {
          resourceType: RESOURCE_TYPE[kind],
          project,
          domain,
          limit: PAGE,
          token,
          sortBy: { key: "name", direction: Sort_Direction.ASCENDING },
          ...(query.trim() ? { filters: `contains(name,${query.trim()})` } : {}),
        },
        { signal },
      ),
    [project, domain, kind, token, query],
  );
  // Launch plans: the active schedules of the project/domain, one request for the whole list.
  const schedules = useAsync(
    (signal) =>
      kind === "launch_plans"
        ? fetchSchedules({ baseUrl: window.location.origin, project, domain, count: 1, signal })
        : Promise.resolve(undefined),
    [project, domain, kind],
  ).state;
  return (
    <section aria-labelledby="entities-title">
      <h1 id="entities-title">{title}</h1>
      <div className="filters">
        <label>
          Search by name
          <input
            type="search"
            value={query}
            aria-label={`Search ${title.toLowerCase()} by name`}
            onChange={(e) => {
              setQuery(e.target.value);
              setTokens([""]);
            }}
          />
        </label>
      </div>
      <Async state={state} onRetry={reload}>
        {(list) =>
          list.entities.length === 0 ? (
            <Empty>
              No {title.toLowerCase()} in {project}/{domain}
              {query ? ` matching “${query}”` : ""}. Register some with <code>flyte register</code>.
            </Empty>
          ) : (
            <>
              <table className="data" aria-label={title} data-testid="entity-list">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Description</th>
                    {kind === "launch_plans" && <th scope="col">Schedule</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.entities.map((e) => (
                    <tr key={e.id?.name}>
                      <td>
                        <Link href={entityPath(project, domain, kind, e.id?.name ?? "")} className="mono">
                          {e.id?.name}
                        </Link>
                      </td>
                      <td className="muted">{e.metadata?.description}</td>
                      {kind === "launch_plans" && (
                        <td data-testid="schedule-cell">
                          <ScheduleCell state={schedules} name={e.id?.name ?? ""} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              {schedules.status === "ok" && schedules.value?.status === "not-running" && (
                <p className="muted" data-testid="scheduler-not-running">
                  The scheduler is not running on this server: schedules do not fire.
                </p>
              )}
              <div className="pager">
                <button type="button" disabled={tokens.length <= 1} onClick={() => setTokens((t) => t.slice(0, -1))}>
                  Previous
                </button>
                <button type="button" disabled={!list.token} onClick={() => setTokens((t) => [...t, list.token])}>
                  Next
                </button>
                <span className="muted">
                  {list.entities.length} {KIND_SINGULAR[kind]}
                  {list.entities.length === 1 ? "" : "s"} on this page
                </span>
              </div>
            </>
          )
        }
      </Async>
    </section>
  );
}

/** The active schedule of a launch plan in the list: in words, and its next run. */
function ScheduleCell({ state, name }: { state: AsyncState<SchedulesState | undefined>; name: string }) {
  if (state.status === "loading") return <span className="muted">…</span>;
  if (state.status === "error") return <span className="muted">—</span>;
  const s = state.value;
  if (!s) return null;
  const view = scheduleOf(s, name);
  if (!view) return <span className="muted">—</span>;
  const next = view.nextRuns[0];
  return (
    <span>
      {viewWords(view.type, view.expression) ?? <span className="mono">{view.expression}</span>}
      {next && <span className="muted"> · next {formatIso(next)}</span>}
    </span>
  );
}
