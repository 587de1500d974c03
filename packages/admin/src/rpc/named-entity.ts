import { create } from "@bufbuild/protobuf";
import { NamedEntityUpdateResponseSchema } from "@flyte-ts/idl/gen/flyteidl/admin/common_pb";
import type { NamedEntityManager } from "../managers/named-entity-manager.js";
import type { AdminImpl } from "./admin-impl.js";

/** GetNamedEntity, UpdateNamedEntity, ListNamedEntities. */
export function namedEntityRpcs(namedEntities: NamedEntityManager): AdminImpl {
  return {
    getNamedEntity: (req) => namedEntities.get(req),
    async updateNamedEntity(req) {
      await namedEntities.update(req);
      return create(NamedEntityUpdateResponseSchema);
    },
    listNamedEntities: (req) => namedEntities.list(req),
  };
}
