import { create } from "@bufbuild/protobuf";
import {
  CatalogArtifactTagSchema,
  CatalogCacheStatus,
  CatalogMetadataSchema,
  CatalogReservation_Status,
  type CatalogMetadata,
} from "@flyte-ts/idl/gen/flyteidl/core/catalog_pb";
import {
  IdentifierSchema,
  ResourceType,
  TaskExecutionIdentifierSchema,
} from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import type { LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import type { Node } from "@flyte-ts/idl/gen/flyteidl/core/workflow_pb";
import { taskGeneratedName } from "@flyte-ts/storage";
import type { CacheEntry } from "../cache/cache-client.js";
import { cacheKeyFor, type CacheKey } from "../cache/cache-key.js";
import { toNodeExecutionIdentifier } from "../model/ids.js";
import type { NodeRecord } from "../state/state-store.js";
import type { ExecutionRunner } from "./execution-runner.js";
import { nodeInputs } from "./node-context.js";
import type { Scope } from "./scope.js";

export { CatalogCacheStatus, CatalogReservation_Status };

/** A cacheable task node: its key and whether it is serialized (brief §6.1). */
export interface CachePlan {
  readonly key: CacheKey;
  readonly serializable: boolean;
  readonly ownerId: string;
}

/** The task of a task node when the node is cacheable, else undefined. */
export function cacheableTask(rt: ExecutionRunner, scope: Scope, node: Node): TaskTemplate | undefined {
  if (!rt.services.cache || node.target.case !== "taskNode") return undefined;
  const task = scope.spec.closure.task(node.target.value.reference.value);
  if (rt.services.plugins.resolve(task.type).disableNodeLevelCaching) return undefined;
  const md = node.metadata;
  const cacheable =
    md?.cacheableValue.case === "cacheable" ? md.cacheableValue.value : (task.metadata?.discoverable ?? false);
  return cacheable ? task : undefined;
}

const plans = new WeakMap<ExecutionRunner, Map<string, CachePlan>>();

export async function cachePlan(
  rt: ExecutionRunner,
  scope: Scope,
  node: Node,
  rec: NodeRecord,
): Promise<CachePlan | undefined> {
  let byNode = plans.get(rt);
  if (!byNode) plans.set(rt, (byNode = new Map<string, CachePlan>()));
  const planKey = `${rec.uniqueId}#${rec.attempt}`;
  const known = byNode.get(planKey);
  if (known) return known;
  const task = cacheableTask(rt, scope, node);
  if (!task?.id) return undefined;
  const md = node.metadata;
  const version =
    md?.cacheVersionValue.case === "cacheVersion"
      ? md.cacheVersionValue.value
      : (task.metadata?.discoveryVersion ?? "");
  const serializable =
    md?.cacheSerializableValue.case === "cacheSerializable"
      ? md.cacheSerializableValue.value
      : (task.metadata?.cacheSerializable ?? false);
  const inputs = await nodeInputs(rt, rec);
  const plan: CachePlan = {
    key: cacheKeyFor(task.id, version, task.interface, inputs, task.metadata?.cacheIgnoreInputVars ?? []),
    serializable,
    ownerId: taskGeneratedName(rt.id.name, rec.uniqueId, rec.attempt),
  };
  byNode.set(planKey, plan);
  return plan;
}

export function catalogMetadata(key: CacheKey, entry: CacheEntry | undefined, rt: ExecutionRunner): CatalogMetadata {
  const d = key.dataset;
  return create(CatalogMetadataSchema, {
    datasetId: create(IdentifierSchema, {
      resourceType: ResourceType.DATASET,
      project: d.project,
      domain: d.domain,
      name: d.name,
      version: d.version,
    }),
    artifactTag: create(CatalogArtifactTagSchema, { artifactId: entry?.artifactId ?? "", name: key.tag }),
    ...(entry
      ? {
          sourceExecution: {
            case: "sourceTaskExecution" as const,
            value: create(TaskExecutionIdentifierSchema, {
              nodeExecutionId: toNodeExecutionIdentifier(
                { ...rt.id, name: entry.source.executionName },
                entry.source.nodeId,
              ),
              retryAttempt: entry.source.attempt,
            }),
          },
        }
      : {}),
  });
}

/** Writes outputs to the cache after success; returns the cache status to report. */
export async function putCache(
  rt: ExecutionRunner,
  plan: CachePlan,
  rec: NodeRecord,
  outputs: LiteralMap,
  hasOutputs: boolean,
): Promise<number> {
  const cache = rt.services.cache;
  if (!cache) return CatalogCacheStatus.CACHE_DISABLED;
  // Write first, then release: a waiter woken by the release must find the entry.
  let status: number = CatalogCacheStatus.CACHE_DISABLED;
  try {
    if (hasOutputs) {
      await cache.put(
        plan.key,
        outputs,
        { executionName: rt.id.name, nodeId: rec.uniqueId, attempt: rec.attempt },
        {
          overwrite: rt.exec.config.overwriteCache,
        },
      );
      status = CatalogCacheStatus.CACHE_POPULATED;
    }
  } catch {
    status = CatalogCacheStatus.CACHE_PUT_FAILURE;
  }
  if (plan.serializable) await cache.releaseReservation(plan.key, plan.ownerId).catch(() => undefined);
  return status;
}

/**
 * A cached artifact is used only when it holds every output the task declares (brief §6.3: a
 * mismatch is a miss, e.g. after an interface change under the same cache version).
 */
export function usableHit(scope: Scope, node: Node, entry: CacheEntry | undefined): CacheEntry | undefined {
  if (!entry || node.target.case !== "taskNode") return undefined;
  const declared = Object.keys(
    scope.spec.closure.task(node.target.value.reference.value).interface?.outputs?.variables ?? {},
  );
  return declared.every((v) => entry.outputs.literals[v] !== undefined) ? entry : undefined;
}
