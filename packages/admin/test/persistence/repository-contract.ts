import { catalogContract } from "./contract/catalog-contract.js";
import { concurrencyContract } from "./contract/concurrency-contract.js";
import type { ContractTarget } from "./contract/context.js";
import { dialectValuesContract } from "./contract/dialect-values-contract.js";
import { eventsSignalsAttributesContract } from "./contract/events-signals-attributes-contract.js";
import { executionsContract } from "./contract/executions-contract.js";
import { launchPlansContract } from "./contract/launch-plans-contract.js";
import { listingContract } from "./contract/listing-contract.js";
import { migrationsContract } from "./contract/migrations-contract.js";
import { nodeTaskExecutionsContract } from "./contract/node-task-executions-contract.js";
import { paginationContract } from "./contract/pagination-contract.js";
import { registryContract } from "./contract/registry-contract.js";
import { versionedContract } from "./contract/versioned-contract.js";

export type { ContractTarget } from "./contract/context.js";

/**
 * The repository contract: every repository of `src/persistence`, run against one database
 * implementation. Each test gets a fresh, empty database from `target.freshDatabase()` that the
 * suite opens (and so migrates) itself. sqlite.test.ts and postgres.test.ts run it; a new dialect
 * passes it before it is used.
 */
export function repositoryContract(target: ContractTarget): void {
  migrationsContract(target);
  registryContract(target);
  versionedContract(target);
  launchPlansContract(target);
  executionsContract(target);
  nodeTaskExecutionsContract(target);
  eventsSignalsAttributesContract(target);
  catalogContract(target);
  listingContract(target);
  dialectValuesContract(target);
  paginationContract(target);
  concurrencyContract(target);
}
