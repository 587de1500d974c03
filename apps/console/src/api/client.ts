import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { AdminService } from "@flyte-ts/idl/gen/flyteidl/service/admin_pb";
import { DataProxyService } from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import type { AdminClient } from "./admin-client";

export type { AdminClient };

export type DataProxyClient = Client<typeof DataProxyService>;

/** Connect (binary protobuf) to the server that served the page. */
const transport = createConnectTransport({ baseUrl: window.location.origin, useBinaryFormat: true });

export const admin: AdminClient = createClient(AdminService, transport);
export const dataProxy: DataProxyClient = createClient(DataProxyService, transport);
