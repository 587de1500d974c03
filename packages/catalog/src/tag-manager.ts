import { create } from "@bufbuild/protobuf";
import {
  AddTagResponseSchema,
  type AddTagRequest,
  type AddTagResponse,
} from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { CatalogRepositories } from "./catalog-repositories.js";
import { RequestCheck } from "./request-check.js";
import { toDatasetKey } from "./transformers.js";

export interface TagManagerOptions {
  repositories: CatalogRepositories;
  now: () => number;
}

/** Tags: names for artifacts of a dataset (for the task cache, the cache key of the inputs). */
export class TagManager {
  readonly #repos: CatalogRepositories;
  readonly #now: () => number;

  constructor(options: TagManagerOptions) {
    this.#repos = options.repositories;
    this.#now = options.now;
  }

  /**
   * Tags the artifact. The same name may tag several artifacts; lookups by tag find the newest.
   * NOT_FOUND without the dataset or artifact; ALREADY_EXISTS when this artifact has the tag.
   */
  async addTag(req: AddTagRequest): Promise<AddTagResponse> {
    const check = new RequestCheck("AddTag");
    if (check.require("tag", req.tag)) {
      check.require("tag.name", req.tag.name);
      check.require("tag.artifact_id", req.tag.artifactId);
      check.datasetId("tag.dataset", req.tag.dataset);
    }
    const tag = check.result(req.tag);
    await this.#repos.tags.add({
      datasetId: toDatasetKey(check.result(tag.dataset)),
      tagName: tag.name,
      artifactId: tag.artifactId,
      createdAt: this.#now(),
    });
    return create(AddTagResponseSchema, {});
  }
}
