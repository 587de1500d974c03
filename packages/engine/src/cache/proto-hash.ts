import { createHash } from "node:crypto";
import { clone, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";

/**
 * Flyte's `pbhash.ComputeHash`: SHA-256 of the deterministic binary encoding (map entries sorted
 * by key). protobuf-es writes fields in declaration order, which matches Go's field-number order
 * for the messages hashed here (literal maps and variable maps).
 */
export function protoHash<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  const copy = clone(schema, message);
  sortMaps(schema, copy);
  return new Uint8Array(createHash("sha256").update(toBinary(schema, copy)).digest());
}

/** Unpadded URL-safe base64 (Go's `base64.RawURLEncoding`). */
export function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

function sortMaps(desc: DescMessage, msg: Record<string, unknown>): void {
  for (const f of desc.fields) {
    if (f.oneof) {
      const o = msg[f.oneof.localName] as { case?: string; value?: unknown } | undefined;
      if (o?.case === f.localName && f.fieldKind === "message" && o.value) {
        sortMaps(f.message, o.value as Record<string, unknown>);
      }
      continue;
    }
    const v = msg[f.localName];
    switch (f.fieldKind) {
      case "message":
        if (v) sortMaps(f.message, v as Record<string, unknown>);
        break;
      case "list":
        if (f.listKind === "message") for (const item of v as Record<string, unknown>[]) sortMaps(f.message, item);
        break;
      case "map": {
        const entries = v as Record<string, unknown>;
        const sorted: Record<string, unknown> = {};
        for (const k of Object.keys(entries).sort()) {
          const item = entries[k];
          if (f.mapKind === "message") sortMaps(f.message, item as Record<string, unknown>);
          sorted[k] = item;
        }
        msg[f.localName] = sorted;
        break;
      }
      case "scalar":
      case "enum":
        break;
    }
  }
}
