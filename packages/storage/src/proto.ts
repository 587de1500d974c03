import { fromBinary, toBinary } from "@bufbuild/protobuf";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { NotFoundError, SystemError } from "@flyte-ts/core";
import type { BlobStore } from "./blob-store.js";

/**
 * Reads a protobuf message (binary wire format, as Flyte writes `inputs.pb`, `outputs.pb`, …).
 * Unknown fields are kept, so a newer writer's fields survive a read-modify-write.
 * Throws `NotFoundError` when missing, `SystemError` `MalformedProto` when the bytes do not decode.
 */
export async function readProto<Desc extends DescMessage>(
  store: BlobStore,
  uri: string,
  schema: Desc,
): Promise<MessageShape<Desc>> {
  const bytes = await store.read(uri);
  try {
    return fromBinary(schema, bytes, { readUnknownFields: true });
  } catch (e) {
    throw new SystemError(
      "MalformedProto",
      `${uri} is not a valid ${schema.typeName}: ${e instanceof Error ? e.message : String(e)}`,
      {
        retryable: false,
        details: { uri, type: schema.typeName },
        cause: e,
      },
    );
  }
}

/** Like `readProto`, but `undefined` when the blob does not exist (e.g. probing for `error.pb`). */
export async function readProtoIfExists<Desc extends DescMessage>(
  store: BlobStore,
  uri: string,
  schema: Desc,
): Promise<MessageShape<Desc> | undefined> {
  try {
    return await readProto(store, uri, schema);
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

/** Writes a protobuf message in binary wire format, unknown fields included. */
export async function writeProto<Desc extends DescMessage>(
  store: BlobStore,
  uri: string,
  schema: Desc,
  message: MessageShape<Desc>,
): Promise<void> {
  await store.write(uri, toBinary(schema, message, { writeUnknownFields: true }), {
    contentType: "application/octet-stream",
  });
}
