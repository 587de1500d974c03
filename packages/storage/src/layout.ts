import { joinUri } from "./uri.js";
import { fixedLengthUniqueId, GENERATED_NAME_MAX_LENGTH, shardPrefix } from "./unique-id.js";

/**
 * Where Flyte keeps each execution's data (brief §4.10, §5.3). All functions are pure string
 * builders; they never touch a store.
 *
 *   <metadataPrefix>/<project>-<domain>-<name>/                 execution dir E
 *   E/<nodeId>/data/                                            top-level node data dir
 *   <dataDir>/inputs.pb                                         node inputs (LiteralMap)
 *   <dataDir>/<attempt>/{outputs,error,futures,futures_compiled}.pb, deck.html
 *   <parentOutputDir>/<childNodeId>/                            nested node data dir
 *   <arrayDataDir>/<index>/<attempt>/                           array sub-node output dir
 *   <rawPrefix>/<shard>/<uniqueId>/                             attempt raw-output sandbox
 */

/** The parts of `WorkflowExecutionIdentifier` the layout uses. */
export interface ExecutionIdParts {
  readonly project: string;
  readonly domain: string;
  readonly name: string;
}

export const START_NODE_ID = "start-node";
export const END_NODE_ID = "end-node";

export const LayoutFile = {
  inputs: "inputs.pb",
  outputs: "outputs.pb",
  error: "error.pb",
  futures: "futures.pb",
  futuresCompiled: "futures_compiled.pb",
  deck: "deck.html",
  taskTemplate: "task.pb",
} as const;

/** `<metadataPrefix>/<project>-<domain>-<name>` */
export function executionDir(metadataPrefix: string, id: ExecutionIdParts): string {
  return joinUri(metadataPrefix, `${id.project}-${id.domain}-${id.name}`);
}

/** A top-level node's data dir: `<executionDir>/<nodeId>/data`. */
export function nodeDataDir(executionDirUri: string, nodeId: string): string {
  return joinUri(executionDirUri, nodeId, "data");
}

/** A nested node's data dir (sub-workflow, branch or dynamic child): `<parentOutputDir>/<childNodeId>`. */
export function childNodeDataDir(parentOutputDir: string, childNodeId: string): string {
  return joinUri(parentOutputDir, childNodeId);
}

/** An array (map task) sub-node's data dir: `<arrayDataDir>/<index>`; its attempts go below it. */
export function arraySubNodeDataDir(arrayDataDir: string, index: number): string {
  return joinUri(arrayDataDir, index);
}

/** The output dir of one attempt: `<dataDir>/<attempt>`. */
export function attemptOutputDir(dataDir: string, attempt: number): string {
  return joinUri(dataDir, attempt);
}

export function inputsPath(dataDir: string): string {
  return joinUri(dataDir, LayoutFile.inputs);
}

/** The copy of the task template a task gets through `{{.taskTemplatePath}}`. */
export function taskTemplatePath(dataDir: string): string {
  return joinUri(dataDir, LayoutFile.taskTemplate);
}

export function outputsPath(outputDir: string): string {
  return joinUri(outputDir, LayoutFile.outputs);
}

export function errorPath(outputDir: string): string {
  return joinUri(outputDir, LayoutFile.error);
}

export function futuresPath(outputDir: string): string {
  return joinUri(outputDir, LayoutFile.futures);
}

export function futuresCompiledPath(outputDir: string): string {
  return joinUri(outputDir, LayoutFile.futuresCompiled);
}

export function deckPath(outputDir: string): string {
  return joinUri(outputDir, LayoutFile.deck);
}

/** `<outputDir>/<var>_offloaded_metadata.pb` for an output literal offloaded out of `outputs.pb`. */
export function offloadedMetadataPath(outputDir: string, variable: string): string {
  return joinUri(outputDir, `${variable}_offloaded_metadata.pb`);
}

/** Every path of one node attempt, for handing to a task runtime or plugin. */
export interface NodeAttemptPaths {
  readonly dataDir: string;
  readonly inputs: string;
  readonly outputDir: string;
  readonly outputs: string;
  readonly error: string;
  readonly futures: string;
  readonly futuresCompiled: string;
  readonly deck: string;
}

export function nodeAttemptPaths(dataDir: string, attempt: number): NodeAttemptPaths {
  const outputDir = attemptOutputDir(dataDir, attempt);
  return {
    dataDir,
    inputs: inputsPath(dataDir),
    outputDir,
    outputs: outputsPath(outputDir),
    error: errorPath(outputDir),
    futures: futuresPath(outputDir),
    futuresCompiled: futuresCompiledPath(outputDir),
    deck: deckPath(outputDir),
  };
}

/** Workflow inputs, stored as the start node's outputs: `E/start-node/data/0/outputs.pb`. */
export function workflowInputsPath(executionDirUri: string): string {
  return outputsPath(attemptOutputDir(nodeDataDir(executionDirUri, START_NODE_ID), 0));
}

/** A raw-output sandbox: `<rawPrefix>/<shardPrefix(uniqueId)>/<uniqueId>`. */
export function rawOutputSandbox(rawPrefix: string, uniqueId: string): string {
  return joinUri(rawPrefix, shardPrefix(uniqueId), uniqueId);
}

/** `<sandbox>/_flytecheckpoints` */
export function checkpointPrefix(sandbox: string): string {
  return joinUri(sandbox, "_flytecheckpoints");
}

export interface AttemptRawOutput {
  /** parts(executionName, nodeUniqueId, attempt), max 50: also the task's generated (pod) name. */
  readonly uniqueId: string;
  readonly sandbox: string;
  readonly checkpointPrefix: string;
  /** The previous attempt's checkpoint dir; `undefined` on attempt 0 (recovery supplies its own). */
  readonly previousCheckpointPrefix: string | undefined;
}

/** The raw-output sandbox and checkpoint dirs of one task attempt, as propeller computes them. */
export function attemptRawOutput(
  rawPrefix: string,
  executionName: string,
  nodeUniqueId: string,
  attempt: number,
): AttemptRawOutput {
  const sandboxOf = (a: number): string =>
    rawOutputSandbox(
      rawPrefix,
      fixedLengthUniqueId(GENERATED_NAME_MAX_LENGTH, [executionName, nodeUniqueId, String(a)]),
    );
  const uniqueId = fixedLengthUniqueId(GENERATED_NAME_MAX_LENGTH, [executionName, nodeUniqueId, String(attempt)]);
  const sandbox = sandboxOf(attempt);
  return {
    uniqueId,
    sandbox,
    checkpointPrefix: checkpointPrefix(sandbox),
    previousCheckpointPrefix: attempt === 0 ? undefined : checkpointPrefix(sandboxOf(attempt - 1)),
  };
}

/** Admin's offloaded execution inputs: `<base>/metadata/<project>/<domain>/<name>/inputs` (and `user_inputs`). */
export function adminExecutionInputsPath(
  base: string,
  id: ExecutionIdParts,
  which: "inputs" | "user_inputs" = "inputs",
): string {
  return joinUri(base, "metadata", id.project, id.domain, id.name, which);
}
