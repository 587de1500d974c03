import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { Tabs } from "../components/Tabs";
import { ErrorState, Loading } from "../components/States";
import { setSearch } from "../router";
import { ProjectNav } from "../pages/SectionPage";
import { ExecutionHeader } from "./ExecutionHeader";
import { TOP } from "./execution-store";
import { NodePanel } from "./NodePanel";
import { NodesTable } from "./NodesTable";
import { useExecutionStore } from "./use-execution-store";

const ExecutionGraph = lazy(() => import("../graph/ExecutionGraph").then((m) => ({ default: m.ExecutionGraph })));
const ExecutionTimeline = lazy(() =>
  import("../timeline/ExecutionTimeline").then((m) => ({ default: m.ExecutionTimeline })),
);

const TABS = [
  { id: "nodes", label: "Nodes" },
  { id: "graph", label: "Graph" },
  { id: "timeline", label: "Timeline" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** A clock for live durations: ticks every second while `running`. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  return now;
}

/** `/console/projects/:p/domains/:d/executions/:name[?tab=nodes|graph|timeline&node=<id>]` */
export function ExecutionPage({
  project,
  domain,
  name,
  search,
}: {
  project: string;
  domain: string;
  name: string;
  search: URLSearchParams;
}) {
  const store = useExecutionStore(project, domain, name);
  const tabParam = search.get("tab");
  const tab: Tab = TABS.some((t) => t.id === tabParam) ? (tabParam as Tab) : "nodes";
  const selected = search.get("node") ?? undefined;
  const now = useNow(!store.terminal && store.execution !== undefined);
  const closure = store.closure;
  // A new array only when the store changed, so the graph and timeline re-derive only then.
  const allNodes = useMemo(() => store.allNodes(), [store, store.version]);
  const selectNode = (nodeId: string) => setSearch({ node: nodeId });
  const selectedNe = selected ? allNodes.find((n) => n.id?.nodeId === selected) : undefined;
  const ex = store.execution;
  return (
    <>
      <ProjectNav project={project} domain={domain} section="executions" />
      {!ex && !store.error && <Loading label="Loading execution…" />}
      {store.error && <ErrorState message={store.error} onRetry={() => void store.poll()} />}
      {ex && (
        <>
          <ExecutionHeader execution={ex} now={now} onChanged={() => void store.poll()} />
          <Tabs
            tabs={TABS}
            selected={tab}
            onSelect={(t) => setSearch({ tab: t === "nodes" ? undefined : t })}
            label="Execution views"
          />
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {!store.lists.has(TOP) ? (
              <Loading label="Loading nodes…" />
            ) : (
              <Suspense fallback={<Loading />}>
                {tab === "nodes" && (
                  <NodesTable
                    lists={store.lists}
                    expanded={store.expanded}
                    taskExecutions={store.taskExecutions}
                    indexFor={(p) => store.indexFor(p)}
                    now={now}
                    selected={selected}
                    onSelect={selectNode}
                    onToggle={(id, open) => (open ? void store.expand(id) : store.collapse(id))}
                  />
                )}
                {tab === "graph" && (
                  <div data-testid="graph-panel">
                    <ExecutionGraph
                      {...(closure ? { closure } : {})}
                      nodeExecutions={allNodes}
                      {...(selected ? { selectedNodeId: selected } : {})}
                      onSelectNode={selectNode}
                      onNeedChildren={(ids) => void store.watch(ids)}
                    />
                  </div>
                )}
                {tab === "timeline" && (
                  <div data-testid="timeline-panel">
                    <ExecutionTimeline
                      nodeExecutions={allNodes}
                      taskExecutions={store.taskExecutions}
                      now={now}
                      onSelectNode={selectNode}
                    />
                  </div>
                )}
              </Suspense>
            )}
          </div>
          {selected && selectedNe && (
            <NodePanel
              key={selected}
              ne={selectedNe}
              store={store}
              index={store.indexFor(store.parentIdOf(selected))}
              onClose={() => setSearch({ node: undefined })}
            />
          )}
        </>
      )}
    </>
  );
}
