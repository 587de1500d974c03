import { admin } from "../api/client";
import { useAsync } from "../api/use-async";
import { Async, Empty } from "../components/States";
import { Link } from "../router";
import { sectionPath } from "../routes";

/** `/console/`: every project with a link per domain. */
export function ProjectsPage() {
  const { state, reload } = useAsync(async (signal) => {
    const [projects, domains] = await Promise.all([
      admin.listProjects({ limit: 500 }, { signal }),
      admin.getDomains({}, { signal }),
    ]);
    return { projects: projects.projects, domains: domains.domains };
  }, []);
  return (
    <section aria-labelledby="projects-title">
      <h1 id="projects-title">Projects</h1>
      <Async state={state} onRetry={reload}>
        {({ projects, domains }) =>
          projects.length === 0 ? (
            <Empty>
              No projects yet. Register one with <code>flyte create project</code>.
            </Empty>
          ) : (
            <ul className="grid-cards" aria-label="Projects" style={{ listStyle: "none", padding: 0 }}>
              {projects.map((p) => {
                const ds = p.domains.length > 0 ? p.domains : domains;
                return (
                  <li key={p.id} className="panel" data-testid={`project-${p.id}`}>
                    <h2 style={{ marginTop: 0 }}>{p.name || p.id}</h2>
                    {p.name && p.name !== p.id && <div className="mono muted">{p.id}</div>}
                    {p.description && <p className="muted">{p.description}</p>}
                    <nav aria-label={`Domains of ${p.id}`} className="actions">
                      {ds.map((d) => (
                        <Link key={d.id} className="button" href={sectionPath(p.id, d.id, "executions")}>
                          {d.name || d.id}
                        </Link>
                      ))}
                    </nav>
                  </li>
                );
              })}
            </ul>
          )
        }
      </Async>
    </section>
  );
}
