export type { BlobInfo, BlobStore, SignedUrlMethod, SignedUrlOptions, WriteBody, WriteOptions } from "./blob-store.js";
export { FileStore, type FileStoreOptions } from "./stores/file.js";
export { MemoryStore, type MemoryStoreOptions } from "./stores/memory.js";
export { S3Store, type S3Credentials, type S3StoreOptions } from "./stores/s3.js";
export { RoutingStore, type RoutingStoreOptions } from "./routing-store.js";
export { createStore, type StoreConfig, type StoreKind } from "./create-store.js";
export { INVALID_BLOB_URI, blobKey, isUnderRoot, joinUri, normalizeRoot, prefixKey, type StoreScheme } from "./uri.js";
export { collectBytes } from "./bytes.js";
export { signLocalUrl, verifyLocalUrl, type LocalUrlVerdict } from "./local-signer.js";
export { readProto, readProtoIfExists, writeProto } from "./proto.js";
export {
  FLYTE_BASE32_ALPHABET,
  GENERATED_NAME_MAX_LENGTH,
  NODE_ID_MAX_LENGTH,
  SHARD_PREFIXES,
  childNodeUniqueId,
  fixedLengthUniqueId,
  fixedLengthUniqueIdOf,
  flyteBase32,
  fnv32a,
  shardPrefix,
  taskGeneratedName,
} from "./unique-id.js";
export {
  END_NODE_ID,
  LayoutFile,
  START_NODE_ID,
  adminExecutionInputsPath,
  arraySubNodeDataDir,
  attemptOutputDir,
  attemptRawOutput,
  checkpointPrefix,
  childNodeDataDir,
  deckPath,
  errorPath,
  executionDir,
  futuresCompiledPath,
  futuresPath,
  inputsPath,
  nodeAttemptPaths,
  nodeDataDir,
  offloadedMetadataPath,
  outputsPath,
  rawOutputSandbox,
  taskTemplatePath,
  workflowInputsPath,
  type AttemptRawOutput,
  type ExecutionIdParts,
  type NodeAttemptPaths,
} from "./layout.js";
