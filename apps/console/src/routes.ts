/** The console's pages, parsed from (and formatted into) paths under `/console/`. */
export const ENTITY_KINDS = ["workflows", "tasks", "launch_plans"] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const SECTIONS = ["executions", ...ENTITY_KINDS] as const;
export type Section = (typeof SECTIONS)[number];

export type Route =
  | { readonly page: "projects" }
  | { readonly page: "section"; readonly project: string; readonly domain: string; readonly section: Section }
  | {
      readonly page: "entity";
      readonly project: string;
      readonly domain: string;
      readonly kind: EntityKind;
      readonly name: string;
    }
  | {
      readonly page: "launch";
      readonly project: string;
      readonly domain: string;
      /** A launch plan, or a task (a single-task execution). */
      readonly kind: "launch_plans" | "tasks";
      readonly name: string;
    }
  | { readonly page: "execution"; readonly project: string; readonly domain: string; readonly name: string }
  | { readonly page: "not-found"; readonly path: string };

export const BASE = "/console";

const seg = encodeURIComponent;

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest
    .split("/")
    .filter((p) => p !== "")
    .map((p) => decodeURIComponent(p));
  if (parts.length === 0) return { page: "projects" };
  const [projects, project, domains, domain, section, name, action] = parts;
  if (projects !== "projects" || project === undefined) return { page: "not-found", path: pathname };
  if (domains !== "domains" || domain === undefined) {
    if (domains === undefined) return { page: "section", project, domain: "development", section: "executions" };
    return { page: "not-found", path: pathname };
  }
  if (section === undefined) return { page: "section", project, domain, section: "executions" };
  if (!(SECTIONS as readonly string[]).includes(section)) return { page: "not-found", path: pathname };
  const s = section as Section;
  if (name === undefined) return { page: "section", project, domain, section: s };
  if (s === "executions") {
    return action === undefined ? { page: "execution", project, domain, name } : { page: "not-found", path: pathname };
  }
  if (action === undefined) return { page: "entity", project, domain, kind: s, name };
  if (action === "launch" && s !== "workflows") return { page: "launch", project, domain, kind: s, name };
  return { page: "not-found", path: pathname };
}

export function sectionPath(project: string, domain: string, section: Section): string {
  return `${BASE}/projects/${seg(project)}/domains/${seg(domain)}/${section}`;
}

export function entityPath(project: string, domain: string, kind: EntityKind, name: string, version?: string): string {
  const q = version ? `?version=${seg(version)}` : "";
  return `${sectionPath(project, domain, kind)}/${seg(name)}${q}`;
}

export function launchPath(
  project: string,
  domain: string,
  name: string,
  version?: string,
  kind: "launch_plans" | "tasks" = "launch_plans",
): string {
  const q = version ? `?version=${seg(version)}` : "";
  return `${sectionPath(project, domain, kind)}/${seg(name)}/launch${q}`;
}

export function executionPath(project: string, domain: string, name: string): string {
  return `${sectionPath(project, domain, "executions")}/${seg(name)}`;
}
