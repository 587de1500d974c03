import type { Identifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { ExecutionMetadata_ExecutionMode } from "@flyte-ts/idl/gen/flyteidl/admin/execution_pb";

export const shortId = (id: Identifier | undefined): string => (id ? `${id.name}:${id.version}` : "—");

export const modeName = (m: ExecutionMetadata_ExecutionMode): string =>
  (ExecutionMetadata_ExecutionMode[m] ?? String(m)).toLowerCase().replace(/_/g, " ");
