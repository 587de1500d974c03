import type { CatalogTarget } from "./contract/context.js";
import { datasetsArtifactsContract } from "./contract/datasets-artifacts-contract.js";
import { reservationsCacheContract } from "./contract/reservations-cache-contract.js";

/**
 * The catalog contract: every DataCatalog rule and the engine's cache client, on one database
 * implementation (a new database per test, opened and migrated by `openDatabase`).
 * sqlite.test.ts and postgres.test.ts run it.
 */
export function catalogContract(target: CatalogTarget): void {
  datasetsArtifactsContract(target);
  reservationsCacheContract(target);
}
