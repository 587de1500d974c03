import { create, fromBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { NotFoundError } from "@flyte-ts/core";
import { NodeExecutionClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import {
  ArtifactType,
  CreateDownloadLinkResponseSchema,
  CreateDownloadLocationResponseSchema,
  PreSignedURLsSchema,
  type CreateDownloadLinkRequest,
  type CreateDownloadLinkResponse,
  type CreateDownloadLocationRequest,
  type CreateDownloadLocationResponse,
  type PreSignedURLs,
} from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import type { Duration } from "@bufbuild/protobuf/wkt";
import { validateNodeExecutionId } from "../managers/execution-ids.js";
import type { NodeExecutionId } from "../persistence/repositories/node-execution-repository.js";
import { Violations } from "../validation/request-errors.js";
import { expiresInSec, keyOf, signedUrlFor, type DataProxyContext } from "./data-proxy-context.js";

/** CreateDownloadLocation (deprecated): a signed GET URL for a native URL under the storage prefix. */
export async function createDownloadLocation(
  ctx: DataProxyContext,
  req: CreateDownloadLocationRequest,
): Promise<CreateDownloadLocationResponse> {
  const v = new Violations();
  if (req.nativeUrl === "") v.missing("native_url");
  v.throwIfAny("CreateDownloadLocation request");
  if (!req.nativeUrl.startsWith("s3://")) keyOf(ctx, req.nativeUrl, "native_url");
  const urls = await presigned(ctx, [req.nativeUrl], req.expiresIn);
  return create(CreateDownloadLocationResponseSchema, {
    signedUrl: urls.signedUrl[0] ?? "",
    ...(urls.expiresAt ? { expiresAt: urls.expiresAt } : {}),
  });
}

/** CreateDownloadLink: signed GET URLs for an artifact of a node execution (its deck). */
export async function createDownloadLink(
  ctx: DataProxyContext,
  req: CreateDownloadLinkRequest,
): Promise<CreateDownloadLinkResponse> {
  const v = new Violations();
  if (req.artifactType !== ArtifactType.DECK) {
    v.invalid(
      "artifact_type",
      `artifact_type ${ArtifactType[req.artifactType] ?? req.artifactType} is not supported (ARTIFACT_TYPE_DECK is)`,
    );
  }
  let id: NodeExecutionId | undefined;
  if (req.source.case !== "nodeExecutionId") v.missing("node_execution_id", "source.node_execution_id is required");
  else id = validateNodeExecutionId(v, "node_execution_id", req.source.value);
  v.throwIfAny("CreateDownloadLink request");
  const deck = await deckUri(ctx, id as NodeExecutionId);
  const urls = await presigned(ctx, [deck], req.expiresIn);
  return create(CreateDownloadLinkResponseSchema, {
    signedUrl: urls.signedUrl,
    ...(urls.expiresAt ? { expiresAt: urls.expiresAt } : {}),
    preSignedUrls: urls,
  });
}

/** The deck URI a node execution reported; NOT_FOUND when it has none. */
export async function deckUri(ctx: DataProxyContext, id: NodeExecutionId): Promise<string> {
  const node = await ctx.repositories.nodeExecutions.get(id);
  const uri = fromBinary(NodeExecutionClosureSchema, node.closure).deckUri;
  if (uri === "") {
    const name = `${id.executionId.project}/${id.executionId.domain}/${id.executionId.name}/${id.nodeId}`;
    throw new NotFoundError(`node execution ${name} has no deck`, { code: "DeckNotFound", details: { id: name } });
  }
  return uri;
}

/** Signed GET URLs for `uris`, all with one expiry. */
export async function presigned(
  ctx: DataProxyContext,
  uris: readonly string[],
  expiresIn: Duration | undefined,
): Promise<PreSignedURLs> {
  const seconds = expiresInSec(expiresIn, ctx.maxDownloadExpiresSec);
  const signedUrl = await Promise.all(uris.map((u) => signedUrlFor(ctx, u, "GET", seconds)));
  return create(PreSignedURLsSchema, { signedUrl, expiresAt: timestampFromMs(ctx.now() + seconds * 1000) });
}
