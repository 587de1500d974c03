import { Link } from "../router";
import { BASE, sectionPath, type Section } from "../routes";
import { EntityListPage } from "./EntityListPage";
import { ExecutionsPage } from "./ExecutionsPage";

const LABELS: Readonly<Record<Section, string>> = {
  executions: "Executions",
  workflows: "Workflows",
  tasks: "Tasks",
  launch_plans: "Launch plans",
};

export function ProjectNav({ project, domain, section }: { project: string; domain: string; section?: Section }) {
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href={`${BASE}/`}>Projects</Link> / <span>{project}</span> / <span>{domain}</span>
      </nav>
      <nav className="tabs" aria-label="Sections">
        {(Object.keys(LABELS) as Section[]).map((s) => (
          <Link key={s} aria-current={s === section ? "page" : undefined} href={sectionPath(project, domain, s)}>
            {LABELS[s]}
          </Link>
        ))}
      </nav>
    </>
  );
}

/** `/console/projects/:p/domains/:d/<section>` */
export function SectionPage({
  project,
  domain,
  section,
  search,
}: {
  project: string;
  domain: string;
  section: Section;
  search: URLSearchParams;
}) {
  return (
    <>
      <ProjectNav project={project} domain={domain} section={section} />
      {section === "executions" ? (
        <ExecutionsPage project={project} domain={domain} search={search} />
      ) : (
        <EntityListPage key={section} project={project} domain={domain} kind={section} title={LABELS[section]} />
      )}
    </>
  );
}
