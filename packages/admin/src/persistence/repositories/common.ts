import type { InsertResult } from "kysely";
import { AlreadyExistsError, NotFoundError } from "@flyte-ts/core";

/** True when an `INSERT ... ON CONFLICT DO NOTHING` wrote its row. */
export function wasInserted(results: readonly InsertResult[]): boolean {
  return results.some((r) => (r.numInsertedOrUpdatedRows ?? 0n) > 0n);
}

export function notFound(entity: string, key: string): NotFoundError {
  return new NotFoundError(`${entity} ${key} does not exist`, {
    code: `${pascal(entity)}NotFound`,
    details: { entity, id: key },
  });
}

export function alreadyExists(entity: string, key: string, reason = "already exists"): AlreadyExistsError {
  return new AlreadyExistsError(`${entity} ${key} ${reason}`, {
    code: `${pascal(entity)}AlreadyExists`,
    details: { entity, id: key },
  });
}

/**
 * A versioned entity re-created under the same id: identical content (same digest) is fine,
 * different content is a conflict (Flyte's `ExistsDifferentStructure`).
 */
export function differentStructure(entity: string, key: string): AlreadyExistsError {
  return new AlreadyExistsError(`${entity} ${key} already exists with different content`, {
    code: "ExistsDifferentStructure",
    details: { entity, id: key },
  });
}

export const bool = (b: boolean): number => (b ? 1 : 0);

function pascal(s: string): string {
  return s
    .split(/[\s_-]+/)
    .map((w) => (w[0] ?? "").toUpperCase() + w.slice(1))
    .join("");
}

/** What a create of a versioned entity did: `created: false` means an identical row existed. */
export interface CreateResult {
  created: boolean;
}

export interface EntityId {
  project: string;
  domain: string;
  name: string;
  version: string;
}

export interface NamedId {
  project: string;
  domain: string;
  name: string;
}

export const formatEntityId = (id: EntityId): string => `${id.project}:${id.domain}:${id.name}:${id.version}`;
export const formatNamedId = (id: NamedId): string => `${id.project}:${id.domain}:${id.name}`;
