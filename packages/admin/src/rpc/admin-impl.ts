import type { ServiceImpl } from "@connectrpc/connect";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";

/** Some of AdminService's methods; each entity file contributes one of these. */
export type AdminImpl = Partial<ServiceImpl<typeof AdminService>>;
