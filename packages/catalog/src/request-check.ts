import { InvalidArgumentError } from "@flyte-ts/core";
import type { DatasetID } from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";

/** Stable codes of the catalog's own errors (the repositories add `<Entity>NotFound` / `<Entity>AlreadyExists`). */
export const CatalogErrorCode = {
  /** A request field is missing or malformed; `details.fields` names every one. */
  InvalidCatalogRequest: "InvalidCatalogRequest",
  /** A stored artifact value could not be written, read or decoded. */
  ArtifactDataUnavailable: "ArtifactDataUnavailable",
  /** A stored artifact has no data entries (DataCatalog answers INTERNAL). */
  ArtifactWithoutData: "ArtifactWithoutData",
} as const;
export type CatalogErrorCode = (typeof CatalogErrorCode)[keyof typeof CatalogErrorCode];

interface Problem {
  field: string;
  message: string;
}

/**
 * Collects everything wrong with one request, then throws one INVALID_ARGUMENT naming every
 * field (`details.fields`, comma separated) so a client fixes them all at once.
 */
export class RequestCheck {
  readonly #rpc: string;
  readonly #problems: Problem[] = [];

  constructor(rpc: string) {
    this.#rpc = rpc;
  }

  /** Records `field` as missing when `value` is undefined or "". Returns whether it is present. */
  require<T>(field: string, value: T | undefined): value is T {
    if (value === undefined || value === "") {
      this.problem(field, `missing ${field}`);
      return false;
    }
    return true;
  }

  problem(field: string, message: string): void {
    this.#problems.push({ field, message });
  }

  /** Project, domain, name and version of a dataset id (`UUID` and `org` are optional). */
  datasetId(field: string, id: DatasetID | undefined): id is DatasetID {
    if (!this.require(field, id)) return false;
    const before = this.#problems.length;
    this.require(`${field}.project`, id.project);
    this.require(`${field}.domain`, id.domain);
    this.require(`${field}.name`, id.name);
    this.require(`${field}.version`, id.version);
    return this.#problems.length === before;
  }

  /** Each key at most once. */
  uniqueKeys(field: string, keys: readonly string[]): void {
    const seen = new Set<string>();
    for (const [i, k] of keys.entries()) {
      if (k === "") this.problem(`${field}[${i}]`, `${field}[${i}] is empty`);
      else if (seen.has(k)) this.problem(`${field}[${i}]`, `${field} repeats the key ${JSON.stringify(k)}`);
      seen.add(k);
    }
  }

  /**
   * Throws the collected problems, if any; else returns `value`, which the checks made sure is
   * present (a missing one here is a bug in the caller's checks).
   */
  result<T>(value: T | undefined): T {
    this.throwIfAny();
    if (value === undefined) throw new Error(`${this.#rpc}: a checked request field is missing`);
    return value;
  }

  throwIfAny(): void {
    if (this.#problems.length === 0) return;
    const fields = [...new Set(this.#problems.map((p) => p.field))];
    throw new InvalidArgumentError(`invalid ${this.#rpc} request: ${this.#problems.map((p) => p.message).join("; ")}`, {
      code: CatalogErrorCode.InvalidCatalogRequest,
      details: { rpc: this.#rpc, fields: fields.join(","), field: fields[0] ?? "" },
    });
  }
}
