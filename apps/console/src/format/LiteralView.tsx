import { useEffect, useState } from "react";
import type { Literal, LiteralMap } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { VariableMap } from "@flyte-ts/idl/gen/flyteidl/core/interface_pb";
import { BlobType_BlobDimensionality } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { typeToString } from "@flyte-ts/idl";
import { dataProxy } from "../api/client";
import { formatBytes, primitiveText } from "./literal-text";

const MAX_ITEMS = 100;

/** A literal map as a name / type / value table; `types` (an interface) adds the declared types. */
export function LiteralMapView({
  map,
  types,
  label,
  emptyText = "No values.",
}: {
  map: LiteralMap | undefined;
  types?: VariableMap | undefined;
  label: string;
  emptyText?: string;
}) {
  const entries = Object.entries(map?.literals ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <table className="literal-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          {types && <th scope="col">Type</th>}
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([name, lit]) => (
          <tr key={name} data-testid={`literal-${name}`}>
            <td className="mono">{name}</td>
            {types && <td className="mono muted">{typeToString(types.variables[name]?.type)}</td>}
            <td>
              <LiteralView literal={lit} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LiteralView({ literal }: { literal: Literal }) {
  const v = literal.value;
  switch (v.case) {
    case "scalar":
      return <ScalarView scalar={v.value} />;
    case "collection": {
      const items = v.value.literals;
      if (items.length === 0) return <span className="mono">[]</span>;
      if (items.every(isPrimitive)) return <InlineList items={items} />;
      return (
        <ol className="literal-nested" start={0}>
          {items.slice(0, MAX_ITEMS).map((l, i) => (
            <li key={i}>
              <LiteralView literal={l} />
            </li>
          ))}
          {items.length > MAX_ITEMS && <li className="muted">… {items.length - MAX_ITEMS} more</li>}
        </ol>
      );
    }
    case "map": {
      const entries = Object.entries(v.value.literals);
      if (entries.length === 0) return <span className="mono">{"{}"}</span>;
      return (
        <ul className="literal-nested">
          {entries.slice(0, MAX_ITEMS).map(([k, l]) => (
            <li key={k}>
              <span className="mono">{k}</span>: <LiteralView literal={l} />
            </li>
          ))}
        </ul>
      );
    }
    case "offloadedMetadata":
      return (
        <span>
          offloaded ({formatBytes(v.value.sizeBytes)}) <BlobLink uri={v.value.uri} />
        </span>
      );
    case undefined:
      return <span className="muted">unset</span>;
  }
}

function ScalarView({ scalar }: { scalar: NonNullable<Extract<Literal["value"], { case: "scalar" }>["value"]> }) {
  const v = scalar.value;
  switch (v.case) {
    case "primitive":
      return <span className="mono">{primitiveText(v.value)}</span>;
    case "blob":
      return (
        <span>
          {v.value.metadata?.type?.dimensionality === BlobType_BlobDimensionality.MULTIPART ? "directory " : "file "}
          {v.value.metadata?.type?.format ? <span className="muted">({v.value.metadata.type.format}) </span> : null}
          <BlobLink uri={v.value.uri} />
        </span>
      );
    case "structuredDataset":
      return (
        <span>
          dataframe{" "}
          {v.value.metadata?.structuredDatasetType?.format ? `(${v.value.metadata.structuredDatasetType.format}) ` : ""}
          <BlobLink uri={v.value.uri} />
        </span>
      );
    case "schema":
      return (
        <span>
          schema <BlobLink uri={v.value.uri} />
        </span>
      );
    case "binary":
      return (
        <span className="mono">
          binary{v.value.tag ? ` (${v.value.tag})` : ""}, {formatBytes(v.value.value.length)}
        </span>
      );
    case "noneType":
      return <span className="mono muted">None</span>;
    case "error":
      return <span className="field-error">{v.value.message}</span>;
    case "generic":
      return <pre className="json mono">{JSON.stringify(v.value, null, 2)}</pre>;
    case "union":
      return v.value.value ? <LiteralView literal={v.value.value} /> : <span className="muted">unset</span>;
    case undefined:
      return <span className="muted">unset</span>;
  }
}

const isPrimitive = (l: Literal) => l.value.case === "scalar" && l.value.value.value.case === "primitive";

const text = (l: Literal) =>
  l.value.case === "scalar" && l.value.value.value.case === "primitive" ? primitiveText(l.value.value.value.value) : "";

/** A list of primitives on one line: `[1, 2, 3, … 997 more]`, expandable. */
function InlineList({ items }: { items: readonly Literal[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, 20);
  const quote =
    items[0]?.value.case === "scalar" &&
    items[0].value.value.value.case === "primitive" &&
    items[0].value.value.value.value.value.case === "stringValue";
  return (
    <span className="mono">
      [{shown.map((l) => (quote ? JSON.stringify(text(l)) : text(l))).join(", ")}
      {items.length > shown.length && (
        <>
          , …{" "}
          <button type="button" className="link" onClick={() => setAll(true)}>
            {items.length - shown.length} more
          </button>
        </>
      )}
      ]{" "}
      <span className="muted">
        ({items.length} {items.length === 1 ? "item" : "items"})
      </span>
    </span>
  );
}

/** A blob's URI, with a download link (and a text preview) when the server's data proxy signs one. */
export function BlobLink({ uri }: { uri: string }) {
  const [href, setHref] = useState<string>();
  const [preview, setPreview] = useState<string>();
  useEffect(() => {
    if (!uri) return;
    let live = true;
    dataProxy.createDownloadLocation({ nativeUrl: uri }).then(
      (r) => {
        if (live && r.signedUrl) setHref(r.signedUrl);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [uri]);
  const showPreview = async () => {
    if (!href) return;
    try {
      setPreview(await readHead(href, PREVIEW_BYTES));
    } catch (e) {
      setPreview(`cannot preview: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <span>
      <code title={uri}>{uri}</code>
      {href && (
        <>
          {" "}
          <a href={href} download target="_blank" rel="noreferrer">
            Download
          </a>{" "}
          {preview === undefined && (
            <button type="button" className="link" onClick={() => void showPreview()}>
              Preview
            </button>
          )}
        </>
      )}
      {preview !== undefined && (
        <pre className="json mono preview" data-testid="blob-preview">
          {preview}
        </pre>
      )}
    </span>
  );
}

const PREVIEW_BYTES = 8192;

/** The first `limit` bytes of a URL as text (the rest is not downloaded). */
async function readHead(url: string, limit: number): Promise<string> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel();
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
    if (at >= bytes.length) break;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return size > limit ? `${text}\n…` : text;
}
