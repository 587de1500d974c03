import type { TaskTemplate } from "@flyte-ts/idl/gen/flyteidl/core/tasks_pb";
import { types } from "@flyte-ts/idl";
import {
  SchemaType_SchemaColumn_SchemaColumnType as SchemaColumnType,
  type LiteralType,
  type SchemaType,
} from "@flyte-ts/idl/gen/flyteidl/core/types_pb";

/** Stable error codes of the SQLite plugin. */
export const SqlErrorCode = {
  /** SQLite rejected the query (syntax, missing table, read-only database...). */
  QueryFailed: "SqlQueryFailed",
  /** The database file is missing, unreadable or a bad archive. */
  DatabaseNotFound: "SqlDatabaseNotFound",
  /** The template has no query, no database URI, or an output that is not a dataset. */
  BadTaskSpec: "BadTaskSpecification",
  /** `{{ .inputs.x }}` names a missing input or one that cannot go into SQL. */
  TemplateError: "TemplateRenderFailed",
  /** A result value does not fit the declared column type. */
  ResultTypeMismatch: "SqlResultTypeMismatch",
} as const;
export type SqlErrorCode = (typeof SqlErrorCode)[keyof typeof SqlErrorCode];

/** What a `sqlite` task asks for, read from its template. */
export interface SqliteTaskSpec {
  readonly query: string;
  /** flytekit's `SQLite3Config.uri`. */
  readonly uri: string;
  readonly compressed: boolean;
  /** The dataset output (flytekit names it `results`), when the task declares one. */
  readonly output?: SqliteOutput;
}

/** The declared result: a StructuredDataset, or flytekit's default legacy `FlyteSchema`. */
export interface SqliteOutput {
  readonly name: string;
  /** The dataset type the rows are written as (for a schema output, the equivalent dataset). */
  readonly type: LiteralType;
  readonly columns: Readonly<Record<string, LiteralType>>;
  /** Set when the output is a legacy schema: the literal is a `Schema` of this type. */
  readonly schema?: SchemaType;
}

/**
 * Reads a SQLite task like flytekit's `SQLite3Task` writes it: `custom` =
 * `{query_template, uri, compressed}`; a `sql` target's statement is used as the query when set.
 * Returns a message when the template cannot be run.
 */
export function readSqliteTask(task: TaskTemplate): SqliteTaskSpec | string {
  const label = `sqlite task ${task.id?.name ?? "?"}`;
  const custom = task.custom ?? {};
  const fromSql = task.target.case === "sql" ? task.target.value.statement : "";
  const template = custom.query_template;
  const query = fromSql || (typeof template === "string" ? template : "");
  if (query.trim() === "") return `${label} has no query (custom.query_template or a sql target)`;
  const uri = custom.uri;
  if (typeof uri !== "string" || uri === "") return `${label} has no database (custom.uri)`;
  const outputs = Object.entries(task.interface?.outputs?.variables ?? {});
  if (outputs.length > 1) return `${label} declares ${outputs.length} outputs; a query has one result dataset`;
  const base = { query, uri, compressed: custom.compressed === true };
  const [first] = outputs;
  if (!first) return base;
  const [name, variable] = first;
  const t = variable.type;
  if (t?.type.case === "schema") {
    const columns = Object.fromEntries(t.type.value.columns.map((c) => [c.name, schemaColumnType(c.type)] as const));
    const cols = Object.entries(columns).map(([n, type]) => ({ name: n, type }));
    return { ...base, output: { name, type: types.structuredDataset("parquet", cols), columns, schema: t.type.value } };
  }
  if (t?.type.case !== "structuredDatasetType") {
    return `${label}: output '${name}' must be a dataframe (StructuredDataset or schema) to hold the query's rows`;
  }
  const columns = Object.fromEntries(
    t.type.value.columns.flatMap((c) => (c.literalType ? [[c.name, c.literalType] as const] : [])),
  );
  return { ...base, output: { name, type: t, columns } };
}

function schemaColumnType(c: SchemaColumnType): LiteralType {
  switch (c) {
    case SchemaColumnType.INTEGER:
      return types.integer();
    case SchemaColumnType.FLOAT:
      return types.float();
    case SchemaColumnType.STRING:
      return types.string();
    case SchemaColumnType.BOOLEAN:
      return types.boolean();
    case SchemaColumnType.DATETIME:
      return types.datetime();
    case SchemaColumnType.DURATION:
      return types.duration();
    default:
      return types.string();
  }
}
