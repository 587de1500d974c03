import { getExtension, hasExtension } from "@bufbuild/protobuf";
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import type { HttpRule } from "@flyte-ts/idl/gen/google/api/http_pb";
import { http } from "@flyte-ts/idl/gen/google/api/annotations_pb";

export type HttpVerb = "GET" | "POST" | "PUT" | "DELETE" | "PATCH";

type Segment = { literal: string } | { field: string };

/** One REST binding of an RPC, read from its `google.api.http` option. */
export interface HttpRoute {
  verb: HttpVerb;
  template: string;
  segments: readonly Segment[];
  /** `*` = the whole request message comes from the body; "" = no body. */
  body: string;
  service: DescService;
  method: DescMethod;
}

function ruleBinding(rule: HttpRule): { verb: HttpVerb; template: string } | undefined {
  const p = rule.pattern;
  switch (p.case) {
    case "get":
      return { verb: "GET", template: p.value };
    case "post":
      return { verb: "POST", template: p.value };
    case "put":
      return { verb: "PUT", template: p.value };
    case "delete":
      return { verb: "DELETE", template: p.value };
    case "patch":
      return { verb: "PATCH", template: p.value };
    case "custom":
    case undefined:
      return undefined;
  }
}

export function parseTemplate(template: string): Segment[] {
  return template
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      const m = /^\{([a-z_0-9.]+)\}$/i.exec(s);
      return m ? { field: m[1]! } : { literal: s };
    });
}

/** Every REST route of the given services, like grpc-gateway derives them. */
export function httpRoutes(services: readonly DescService[]): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const service of services) {
    for (const method of service.methods) {
      const options = method.proto.options;
      if (!options || !hasExtension(options, http)) continue;
      const rule = getExtension(options, http);
      for (const r of [rule, ...rule.additionalBindings]) {
        const binding = ruleBinding(r);
        if (!binding) continue;
        routes.push({ ...binding, segments: parseTemplate(binding.template), body: r.body, service, method });
      }
    }
  }
  return routes;
}

export interface RouteMatch {
  route: HttpRoute;
  params: Record<string, string>;
}

/**
 * Matches a request path. When several templates match, the one with more literal segments wins
 * (`/executions/recover` over `/executions/{id.project}`).
 */
export class RouteTable {
  private readonly byVerbAndLength = new Map<string, HttpRoute[]>();

  constructor(routes: readonly HttpRoute[]) {
    for (const r of routes) {
      const key = `${r.verb} ${r.segments.length}`;
      const list = this.byVerbAndLength.get(key) ?? [];
      list.push(r);
      this.byVerbAndLength.set(key, list);
    }
    for (const list of this.byVerbAndLength.values()) {
      list.sort((a, b) => literalCount(b) - literalCount(a));
    }
  }

  match(verb: string, path: string): RouteMatch | undefined {
    const parts = path.split("/").filter((s) => s !== "");
    for (const route of this.byVerbAndLength.get(`${verb} ${parts.length}`) ?? []) {
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if ("literal" in seg) ok = seg.literal === part;
        else params[seg.field] = decodeURIComponent(part);
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  /** Whether any route has this path under another verb (for 405 answers). */
  hasPath(path: string): boolean {
    const verbs: HttpVerb[] = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    return verbs.some((v) => this.match(v, path) !== undefined);
  }
}

function literalCount(r: HttpRoute): number {
  return r.segments.filter((s) => "literal" in s).length;
}
