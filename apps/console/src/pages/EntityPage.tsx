import { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import type { Task } from "@flyte-ts/idl/gen/flyteidl/admin/task_pb";
import type { Workflow } from "@flyte-ts/idl/gen/flyteidl/admin/workflow_pb";
import { admin } from "../api/client";
import { KIND_SINGULAR } from "../api/entity-kinds";
import { useAsync } from "../api/use-async";
import { Async, Empty } from "../components/States";
import { formatTime } from "../format/time";
import { Link, setSearch } from "../router";
import { entityPath, sectionPath, type EntityKind } from "../routes";
import { EntityVersionDetail } from "./EntityVersionDetail";
import { ProjectNav } from "./SectionPage";

export type Versioned =
  { kind: "workflows"; value: Workflow } | { kind: "tasks"; value: Task } | { kind: "launch_plans"; value: LaunchPlan };

async function listVersions(
  kind: EntityKind,
  project: string,
  domain: string,
  name: string,
  signal: AbortSignal,
): Promise<Versioned[]> {
  const req = {
    id: { project, domain, name },
    limit: 100,
    sortBy: { key: "created_at", direction: Sort_Direction.DESCENDING },
  };
  switch (kind) {
    case "workflows":
      return (await admin.listWorkflows(req, { signal })).workflows.map((value) => ({ kind, value }));
    case "tasks":
      return (await admin.listTasks(req, { signal })).tasks.map((value) => ({ kind, value }));
    case "launch_plans":
      return (await admin.listLaunchPlans(req, { signal })).launchPlans.map((value) => ({ kind, value }));
  }
}

const createdAt = (v: Versioned) => {
  switch (v.kind) {
    case "workflows":
    case "tasks":
      return v.value.closure?.createdAt;
    case "launch_plans":
      return v.value.closure?.createdAt;
  }
};

/** A workflow, task or launch plan: its versions, and the selected one's interface and settings. */
export function EntityPage({
  project,
  domain,
  kind,
  name,
  version,
}: {
  project: string;
  domain: string;
  kind: EntityKind;
  name: string;
  version: string | undefined;
}) {
  const { state, reload } = useAsync(
    (signal) => listVersions(kind, project, domain, name, signal),
    [kind, project, domain, name],
  );
  return (
    <>
      <ProjectNav project={project} domain={domain} section={kind} />
      <h1>
        <span className="muted">{KIND_SINGULAR[kind]} </span>
        <span className="mono" data-testid="entity-name">
          {name}
        </span>
      </h1>
      <Async state={state} onRetry={reload}>
        {(versions) => {
          if (versions.length === 0) {
            return (
              <Empty>
                No versions of {name}. <Link href={sectionPath(project, domain, kind)}>Back to the list</Link>
              </Empty>
            );
          }
          const selected = versions.find((v) => v.value.id?.version === version) ?? versions[0];
          if (!selected) return null;
          return (
            <div style={{ display: "grid", gridTemplateColumns: "minmax(180px, 260px) 1fr", gap: 16 }}>
              <nav
                aria-label="Versions"
                className="panel"
                style={{ alignSelf: "start", maxHeight: 600, overflowY: "auto" }}
              >
                <h2 style={{ marginTop: 0 }}>Versions</h2>
                <ul style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="versions">
                  {versions.map((v) => {
                    const ver = v.value.id?.version ?? "";
                    const current = v === selected;
                    return (
                      <li key={ver} style={{ padding: "3px 0" }}>
                        <a
                          href={entityPath(project, domain, kind, name, ver)}
                          aria-current={current ? "true" : undefined}
                          style={{ fontWeight: current ? 700 : 400 }}
                          className="mono"
                          onClick={(e) => {
                            e.preventDefault();
                            setSearch({ version: ver }, { push: true });
                          }}
                        >
                          {ver}
                        </a>
                        <div className="muted" style={{ fontSize: 12 }}>
                          {formatTime(createdAt(v))}
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </nav>
              <EntityVersionDetail entity={selected} project={project} domain={domain} />
            </div>
          );
        }}
      </Async>
    </>
  );
}
