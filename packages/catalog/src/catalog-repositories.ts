import type { Repositories } from "@flyte-ts/admin";

/** The repositories the catalog uses (the control plane's catalog tables). */
export type CatalogRepositories = Pick<Repositories, "datasets" | "artifacts" | "tags" | "reservations">;
