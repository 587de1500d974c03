import { UserError } from "@flyte-ts/core";
import { literals, types, typeToString } from "@flyte-ts/idl";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { DataType, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { badInput, defineType, expectScalar, needData, type EngineType } from "./engine-type.js";
import { describeLiteral, describeValue, typeMismatch } from "./errors.js";
import type { DataAccess, TypeContext, TypeMap } from "./flyte-type.js";
import { joinUri, relativeTo } from "./paths.js";

/** Formats the engine reads and writes: Parquet (Flyte's default) and Arrow IPC files. */
export const DATAFRAME_FORMATS = ["parquet", "arrow"] as const;
/** How a DataFrame is stored: Parquet (Flyte's default for structured datasets) or Arrow IPC. */
export type DataFrameFormat = (typeof DATAFRAME_FORMATS)[number];

/**
 * A dataframe: an Apache Arrow `Table` (`new DataFrame(tableFromArrays({...}))`), or a reference
 * to a stored dataset (`DataFrame.fromUri("s3://…")`, passed through without reading).
 */
export class DataFrame {
  private loaded: Table | undefined;
  /** Where the data is stored, when it came from (or is) a stored dataset. */
  readonly uri: string | undefined;

  constructor(table: Table, options: { uri?: string } = {}) {
    this.loaded = table;
    this.uri = options.uri;
  }

  /** A stored dataset, not read: handing it to a task passes the URI through. */
  static fromUri(uri: string): DataFrame {
    const df = new DataFrame(new Table(), { uri });
    df.loaded = undefined;
    return df;
  }

  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** The Arrow table (received dataframes are read eagerly; `fromUri` ones are not loaded). */
  get table(): Table {
    if (!this.loaded)
      throw new UserError("NotLoaded", `dataframe ${this.uri ?? ""} was not read; pass it to a task to use it`);
    return this.loaded;
  }

  get numRows(): number {
    return this.table.numRows;
  }

  get columnNames(): string[] {
    return this.table.schema.fields.map((f) => f.name);
  }
}

/** The Flyte column type of an Arrow type (best effort; unknown types give undefined). */
export function arrowToLiteralType(t: DataType): LiteralType | undefined {
  if (DataType.isInt(t)) return types.integer();
  if (DataType.isFloat(t) || DataType.isDecimal(t)) return types.float();
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isUtf8View(t)) return types.string();
  if (DataType.isBool(t)) return types.boolean();
  if (DataType.isTimestamp(t) || DataType.isDate(t)) return types.datetime();
  if (DataType.isDuration(t)) return types.duration();
  if (DataType.isBinary(t) || DataType.isLargeBinary(t) || DataType.isFixedSizeBinary(t)) return types.binary();
  if (DataType.isDictionary(t)) return arrowToLiteralType(t.dictionary as DataType);
  if (DataType.isList(t) || DataType.isLargeList(t) || DataType.isFixedSizeList(t)) {
    const child = t.children[0] ? arrowToLiteralType(t.children[0].type as DataType) : undefined;
    return child ? types.collection(child) : undefined;
  }
  if (DataType.isStruct(t)) return types.struct();
  return undefined;
}

async function encode(table: Table, format: DataFrameFormat): Promise<Uint8Array> {
  if (format === "arrow") return tableToIPC(table, "file");
  const pq = await import("parquet-wasm");
  const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, "stream"));
  return pq.writeParquet(wasmTable, new pq.WriterPropertiesBuilder().build());
}

async function decode(bytes: Uint8Array, format: DataFrameFormat): Promise<Table> {
  if (format === "arrow") return tableFromIPC(bytes);
  const pq = await import("parquet-wasm");
  return tableFromIPC(pq.readParquet(bytes).intoIPCStream());
}

/** Reads a stored dataset: every file under the URI (flytekit writes `<uri>/00000`), or the URI itself. */
async function readDataset(uri: string, format: DataFrameFormat, data: DataAccess): Promise<Table> {
  const parts = relativeTo(uri, await data.list(uri));
  if (parts.length === 0) return decode(await data.read(uri), format);
  const tables = await Promise.all(parts.map(async (p) => decode(await data.read(joinUri(uri, p)), format)));
  const [first, ...rest] = tables;
  if (!first) throw new UserError("NotFound", `no data under ${uri}`);
  return rest.length > 0 ? first.concat(...rest) : first;
}

function formatOf(format: string, ctx: TypeContext, expected: string): DataFrameFormat {
  const f = (format || "parquet").toLowerCase();
  if (!(DATAFRAME_FORMATS as readonly string[]).includes(f)) {
    throw typeMismatch(
      ctx,
      expected,
      `a dataset in format ${format}`,
      `readable formats: ${DATAFRAME_FORMATS.join(", ")}`,
    );
  }
  return f as DataFrameFormat;
}

