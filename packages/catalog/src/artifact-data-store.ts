import { SystemError } from "@flyte-ts/core";
import type { DatasetId } from "@flyte-ts/admin";
import { LiteralSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { joinUri, readProto, writeProto, type BlobStore } from "@flyte-ts/storage";
import { CatalogErrorCode } from "./request-check.js";

export interface ArtifactDataStoreOptions {
  blobs: BlobStore;
  /** Where values are offloaded (Flyte: the `metadata` prefix of the data store). */
  prefix: string;
}

/** One path segment whatever the id holds (`/`, `..`), so a value never lands outside its artifact. */
const segment = (s: string): string => {
  const e = encodeURIComponent(s);
  return e === "." || e === ".." ? e.replace(/\./g, "%2E") : e;
};

const unavailable = (what: string, uri: string, cause: unknown) =>
  new SystemError(CatalogErrorCode.ArtifactDataUnavailable, `cannot ${what} artifact data ${uri}: ${String(cause)}`, {
    cause,
    details: { uri },
  });

/**
 * Artifact values (`core.Literal`), one blob each, as DataCatalog lays them out:
 * `<prefix>/<project>/<domain>/<name>/<version>/<artifact id>/<data name>/data.pb`. The database
 * keeps only the locations.
 */
export class ArtifactDataStore {
  readonly #blobs: BlobStore;
  readonly #prefix: string;

  constructor(options: ArtifactDataStoreOptions) {
    this.#blobs = options.blobs;
    this.#prefix = options.prefix;
  }

  location(dataset: DatasetId, artifactId: string, name: string): string {
    const parts = [dataset.project, dataset.domain, dataset.name, dataset.version, artifactId, name];
    return joinUri(this.#prefix, ...parts.map(segment), "data.pb");
  }

  /** Writes (or overwrites) the value; returns its location. */
  async put(dataset: DatasetId, artifactId: string, name: string, value: Literal): Promise<string> {
    const uri = this.location(dataset, artifactId, name);
    try {
      await writeProto(this.#blobs, uri, LiteralSchema, value);
    } catch (e) {
      throw unavailable("write", uri, e);
    }
    return uri;
  }

  async get(uri: string): Promise<Literal> {
    try {
      return await readProto(this.#blobs, uri, LiteralSchema);
    } catch (e) {
      throw unavailable("read", uri, e);
    }
  }

  async delete(uri: string): Promise<void> {
    try {
      await this.#blobs.delete(uri);
    } catch (e) {
      throw unavailable("delete", uri, e);
    }
  }
}
