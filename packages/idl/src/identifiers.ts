import { create } from "@bufbuild/protobuf";
import {
  IdentifierSchema,
  ResourceType,
  type Identifier,
  type NodeExecutionIdentifier,
  type WorkflowExecutionIdentifier,
} from "./gen/flyteidl/core/identifier_pb.js";

const resourceNames: Record<ResourceType, string> = {
  [ResourceType.UNSPECIFIED]: "unspecified",
  [ResourceType.TASK]: "task",
  [ResourceType.WORKFLOW]: "workflow",
  [ResourceType.LAUNCH_PLAN]: "launch_plan",
  [ResourceType.DATASET]: "dataset",
};

/**
 * The display form of a versioned identifier: `task:project/domain/name@version`. Parts that are
 * empty (as in a package written before registration) are left out: `task:name`.
 */
export function formatIdentifier(id: Identifier | undefined): string {
  if (!id) return "<no id>";
  const kind = resourceNames[id.resourceType] ?? "unknown";
  const scope = id.project || id.domain ? `${id.project}/${id.domain}/` : "";
  const version = id.version ? `@${id.version}` : "";
  return `${kind}:${scope}${id.name}${version}`;
}

/** Parses the form written by {@link formatIdentifier}. Returns undefined when it does not match. */
export function parseIdentifier(text: string): Identifier | undefined {
  const m = /^([a-z_]+):(?:([^/@]*)\/([^/@]*)\/)?([^/@]+)(?:@(.+))?$/.exec(text);
  if (!m) return undefined;
  const entry = Object.entries(resourceNames).find(([, name]) => name === m[1]);
  if (!entry) return undefined;
  return create(IdentifierSchema, {
    resourceType: Number(entry[0]) as ResourceType,
    project: m[2] ?? "",
    domain: m[3] ?? "",
    name: m[4] ?? "",
    version: m[5] ?? "",
  });
}

/** A key that is equal for equal identifiers (ignores nothing but `org` when empty). */
export function identifierKey(id: Identifier | undefined): string {
  if (!id) return "";
  return [id.resourceType, id.org, id.project, id.domain, id.name, id.version].join("\u0000");
}

/** `project:domain:name`, the form Flyte uses to name a workflow execution. */
export function formatExecutionId(id: WorkflowExecutionIdentifier | undefined): string {
  if (!id) return "<no execution>";
  return `${id.project}:${id.domain}:${id.name}`;
}

/** Flyte's data URL for a node's inputs (`i`), outputs (`o`) or deck (`d`). */
export function flyteUrl(node: NodeExecutionIdentifier, kind: "i" | "o" | "d", attempt?: number): string {
  const e = node.executionId;
  const parts = ["flyte://v1", e?.project ?? "", e?.domain ?? "", e?.name ?? "", node.nodeId];
  if (attempt !== undefined) parts.push(String(attempt));
  parts.push(kind);
  return parts.join("/");
}

export interface ParsedFlyteUrl {
  project: string;
  domain: string;
  execution: string;
  nodeId: string;
  attempt?: number;
  kind: "i" | "o" | "d";
}

/** Parses `flyte://v1/{project}/{domain}/{execution}/{node}[/{attempt}]/{i|o|d}`. */
export function parseFlyteUrl(url: string): ParsedFlyteUrl | undefined {
  const m = /^flyte:\/\/v1\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(\d+))?\/([iod])$/.exec(url);
  if (!m) return undefined;
  const parsed: ParsedFlyteUrl = {
    project: m[1]!,
    domain: m[2]!,
    execution: m[3]!,
    nodeId: m[4]!,
    kind: m[6] as "i" | "o" | "d",
  };
  if (m[5] !== undefined) parsed.attempt = Number(m[5]);
  return parsed;
}
