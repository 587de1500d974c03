import { create } from "@bufbuild/protobuf";
import {
  WorkflowExecutionIdentifierSchema,
  type WorkflowExecutionIdentifier,
} from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { WorkflowExecution_Phase as Phase } from "@flyte-ts/idl/gen/flyteidl/core/execution_pb";
import { CliError, ExitCode } from "../../exit-codes.js";
import type { RemoteConfig } from "../../remote/cli-config.js";

/**
 * The execution a command is about: `NAME` (in --project/--domain), `project/domain/name`, or a
 * console URL / `flyte://v1/project/domain/name` ending in those three parts.
 */
export function executionRef(text: string, config: RemoteConfig): WorkflowExecutionIdentifier {
  const trimmed = text.trim();
  const path = trimmed.replace(/^flyte:\/\/v1\//, "").replace(/^https?:\/\/[^/]+\/console\//, "");
  const console = /projects\/([^/]+)\/domains\/([^/]+)\/executions\/([^/?#]+)/.exec(path);
  const parts = console ? console.slice(1) : path.split("/").filter((p) => p !== "");
  const [a, b, c] = parts;
  if (parts.length === 1 && a)
    return create(WorkflowExecutionIdentifierSchema, { project: config.project, domain: config.domain, name: a });
  if (parts.length === 3 && a && b && c)
    return create(WorkflowExecutionIdentifierSchema, { project: a, domain: b, name: c });
  throw new CliError(
    `'${text}' is not an execution: give its name (in --project/--domain) or project/domain/name`,
    ExitCode.Usage,
  );
}

export const formatExecution = (id: WorkflowExecutionIdentifier | undefined): string =>
  id ? `${id.project}/${id.domain}/${id.name}` : "?";

/** The console page of an execution on this server. */
export const consoleUrl = (endpoint: string, id: WorkflowExecutionIdentifier): string =>
  `${endpoint}/console/projects/${id.project}/domains/${id.domain}/executions/${id.name}`;

export type ExecutionPhaseName =
  | "UNDEFINED"
  | "QUEUED"
  | "RUNNING"
  | "SUCCEEDING"
  | "SUCCEEDED"
  | "FAILING"
  | "FAILED"
  | "ABORTED"
  | "TIMED_OUT"
  | "ABORTING";

export function executionPhaseName(p: Phase): ExecutionPhaseName {
  switch (p) {
    case Phase.UNDEFINED:
      return "UNDEFINED";
    case Phase.QUEUED:
      return "QUEUED";
    case Phase.RUNNING:
      return "RUNNING";
    case Phase.SUCCEEDING:
      return "SUCCEEDING";
    case Phase.SUCCEEDED:
      return "SUCCEEDED";
    case Phase.FAILING:
      return "FAILING";
    case Phase.FAILED:
      return "FAILED";
    case Phase.ABORTED:
      return "ABORTED";
    case Phase.TIMED_OUT:
      return "TIMED_OUT";
    case Phase.ABORTING:
      return "ABORTING";
    default: {
      const unknown: never = p;
      return unknown;
    }
  }
}

export const isTerminalExecution = (p: Phase): boolean =>
  p === Phase.SUCCEEDED || p === Phase.FAILED || p === Phase.ABORTED || p === Phase.TIMED_OUT;
