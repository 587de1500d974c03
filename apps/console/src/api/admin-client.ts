import type { Client } from "@connectrpc/connect";
import type { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";

/** The AdminService client type, apart from the browser transport in client.ts (so node tests can use it). */
export type AdminClient = Client<typeof AdminService>;
