import { create } from "@bufbuild/protobuf";
import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { VariableMapSchema, type TypedInterface } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import {
  LiteralMapSchema,
  LiteralSchema,
  type Literal,
  type LiteralMap,
} from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { InvalidArgumentError } from "@flyte-ts/core";
import { base64Url, protoHash } from "./proto-hash.js";

/** A DataCatalog dataset id. */
export interface DatasetId {
  readonly project: string;
  readonly domain: string;
  readonly name: string;
  readonly version: string;
}

/** What a cached task output is found by: the dataset and the tag (brief §6.2). */
export interface CacheKey {
  readonly dataset: DatasetId;
  readonly tag: string;
}

export function cacheKeyString(k: CacheKey): string {
  const d = k.dataset;
  return `${d.project}/${d.domain}/${d.name}/${d.version}/${k.tag}`;
}

/** Dataset `{task project, task domain, "flyte_task-<name>", "<cache_version>-<hIn>-<hOut>"}`. */
export function datasetIdForTask(
  taskId: Identifier,
  cacheVersion: string,
  iface: TypedInterface | undefined,
): DatasetId {
  if (cacheVersion === "") {
    throw new InvalidArgumentError(
      `task ${taskId.name}: caching is on but cache_version (discovery_version) is empty`,
      {
        code: "EmptyCacheVersion",
      },
    );
  }
  const hash = (vars: TypedInterface["inputs"]): string => {
    const map = vars && Object.keys(vars.variables).length > 0 ? vars : create(VariableMapSchema);
    return base64Url(protoHash(VariableMapSchema, map)).slice(0, 8);
  };
  return {
    project: taskId.project,
    domain: taskId.domain,
    name: `flyte_task-${taskId.name}`,
    version: `${cacheVersion}-${hash(iface?.inputs)}-${hash(iface?.outputs)}`,
  };
}

/**
 * Tag `flyte_cached-<base64url(hash(inputs))>` after dropping `ignoreVars` and replacing every
 * literal that carries a `hash` by a stub holding only that hash.
 */
export function cacheTagForInputs(inputs: LiteralMap, ignoreVars: readonly string[]): string {
  const ignored = new Set(ignoreVars);
  const kept: Record<string, Literal> = {};
  for (const [name, lit] of Object.entries(inputs.literals)) {
    if (!ignored.has(name)) kept[name] = hashify(lit);
  }
  return `flyte_cached-${base64Url(protoHash(LiteralMapSchema, create(LiteralMapSchema, { literals: kept })))}`;
}

function hashify(lit: Literal): Literal {
  if (lit.hash !== "") return create(LiteralSchema, { hash: lit.hash });
  switch (lit.value.case) {
    case "collection":
      return create(LiteralSchema, {
        ...lit,
        value: { case: "collection", value: { ...lit.value.value, literals: lit.value.value.literals.map(hashify) } },
      });
    case "map": {
      const out: Record<string, Literal> = {};
      for (const [k, v] of Object.entries(lit.value.value.literals)) out[k] = hashify(v);
      return create(LiteralSchema, { ...lit, value: { case: "map", value: { ...lit.value.value, literals: out } } });
    }
    case "scalar":
    case "offloadedMetadata":
    case undefined:
      return lit;
  }
}

export function cacheKeyFor(
  taskId: Identifier,
  cacheVersion: string,
  iface: TypedInterface | undefined,
  inputs: LiteralMap,
  ignoreVars: readonly string[],
): CacheKey {
  return { dataset: datasetIdForTask(taskId, cacheVersion, iface), tag: cacheTagForInputs(inputs, ignoreVars) };
}
