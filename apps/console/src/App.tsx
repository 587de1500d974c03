import { Suspense } from "react";
import { Loading } from "./components/States";
import { ExecutionPage } from "./execution/ExecutionPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { SectionPage } from "./pages/SectionPage";
import { EntityPage } from "./pages/EntityPage";
import { LaunchPage } from "./pages/LaunchPage";
import { Link, useLocation } from "./router";
import { BASE, parseRoute, type Route } from "./routes";
import { useTheme } from "./theme";

export function App() {
  const loc = useLocation();
  const route = parseRoute(loc.pathname);
  const [theme, toggleTheme] = useTheme();
  return (
    <>
      <header className="app-header">
        <Link href={`${BASE}/`} className="brand">
          Flyte console
        </Link>
        <span className="spacer" />
        <button
          type="button"
          onClick={toggleTheme}
          aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}
          data-testid="theme-toggle"
        >
          {theme === "dark" ? "☀ Light" : "☾ Dark"}
        </button>
      </header>
      <main>
        <Suspense fallback={<Loading />}>
          <Page route={route} search={loc.search} />
        </Suspense>
      </main>
    </>
  );
}

function Page({ route, search }: { route: Route; search: URLSearchParams }) {
  switch (route.page) {
    case "projects":
      return <ProjectsPage />;
    case "section":
      return <SectionPage project={route.project} domain={route.domain} section={route.section} search={search} />;
    case "entity":
      return (
        <EntityPage
          key={`${route.kind}/${route.name}`}
          project={route.project}
          domain={route.domain}
          kind={route.kind}
          name={route.name}
          version={search.get("version") ?? undefined}
        />
      );
    case "launch":
      return (
        <LaunchPage
          key={`${route.kind}/${route.name}`}
          kind={route.kind}
          project={route.project}
          domain={route.domain}
          name={route.name}
          version={search.get("version") ?? undefined}
        />
      );
    case "execution":
      return (
        <ExecutionPage
          key={route.name}
          project={route.project}
          domain={route.domain}
          name={route.name}
          search={search}
        />
      );
    case "not-found":
      return (
        <div className="state" data-testid="not-found">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href={`${BASE}/`}>Go to projects</Link>
          </p>
        </div>
      );
  }
}
