import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { ResourceType, type Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { ParameterMapSchema, type ParameterMap, type VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { admin } from "../api/client";
import { useAsync } from "../api/use-async";
import { Async } from "../components/States";
import { InterfaceTable } from "../components/InterfaceTable";
import { LaunchForm } from "../launch/LaunchForm";
import { unwrapOptional } from "../launch/input-fields";
import { Link } from "../router";
import { entityPath } from "../routes";
import { ProjectNav } from "./SectionPage";

interface Launchable {
  readonly target: Identifier;
  readonly parameters: ParameterMap | undefined;
  readonly fixed?: LiteralMap | undefined;
}

type Kind = "launch_plans" | "tasks";

const latest = { limit: 1, sortBy: { key: "created_at", direction: Sort_Direction.DESCENDING } };

/** A task's inputs as launch parameters: required unless optional (a union with none). */
function taskParameters(inputs: VariableMap | undefined): ParameterMap {
  const parameters: ParameterMap["parameters"] = {};
  for (const [name, v] of Object.entries(inputs?.variables ?? {})) {
    const optional = v.type ? unwrapOptional(v.type).optional : false;
    parameters[name] = {
      $typeName: "flyteidl.core.Parameter",
      var: v,
      behavior: optional ? { case: undefined } : { case: "required", value: true },
    };
  }
  return create(ParameterMapSchema, { parameters });
}

/** The given version, else (launch plans) the active one, else the newest. */
async function load(
  kind: Kind,
  project: string,
  domain: string,
  name: string,
  version: string | undefined,
  signal: AbortSignal,
): Promise<Launchable> {
  if (kind === "tasks") {
    const task = version
      ? await admin.getTask({ id: { resourceType: ResourceType.TASK, project, domain, name, version } }, { signal })
      : (await admin.listTasks({ id: { project, domain, name }, ...latest }, { signal })).tasks[0];
    if (!task?.id) throw new Error(`task ${project}/${domain}/${name} has no versions`);
    return { target: task.id, parameters: taskParameters(task.closure?.compiledTask?.template?.interface?.inputs) };
  }
  let lp;
  if (version) {
    lp = await admin.getLaunchPlan(
      { id: { resourceType: ResourceType.LAUNCH_PLAN, project, domain, name, version } },
      { signal },
    );
  } else {
    try {
      lp = await admin.getActiveLaunchPlan({ id: { project, domain, name } }, { signal });
    } catch (e) {
      if (!(e instanceof ConnectError) || e.code !== Code.NotFound) throw e;
      lp = (await admin.listLaunchPlans({ id: { project, domain, name }, ...latest }, { signal })).launchPlans[0];
    }
  }
  if (!lp?.id) throw new Error(`launch plan ${project}/${domain}/${name} has no versions`);
  return { target: lp.id, parameters: lp.closure?.expectedInputs, fixed: lp.spec?.fixedInputs };
}

/** `/console/projects/:p/domains/:d/{launch_plans,tasks}/:name/launch[?version=]` */
export function LaunchPage({
  kind,
  project,
  domain,
  name,
  version,
}: {
  kind: Kind;
  project: string;
  domain: string;
  name: string;
  version: string | undefined;
}) {
  const { state, reload } = useAsync(
    (signal) => load(kind, project, domain, name, version, signal),
    [kind, project, domain, name, version],
  );
  return (
    <>
      <ProjectNav project={project} domain={domain} section={kind} />
      <h1>
        Launch <span className="mono">{name}</span>
      </h1>
      <Async state={state} onRetry={reload}>
        {(l) => (
          <div className="panel">
            <p className="muted">
              {kind === "tasks" ? "Task" : "Launch plan"} version{" "}
              <Link className="mono" href={entityPath(project, domain, kind, name, l.target.version)}>
                {l.target.version}
              </Link>
            </p>
            <LaunchForm key={l.target.version} target={l.target} parameters={l.parameters} />
            {Object.keys(l.fixed?.literals ?? {}).length > 0 && (
              <>
                <h2>Fixed inputs</h2>
                <InterfaceTable label="Fixed inputs" fixed={l.fixed} />
              </>
            )}
          </div>
        )}
      </Async>
    </>
  );
}
