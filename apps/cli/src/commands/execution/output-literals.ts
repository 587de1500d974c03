import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Literal, Scalar } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { BlobType_BlobDimensionality, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { typeFromLiteralType } from "@flyte-ts/sdk";
import { plainValue } from "../run/output-values.js";

/** A blob or dataframe an output refers to: what `execution outputs --out` downloads. */
export interface OutputBlob {
  /** `output`, `output[2]`, `output.key`. */
  readonly path: string;
  readonly uri: string;
  readonly multipart: boolean;
}

function scalarPlain(s: Scalar, blobs: OutputBlob[], path: string): unknown {
  switch (s.value.case) {
    case "primitive": {
      const p = s.value.value.value;
      switch (p.case) {
        case "integer":
          return Number.isSafeInteger(Number(p.value)) ? Number(p.value) : p.value.toString();
        case "floatValue":
        case "stringValue":
        case "boolean":
          return p.value;
        case "datetime":
          return timestampDate(p.value).toISOString();
        case "duration":
          return Number(p.value.seconds) * 1000 + p.value.nanos / 1e6;
        case undefined:
          return null;
        default: {
          const unknown: never = p;
          return unknown;
        }
      }
    }
    case "blob": {
      const multipart = s.value.value.metadata?.type?.dimensionality === BlobType_BlobDimensionality.MULTIPART;
      blobs.push({ path, uri: s.value.value.uri, multipart });
      return s.value.value.uri;
    }
    case "structuredDataset":
      blobs.push({ path, uri: s.value.value.uri, multipart: true });
      return { uri: s.value.value.uri };
    case "generic":
      return s.value.value;
    case "noneType":
      return null;
    case "error":
      return { error: s.value.value.message, failedNodeId: s.value.value.failedNodeId };
    case "union":
      return s.value.value.value ? literalPlain(s.value.value.value, blobs, path) : null;
    case "binary":
      return { binary: Buffer.from(s.value.value.value).toString("base64"), tag: s.value.value.tag };
    case "schema":
      blobs.push({ path, uri: s.value.value.uri, multipart: true });
      return { uri: s.value.value.uri };
    case undefined:
      return null;
    default: {
      const unknown: never = s.value;
      return unknown;
    }
  }
}

/** A literal as plain JSON data without its type (blobs as their URI), collecting the blobs it holds. */
export function literalPlain(l: Literal, blobs: OutputBlob[] = [], path = ""): unknown {
  switch (l.value.case) {
    case "scalar":
      return scalarPlain(l.value.value, blobs, path);
    case "collection":
      return l.value.value.literals.map((x, i) => literalPlain(x, blobs, `${path}[${i}]`));
    case "map":
      return Object.fromEntries(
        Object.entries(l.value.value.literals).map(([k, v]) => [k, literalPlain(v, blobs, `${path}.${k}`)]),
      );
    case "offloadedMetadata":
      return { offloaded: l.value.value.uri };
    case undefined:
      return null;
    default: {
      const unknown: never = l.value;
      return unknown;
    }
  }
}

/**
 * Output values as plain data (as `flyte run` prints them): by their declared type when it is
 * known and readable without storage (structs, dataclasses, enums), else by the literal's shape.
 */
export async function plainOutputs(
  literals: Readonly<Record<string, Literal>>,
  types: Readonly<Record<string, LiteralType | undefined>>,
): Promise<{ values: Record<string, unknown>; blobs: OutputBlob[] }> {
  const values: Record<string, unknown> = {};
  const blobs: OutputBlob[] = [];
  for (const [name, lit] of Object.entries(literals)) {
    const generic = literalPlain(lit, blobs, name);
    const lt = types[name];
    values[name] = generic;
    // Typed reading only where the shape alone says too little (msgpack structs, generics).
    if (!lt || blobs.some((b) => b.path === name || b.path.startsWith(`${name}.`) || b.path.startsWith(`${name}[`)))
      continue;
    try {
      values[name] = plainValue(await typeFromLiteralType(lt).fromLiteral(lit, { what: `output '${name}'` }));
    } catch {
      // Keep the shape-based value.
    }
  }
  return { values, blobs };
}
