import { Code, ConnectError } from "@connectrpc/connect";
import { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { LaunchPlan } from "@flyte-ts/idl/gen/flyteidl/admin/launch_plan_pb";
import { ResourceType } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { admin } from "../api/client";
import { useAsync } from "../api/use-async";
import { Async } from "../components/States";
import { InterfaceTable } from "../components/InterfaceTable";
import { LaunchForm } from "../launch/LaunchForm";
import { Link } from "../router";
import { entityPath } from "../routes";
import { ProjectNav } from "./SectionPage";

/** The given version, else the active one, else the newest. */
async function loadLaunchPlan(
  project: string,
  domain: string,
  name: string,
  version: string | undefined,
  signal: AbortSignal,
): Promise<LaunchPlan> {
  if (version) {
    return admin.getLaunchPlan(
      { id: { resourceType: ResourceType.LAUNCH_PLAN, project, domain, name, version } },
      { signal },
    );
  }
  try {
    return await admin.getActiveLaunchPlan({ id: { project, domain, name } }, { signal });
  } catch (e) {
    if (!(e instanceof ConnectError) || e.code !== Code.NotFound) throw e;
  }
  const list = await admin.listLaunchPlans(
    { id: { project, domain, name }, limit: 1, sortBy: { key: "created_at", direction: Sort_Direction.DESCENDING } },
    { signal },
  );
  const lp = list.launchPlans[0];
  if (!lp) throw new Error(`launch plan ${project}/${domain}/${name} has no versions`);
  return lp;
}

/** `/console/projects/:p/domains/:d/launch_plans/:name/launch[?version=]` */
export function LaunchPage({
  project,
  domain,
  name,
  version,
}: {
  project: string;
  domain: string;
  name: string;
  version: string | undefined;
}) {
  const { state, reload } = useAsync(
    (signal) => loadLaunchPlan(project, domain, name, version, signal),
    [project, domain, name, version],
  );
  return (
    <>
      <ProjectNav project={project} domain={domain} section="launch_plans" />
      <h1>
        Launch <span className="mono">{name}</span>
      </h1>
      <Async state={state} onRetry={reload}>
        {(lp) => (
          <div className="panel">
            <p className="muted">
              Version{" "}
              <Link className="mono" href={entityPath(project, domain, "launch_plans", name, lp.id?.version)}>
                {lp.id?.version}
              </Link>
            </p>
            <LaunchForm key={lp.id?.version} lp={lp} />
            {Object.keys(lp.spec?.fixedInputs?.literals ?? {}).length > 0 && (
              <>
                <h2>Fixed inputs</h2>
                <InterfaceTable label="Fixed inputs" fixed={lp.spec?.fixedInputs} />
              </>
            )}
          </div>
        )}
      </Async>
    </>
  );
}
