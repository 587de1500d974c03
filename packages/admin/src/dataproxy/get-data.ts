import { create, fromBinary } from "@bufbuild/protobuf";
import { NotFoundError } from "@flyte-ts/core";
import { NodeExecutionClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/node_execution_pb";
import { TaskExecutionClosureSchema } from "@flyte-ts/idl/gen/flyteidl/admin/task_execution_pb";
import { LiteralMapSchema, type LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import {
  GetDataResponseSchema,
  type GetDataRequest,
  type GetDataResponse,
} from "@flyte-ts/idl/gen/flyteidl/service/dataproxy_pb";
import { readProtoIfExists } from "@flyte-ts/storage";
import { outputUriOf } from "../managers/execution-transformers.js";
import type { NodeExecutionId } from "../persistence/repositories/node-execution-repository.js";
import type { DataProxyContext } from "./data-proxy-context.js";
import { deckUri, presigned } from "./download-link.js";
import { formatFlyteUrl, parseFlyteUrl, type FlyteUrl } from "./flyte-url.js";

/**
 * GetData: resolves a Flyte URL. Inputs/outputs come back as the literal map, or as one literal
 * when the URL names a variable; a deck as signed URLs.
 */
export async function getData(ctx: DataProxyContext, req: GetDataRequest): Promise<GetDataResponse> {
  const url = parseFlyteUrl(req.flyteUrl);
  const id: NodeExecutionId = {
    executionId: { project: url.project, domain: url.domain, name: url.execution },
    nodeId: url.nodeId,
  };
  if (url.io === "d") {
    const urls = await presigned(ctx, [await deckUri(ctx, id)], undefined);
    return create(GetDataResponseSchema, { data: { case: "preSignedUrls", value: urls } });
  }
  const map = await literalMap(ctx, id, url);
  if (url.variable === undefined) return create(GetDataResponseSchema, { data: { case: "literalMap", value: map } });
  const literal = map.literals[url.variable];
  if (literal === undefined) {
    const what = url.io === "i" ? "inputs" : "outputs";
    throw new NotFoundError(`${formatFlyteUrl(url)}: ${what} have no variable ${JSON.stringify(url.variable)}`, {
      code: "VariableNotFound",
      details: { variable: url.variable },
    });
  }
  return create(GetDataResponseSchema, { data: { case: "literal", value: literal } });
}

/** The inputs or outputs of the node execution, or of one of its task attempts. Empty when nothing was written. */
async function literalMap(ctx: DataProxyContext, id: NodeExecutionId, url: FlyteUrl): Promise<LiteralMap> {
  const source = url.attempt === undefined ? await nodeData(ctx, id) : await attemptData(ctx, id, url.attempt);
  if (url.io === "i") return read(ctx, source.inputUri);
  const closure = source.closure;
  if (closure.outputResult.case === "outputData") return closure.outputResult.value;
  return read(ctx, outputUriOf(closure));
}

async function nodeData(ctx: DataProxyContext, id: NodeExecutionId) {
  const node = await ctx.repositories.nodeExecutions.get(id);
  return { inputUri: node.inputUri, closure: fromBinary(NodeExecutionClosureSchema, node.closure) };
}

async function attemptData(ctx: DataProxyContext, id: NodeExecutionId, attempt: number) {
  const page = await ctx.repositories.taskExecutions.list(id, {
    filters: `eq(retry_attempt,${attempt})`,
    limit: 1,
  });
  const found = page.items[0];
  if (found === undefined) {
    const name = `${id.executionId.project}/${id.executionId.domain}/${id.executionId.name}/${id.nodeId}`;
    throw new NotFoundError(`node execution ${name} has no task attempt ${attempt}`, {
      code: "TaskExecutionNotFound",
      details: { id: name, attempt: String(attempt) },
    });
  }
  return { inputUri: found.inputUri, closure: fromBinary(TaskExecutionClosureSchema, found.closure) };
}

async function read(ctx: DataProxyContext, uri: string): Promise<LiteralMap> {
  if (uri === "") return create(LiteralMapSchema);
  return (await readProtoIfExists(ctx.blobs, uri, LiteralMapSchema)) ?? create(LiteralMapSchema);
}
