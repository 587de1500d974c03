import { ScalarType, type DescField, type DescMessage, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import { InvalidArgumentError } from "@flyte-ts/core";

/**
 * Turns REST path and query parameters (`id.project=p`, `limit=10`, `sort_by.key=created_at`) into a
 * protobuf-JSON object for the request message, converting each text value by its field's type.
 * Names are proto field names (snake_case) or JSON names, dotted for nested messages.
 */
export function paramsToJson(
  schema: DescMessage,
  params: Iterable<readonly [string, string]>,
  source: "path" | "query",
): JsonObject {
  const root: JsonObject = {};
  for (const [name, text] of params) {
    let desc: DescMessage = schema;
    let target: JsonObject = root;
    const parts = name.split(".");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const field = findField(desc, part);
      if (!field) {
        throw new InvalidArgumentError(
          `unknown ${source} parameter "${name}": ${desc.typeName} has no field "${part}"`,
          {
            code: "InvalidParameter",
          },
        );
      }
      const last = i === parts.length - 1;
      if (!last) {
        if (field.fieldKind !== "message") {
          throw new InvalidArgumentError(`${source} parameter "${name}": "${part}" is not a message field`, {
            code: "InvalidParameter",
          });
        }
        const key = field.name;
        const child = (target[key] ??= {}) as JsonObject;
        target = child;
        desc = field.message;
        continue;
      }
      const value = convertLeaf(field, text, name);
      if (field.fieldKind === "list") {
        const list = (target[field.name] ??= []) as JsonValue[];
        list.push(value);
      } else {
        target[field.name] = value;
      }
    }
  }
  return root;
}

function findField(desc: DescMessage, name: string): DescField | undefined {
  return desc.fields.find((f) => f.name === name || f.jsonName === name);
}

function convertLeaf(field: DescField, text: string, name: string): JsonValue {
  const bad = (what: string) =>
    new InvalidArgumentError(`parameter "${name}" must be ${what}, got "${text}"`, { code: "InvalidParameter" });
  let scalar: ScalarType | undefined;
  switch (field.fieldKind) {
    case "scalar":
      scalar = field.scalar;
      break;
    case "enum":
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case "list":
      if (field.listKind === "enum") return /^-?\d+$/.test(text) ? Number(text) : text;
      if (field.listKind === "message") throw bad("a scalar (message lists cannot come from a URL)");
      scalar = field.scalar;
      break;
    case "message":
      // Well-known wrappers and timestamps take their JSON string forms directly.
      return text;
    case "map":
      throw bad("a scalar (maps cannot come from a URL)");
  }
  switch (scalar) {
    case ScalarType.BOOL:
      if (text === "true" || text === "1") return true;
      if (text === "false" || text === "0") return false;
      throw bad("true or false");
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      if (!/^-?\d+$/.test(text)) throw bad("an integer");
      return Number(text);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      if (!/^-?\d+$/.test(text)) throw bad("an integer");
      return text;
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      if (text.trim() === "" || Number.isNaN(Number(text))) throw bad("a number");
      return Number(text);
    case ScalarType.STRING:
    case ScalarType.BYTES:
    case undefined:
      return text;
  }
}

/**
 * Splits a query string into name/value pairs. `+` is kept literally inside `filters` (Flyte's
 * filter language joins expressions with `+`) and read as a space elsewhere.
 */
export function parseQuery(search: string): [string, string][] {
  const out: [string, string][] = [];
  const q = search.startsWith("?") ? search.slice(1) : search;
  if (q === "") return out;
  for (const pair of q.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const name = safeDecode(rawName.replace(/\+/g, " "));
    const value = safeDecode(name === "filters" ? rawValue : rawValue.replace(/\+/g, " "));
    out.push([name, value]);
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new InvalidArgumentError(`malformed percent-encoding in query: "${s}"`, { code: "InvalidParameter" });
  }
}
