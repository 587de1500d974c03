import { create } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import { DurationSchema, timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  BinarySchema,
  BlobMetadataSchema,
  BlobSchema,
  LiteralCollectionSchema,
  LiteralMapSchema,
  LiteralSchema,
  PrimitiveSchema,
  ScalarSchema,
  StructuredDatasetMetadataSchema,
  StructuredDatasetSchema,
  UnionSchema,
  VoidSchema,
  type Literal,
  type LiteralMap,
  type Primitive,
  type Scalar,
} from "./gen/flyteidl/core/literals_pb.js";
import type { LiteralType } from "./gen/flyteidl/core/types_pb.js";
import { types } from "./types.js";

function scalar(value: Scalar["value"]): Literal {
  return create(LiteralSchema, { value: { case: "scalar", value: create(ScalarSchema, { value }) } });
}
function primitive(value: Primitive["value"]): Literal {
  return scalar({ case: "primitive", value: create(PrimitiveSchema, { value }) });
}

/** Constructors for flyteidl `Literal`s. */
export const literals = {
  integer(n: number | bigint): Literal {
    if (typeof n === "number" && !Number.isInteger(n)) {
      throw new RangeError(`integer literal needs a whole number, got ${n}`);
    }
    return primitive({ case: "integer", value: BigInt(n) });
  },
  float: (x: number): Literal => primitive({ case: "floatValue", value: x }),
  string: (s: string): Literal => primitive({ case: "stringValue", value: s }),
  boolean: (b: boolean): Literal => primitive({ case: "boolean", value: b }),
  datetime: (d: Date): Literal => primitive({ case: "datetime", value: timestampFromDate(d) }),
  /** A duration given in milliseconds. */
  duration(ms: number): Literal {
    const seconds = Math.trunc(ms / 1000);
    const nanos = Math.round((ms - seconds * 1000) * 1e6);
    return primitive({ case: "duration", value: create(DurationSchema, { seconds: BigInt(seconds), nanos }) });
  },
  none: (): Literal => scalar({ case: "noneType", value: create(VoidSchema) }),
  blob(uri: string, format = "", dimensionality: "single" | "multipart" = "single"): Literal {
    const blobType = types.blob(format, dimensionality).type;
    if (blobType.case !== "blob") throw new Error("unreachable");
    return scalar({
      case: "blob",
      value: create(BlobSchema, { uri, metadata: create(BlobMetadataSchema, { type: blobType.value }) }),
    });
  },
  binary: (value: Uint8Array, tag = ""): Literal =>
    scalar({ case: "binary", value: create(BinarySchema, { value, tag }) }),
  generic: (json: JsonObject): Literal => scalar({ case: "generic", value: json }),
  structuredDataset(uri: string, format = "parquet"): Literal {
    const t = types.structuredDataset(format).type;
    if (t.case !== "structuredDatasetType") throw new Error("unreachable");
    return scalar({
      case: "structuredDataset",
      value: create(StructuredDatasetSchema, {
        uri,
        metadata: create(StructuredDatasetMetadataSchema, { structuredDatasetType: t.value }),
      }),
    });
  },
  union(value: Literal, type: LiteralType): Literal {
    return scalar({ case: "union", value: create(UnionSchema, { value, type }) });
  },
  collection(items: readonly Literal[]): Literal {
    return create(LiteralSchema, {
      value: { case: "collection", value: create(LiteralCollectionSchema, { literals: [...items] }) },
    });
  },
  map(entries: Readonly<Record<string, Literal>>): Literal {
    return create(LiteralSchema, { value: { case: "map", value: literalMap(entries) } });
  },
};

/** Builds a `LiteralMap` from a plain record. */
export function literalMap(entries: Readonly<Record<string, Literal>>): LiteralMap {
  return create(LiteralMapSchema, { literals: { ...entries } });
}
