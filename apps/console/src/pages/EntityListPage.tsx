import { useState } from "react";
import { Sort_Direction } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import { admin } from "../api/client";
import { RESOURCE_TYPE, KIND_SINGULAR } from "../api/entity-kinds";
import { useAsync } from "../api/use-async";
import { Async, Empty } from "../components/States";
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
                    </tr>
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