/**
 * `t.dataframe(columns?, format = "parquet")`: a StructuredDataset literal whose data is written
 * as `<raw uri>/00000` in the given format. Declared columns are checked on write and selected on
 * read (a wider stored frame gives only the declared columns).
 */
export function dataframeType(columns?: TypeMap, format: DataFrameFormat = "parquet"): EngineType<DataFrame> {
  if (!(DATAFRAME_FORMATS as readonly string[]).includes(format)) {
    throw new UserError(
      "UnsupportedFormat",
      `t.dataframe: format '${format}' is not supported (use ${DATAFRAME_FORMATS.join(" or ")})`,
    );
  }
  const cols = Object.entries(columns ?? {}).map(([name, t]) => ({ name, type: t.literalType }));
  const name = `DataFrame(${format}${cols.length ? `; ${cols.map((c) => `${c.name}: ${typeToString(c.type)}`).join(", ")}` : ""})`;
  const literalType = types.structuredDataset(format, cols);

  const checkColumns = (table: Table, ctx: TypeContext, got: string): Table => {
    if (cols.length === 0) return table;
    for (const c of cols) {
      const field = table.schema.fields.find((f) => f.name === c.name);
      if (!field) throw typeMismatch(ctx, name, got, `column '${c.name}' is missing`);
      const actual = arrowToLiteralType(field.type as DataType);
      if (actual && typeToString(actual) !== typeToString(c.type)) {
        throw typeMismatch(
          ctx,
          name,
          got,
          `column '${c.name}' is ${typeToString(actual)}, not ${typeToString(c.type)}`,
        );
      }
    }
    return table.select(cols.map((c) => c.name));
  };
  const store = async (value: DataFrame, ctx: TypeContext): Promise<string> => {
    if (!(value instanceof DataFrame))
      throw typeMismatch(ctx, name, describeValue(value), "wrap Arrow tables in new DataFrame(table)");
    if (!value.isLoaded && value.uri !== undefined) return value.uri;
    const table = checkColumns(value.table, ctx, `a table with columns ${value.columnNames.join(", ")}`);
    const data = needData(ctx);
    const uri = data.newRawUri("dataframe");
    await data.write(joinUri(uri, "00000"), await encode(table, format));
    return uri;
  };
  const load = async (uri: string, storedFormat: string, ctx: TypeContext): Promise<DataFrame> => {
    const table = await readDataset(uri, formatOf(storedFormat || format, ctx, name), needData(ctx));
    return new DataFrame(checkColumns(table, ctx, `dataset ${uri}`), { uri });
  };

  return defineType<DataFrame>({
    name,
    literalType,
    unionTag: "StructuredDatasetTransformerEngine",
    fit: (v) => (v instanceof DataFrame ? 2 : 0),
    async toLiteral(value, ctx) {
      const lit = literals.structuredDataset(await store(value, ctx), format);
      const sd =
        lit.value.case === "scalar" && lit.value.value.value.case === "structuredDataset"
          ? lit.value.value.value.value
          : undefined;
      if (sd?.metadata?.structuredDatasetType && literalType.type.case === "structuredDatasetType") {
        sd.metadata.structuredDatasetType = literalType.type.value;
      }
      return lit;
    },
    async fromLiteral(literal, ctx) {
      const sd = expectScalar(literal, "structuredDataset", ctx, name);
      const stored = sd.metadata?.structuredDatasetType?.format ?? "";
      if (stored !== "" && stored.toLowerCase() !== format) {
        throw typeMismatch(ctx, name, `${describeLiteral(literal)} in format ${stored}`);
      }
      return load(sd.uri, stored, ctx);
    },
    toPlain: async (value, ctx) => ({ uri: await store(value, ctx), file_format: format }),
    async fromPlain(plain, ctx) {
      const p = plain as { uri?: unknown; file_format?: unknown } | null;
      if (typeof p?.uri !== "string") throw typeMismatch(ctx, name, describeValue(plain));
      return load(p.uri, typeof p.file_format === "string" ? p.file_format : format, ctx);
    },
    jsonSchema: () => ({
      type: "object",
      title: "StructuredDataset",
      properties: { uri: { type: "string" }, file_format: { type: "string", default: format } },
    }),
    parseText: (text) => DataFrame.fromUri(text.trim()),
    fromJson(json) {
      const uri = typeof json === "string" ? json : (json as { uri?: unknown } | null)?.uri;
      if (typeof uri !== "string" || uri === "") throw badInput(`${name} (a dataset URI)`, json);
      return DataFrame.fromUri(uri);
    },
  });
}
