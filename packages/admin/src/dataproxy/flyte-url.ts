import { InvalidArgumentError } from "@flyte-ts/core";

/** What a Flyte URL points at: a node's (or one attempt's) inputs, outputs or deck. */
export interface FlyteUrl {
  project: string;
  domain: string;
  execution: string;
  nodeId: string;
  /** Task attempt; undefined for the node execution itself. */
  attempt?: number;
  io: "i" | "o" | "d";
  /** One variable of the inputs or outputs; undefined for the whole literal map. */
  variable?: string;
}

const NAME = "[a-zA-Z0-9_-]+";
const FLYTE_URL = new RegExp(
  `^flyte://v1/(${NAME})/(${NAME})/(${NAME})/(${NAME})(?:/([0-9]+))?/(?:([iod])|([io])/([a-zA-Z0-9_]+))$`,
);

/**
 * Parses `flyte://v1/<project>/<domain>/<execution>/<node>[/<attempt>]/<i|o|d>[/<var>]` (the form
 * `GetNodeExecutionData` returns as `flyte_urls`); INVALID_ARGUMENT naming `flyte_url` otherwise.
 */
export function parseFlyteUrl(url: string): FlyteUrl {
  const m = FLYTE_URL.exec(url);
  if (!m) {
    throw new InvalidArgumentError(
      `flyte_url ${JSON.stringify(url)} is not of the form flyte://v1/<project>/<domain>/<execution>/<node>[/<attempt>]/<i|o|d>[/<variable>]`,
      { code: "InvalidField", details: { field: "flyte_url" } },
    );
  }
  const [, project, domain, execution, nodeId, attempt, io, ioWithVar, variable] = m;
  return {
    project: project as string,
    domain: domain as string,
    execution: execution as string,
    nodeId: nodeId as string,
    ...(attempt === undefined ? {} : { attempt: Number(attempt) }),
    io: (io ?? ioWithVar) as FlyteUrl["io"],
    ...(variable === undefined ? {} : { variable }),
  };
}

/** The Flyte URL of a node's (or attempt's) inputs, outputs or deck. */
export function formatFlyteUrl(u: FlyteUrl): string {
  const attempt = u.attempt === undefined ? "" : `/${u.attempt}`;
  const variable = u.variable === undefined ? "" : `/${u.variable}`;
  return `flyte://v1/${u.project}/${u.domain}/${u.execution}/${u.nodeId}${attempt}/${u.io}${variable}`;
}
