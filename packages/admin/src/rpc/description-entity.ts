import type { DescriptionEntityManager } from "../managers/description-entity-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** GetDescriptionEntity, ListDescriptionEntities. */
export function descriptionEntityRpcs(entities: DescriptionEntityManager): AdminImpl {
  return {
    getDescriptionEntity: (req) => entities.get(req),
    listDescriptionEntities: (req) => entities.list(req),
  };
}
