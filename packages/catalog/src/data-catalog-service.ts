import type { ServiceImpl } from "@connectrpc/connect";
import type { ServiceBinding } from "@flyte-ts/admin";
import { DataCatalog } from "@flyte-ts/idl/gen/flyteidl/datacatalog/datacatalog_pb";
import type { CatalogManager } from "./catalog-manager.js";

/** Every RPC of the service, so one missing here fails to compile. */
type DataCatalogImpl = ServiceImpl<typeof DataCatalog>;

/** The `datacatalog.DataCatalog` service on a server (`startRpcServer({ services: [...] })`). */
export function dataCatalogService(catalog: CatalogManager): ServiceBinding {
  const impl: DataCatalogImpl = {
    createDataset: (req) => catalog.createDataset(req),
    getDataset: (req) => catalog.getDataset(req),
    listDatasets: (req) => catalog.listDatasets(req),
    createArtifact: (req) => catalog.createArtifact(req),
    getArtifact: (req) => catalog.getArtifact(req),
    listArtifacts: (req) => catalog.listArtifacts(req),
    updateArtifact: (req) => catalog.updateArtifact(req),
    addTag: (req) => catalog.addTag(req),
    getOrExtendReservation: (req) => catalog.getOrExtendReservation(req),
    releaseReservation: (req) => catalog.releaseReservation(req),
  };
  return { service: DataCatalog, impl: impl as unknown as ServiceBinding["impl"] };
}
