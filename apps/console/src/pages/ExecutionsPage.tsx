import { useEffect, useState } from "react";
import { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { Execution } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";
import { admin } from "../api/client";
import { createdAfter, executionFilters, TIME_RANGES, type TimeRange } from "../api/filters";
import { useAsync } from "../api/use-async";
import { Async, Empty } from "../components/States";
import { modeName } from "../format/identifiers";
import { PhaseBadge } from "../format/phase-badge";
import { isWorkflowTerminal, WORKFLOW_PHASES, workflowPhaseGroup, workflowPhaseName } from "../format/phase";
import { formatTime, liveDuration } from "../format/time";
import { Link, setSearch } from "../router";
import { entityPath, executionPath } from "../routes";

const PAGE = 50;
const SORT_KEYS = {
  created_at: "Created",
  started_at: "Started",
  duration_ms: "Duration",
  phase: "Phase",
  name: "Name",
} as const;
type SortKey = keyof typeof SORT_KEYS;

interface Query {
  phase: string;
  workflow: string;
  launchPlan: string;
  range: TimeRange;
  sort: SortKey;
  asc: boolean;
}

function readQuery(search: URLSearchParams): Query {
  const range = search.get("range") ?? "all";
  const sortRaw = search.get("sort") ?? "-created_at";
  const asc = !sortRaw.startsWith("-");
  const key = asc ? sortRaw : sortRaw.slice(1);
  return {
    phase: search.get("phase") ?? "",
    workflow: search.get("workflow") ?? "",
    launchPlan: search.get("launch_plan") ?? "",
    range: range in TIME_RANGES ? (range as TimeRange) : "all",
    sort: key in SORT_KEYS ? (key as SortKey) : "created_at",
    asc,
  };
}

/** Executions of a project/domain: filters (in the URL, so a view can be shared), sort and pagination. */
export function ExecutionsPage({
  project,
  domain,
  search,
}: {
  project: string;
  domain: string;
  search: URLSearchParams;
}) {
  const q = readQuery(search);
  const [tokens, setTokens] = useState<string[]>([""]);
  const token = tokens[tokens.length - 1] ?? "";
  const queryKey = search.toString();
  useEffect(() => setTokens([""]), [queryKey]);
  const [now, setNow] = useState(() => Date.now());
  const { state, reload } = useAsync(
    (signal) => {
      setNow(Date.now());
      const after = createdAfter(q.range, Date.now());
      return admin.listExecutions(
        {
          id: { project, domain },
          limit: PAGE,
          token,
          filters: executionFilters({
            ...(q.phase ? { phases: q.phase.split(",") } : {}),
            ...(q.workflow ? { workflow: q.workflow } : {}),
            ...(q.launchPlan ? { launchPlan: q.launchPlan } : {}),
            ...(after ? { createdAfter: after } : {}),
          }),
          sortBy: { key: q.sort, direction: q.asc ? Sort_Direction.ASCENDING : Sort_Direction.DESCENDING },
        },
        { signal },
      );
    },
    [project, domain, queryKey, token],
  );
  // While a listed execution runs, refresh the page every 5 s (not while the tab is hidden).
  const running =
    state.status === "ok" && state.value.executions.some((e) => !isWorkflowTerminal(e.closure?.phase ?? 0));
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => {
      if (!document.hidden) reload();
    }, 5000);
    return () => clearInterval(t);
  }, [running, reload]);
  const sortBy = (key: SortKey) => {
    const asc = q.sort === key ? !q.asc : false;
    setSearch({ sort: asc ? key : `-${key}` });
  };
  const sortHeader = (key: SortKey) => (
    <th scope="col" aria-sort={q.sort === key ? (q.asc ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort" onClick={() => sortBy(key)} aria-label={`Sort by ${SORT_KEYS[key]}`}>
        {SORT_KEYS[key]}
        {q.sort === key ? (q.asc ? " ▲" : " ▼") : ""}
      </button>
    </th>
  );
  return (
    <section aria-labelledby="executions-title">
      <h1 id="executions-title">Executions</h1>
      <ExecutionFilters q={q} onRefresh={reload} />
      <Async state={state} onRetry={reload}>
        {(list) =>
          list.executions.length === 0 ? (
            <Empty>
              {q.phase || q.workflow || q.launchPlan || q.range !== "all"
                ? "No executions match these filters."
                : `No executions in ${project}/${domain} yet. Launch one from a launch plan.`}
            </Empty>
          ) : (
            <>
              <table className="data" aria-label="Executions" data-testid="executions-table">
                <thead>
                  <tr>
                    {sortHeader("name")}
                    {sortHeader("phase")}
                    <th scope="col">Launch plan</th>
                    <th scope="col">Workflow</th>
                    {sortHeader("created_at")}
                    {sortHeader("started_at")}
                    {sortHeader("duration_ms")}
                    <th scope="col">Launched by</th>
                  </tr>
                </thead>
                <tbody>
                  {list.executions.map((e) => (
                    <ExecutionRow key={e.id?.name} e={e} now={now} />
                  ))}
                </tbody>
              </table>
              <div className="pager">
                <button type="button" disabled={tokens.length <= 1} onClick={() => setTokens((t) => t.slice(0, -1))}>
                  Previous
                </button>
                <button type="button" disabled={!list.token} onClick={() => setTokens((t) => [...t, list.token])}>
                  Next
                </button>
                <span className="muted">Page {tokens.length}</span>
              </div>
            </>
          )
        }
      </Async>
    </section>
  );
}

function ExecutionRow({ e, now }: { e: Execution; now: number }) {
  const id = e.id;
  const c = e.closure;
  const phase = c?.phase ?? 0;
  const lp = e.spec?.launchPlan;
  const wf = c?.workflowId;
  const md = e.spec?.metadata;
  if (!id) return null;
  return (
    <tr data-testid={`execution-${id.name}`}>
      <td>
        <Link className="mono" href={executionPath(id.project, id.domain, id.name)}>
          {id.name}
        </Link>
      </td>
      <td>
        <PhaseBadge name={workflowPhaseName(phase)} group={workflowPhaseGroup(phase)} />
      </td>
      <td className="mono">
        {lp ? (
          <Link href={entityPath(id.project, id.domain, "launch_plans", lp.name, lp.version)}>{lp.name}</Link>
        ) : (
          "—"
        )}
      </td>
      <td className="mono">
        {wf ? <Link href={entityPath(id.project, id.domain, "workflows", wf.name, wf.version)}>{wf.name}</Link> : "—"}
      </td>
      <td>{formatTime(c?.createdAt)}</td>
      <td>{formatTime(c?.startedAt)}</td>
      <td>{liveDuration(c?.startedAt, c?.duration, !isWorkflowTerminal(phase), now)}</td>
      <td>
        {md?.principal || "—"} {md ? <span className="muted">({modeName(md.mode)})</span> : null}
      </td>
    </tr>
  );
}

function ExecutionFilters({ q, onRefresh }: { q: Query; onRefresh: () => void }) {
  const [workflow, setWorkflow] = useState(q.workflow);
  const [launchPlan, setLaunchPlan] = useState(q.launchPlan);
  useEffect(() => setWorkflow(q.workflow), [q.workflow]);
  useEffect(() => setLaunchPlan(q.launchPlan), [q.launchPlan]);
  return (
    <form
      className="filters"
      aria-label="Execution filters"
      onSubmit={(e) => {
        e.preventDefault();
        setSearch({ workflow: workflow.trim(), launch_plan: launchPlan.trim() });
      }}
    >
      <label>
        Phase
        <select
          aria-label="Phase"
          value={q.phase}
          onChange={(e) => setSearch({ phase: e.target.value })}
          data-testid="filter-phase"
        >
          <option value="">Any phase</option>
          {WORKFLOW_PHASES.map((p) => (
            <option key={p} value={p}>
              {p.toLowerCase().replace(/_/g, " ")}
            </option>
          ))}
          <option value="QUEUED,RUNNING,SUCCEEDING,FAILING,ABORTING">not finished</option>
        </select>
      </label>
      <label>
        Workflow
        <input aria-label="Workflow name" value={workflow} onChange={(e) => setWorkflow(e.target.value)} />
      </label>
      <label>
        Launch plan
        <input aria-label="Launch plan name" value={launchPlan} onChange={(e) => setLaunchPlan(e.target.value)} />
      </label>
      <label>
        Created
        <select
          aria-label="Time range"
          value={q.range}
          onChange={(e) => setSearch({ range: e.target.value === "all" ? "" : e.target.value })}
        >
          <option value="all">any time</option>
          <option value="1h">last hour</option>
          <option value="24h">last 24 hours</option>
          <option value="7d">last 7 days</option>
          <option value="30d">last 30 days</option>
        </select>
      </label>
      <button type="submit">Apply</button>
      <button type="button" onClick={onRefresh}>
        Refresh
      </button>
    </form>
  );
}
