import { rm } from "node:fs/promises";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { LiteralMapSchema, LiteralSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { SchemaType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import { DataFrame, typeFromLiteralType, type DataAccess } from "@flyte-ts/sdk";
import { joinUri, writeProto } from "@flyte-ts/storage";
import { executionKey } from "../../model/ids.js";
import { nodeErrorFromThrown, type NodeError } from "../../model/node-error.js";
import type { PluginTransition, TaskExecutionContext, TaskPlugin } from "../task-plugin.js";
import { ColumnTypeError, rowsToTable } from "./rows-to-table.js";
import { bindQuery, SqlTemplateError } from "./sql-template.js";
import { DatabaseFileError, resolveDatabase } from "./sqlite-database.js";
import { SqliteQuery } from "./sqlite-runner.js";
import { readSqliteTask, SqlErrorCode, type SqliteTaskSpec } from "./sqlite-task-spec.js";

export interface SqlitePluginOptions {
  /** Local scratch space for downloaded databases, one folder per attempt. */
  readonly workDir: string;
  /** Default `["sqlite"]` (flytekit's `SQLite3Task`). */
  readonly taskTypes?: readonly string[];
  /** Open databases read-only (default true): queries cannot change a shared file. */
  readonly readOnly?: boolean;
  /** For `http(s)://` database URIs; default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

type Outcome =
  | { readonly phase: "success" }
  | { readonly phase: "permanentFailure" | "retryableFailure"; readonly error: NodeError };

interface Job {
  query?: SqliteQuery;
  aborted: boolean;
  outcome?: Outcome;
}

/**
 * Runs `sqlite` tasks in the engine: the query template with `{{ .inputs.x }}` bound as SQLite
 * parameters, against the task's database file, in a child process; the rows become the task's
 * dataframe output, written as Parquet under the attempt's raw output prefix.
 */
export class SqlitePlugin implements TaskPlugin {
  readonly id = "sqlite";
  readonly taskTypes: readonly string[];
  readonly #o: SqlitePluginOptions;
  readonly #jobs = new Map<string, Job>();

  constructor(options: SqlitePluginOptions) {
    this.#o = options;
    this.taskTypes = options.taskTypes ?? ["sqlite"];
  }

  handle(ctx: TaskExecutionContext): Promise<PluginTransition> {
    const key = jobKey(ctx);
    const job = this.#jobs.get(key);
    if (job) {
      const t: PluginTransition = job.outcome
        ? { ...job.outcome, state: "started", version: 1 }
        : { phase: "running", state: "started" };
      return Promise.resolve(t);
    }
    const spec = readSqliteTask(ctx.task);
    if (typeof spec === "string")
      return Promise.resolve(fail("permanentFailure", "USER", SqlErrorCode.BadTaskSpec, spec));
    // Registered before any await, so concurrent calls for one attempt start one query.
    const started: Job = { aborted: false };
    this.#jobs.set(key, started);
    const done = async (): Promise<Outcome> => {
      // After a restart, an attempt whose outputs were written is done, not rerun.
      if (ctx.pluginState === "started" && (await ctx.blobs.head(ctx.paths.outputs))) return { phase: "success" };
      return this.#run(ctx, spec, started);
    };
    void done()
      .catch((e: unknown) => classify(e, ctx))
      .then((outcome) => {
        started.outcome = outcome;
        ctx.wake();
      });
    return Promise.resolve({ phase: "running", state: "started" });
  }

  abort(ctx: TaskExecutionContext, _reason?: string): Promise<void> {
    const job = this.#jobs.get(jobKey(ctx));
    if (job) {
      job.aborted = true;
      job.query?.cancel();
    }
    return Promise.resolve();
  }

  async finalize(ctx: TaskExecutionContext): Promise<void> {
    const key = jobKey(ctx);
    const job = this.#jobs.get(key);
    if (job && !job.outcome) {
      job.aborted = true;
      job.query?.cancel();
    }
    this.#jobs.delete(key);
    await rm(this.#scratch(ctx), { recursive: true, force: true });
  }

  #scratch(ctx: TaskExecutionContext): string {
    return join(this.#o.workDir, ctx.generatedName.replace(/[^A-Za-z0-9._-]/g, "_"));
  }

  async #run(ctx: TaskExecutionContext, spec: SqliteTaskSpec, job: Job): Promise<Outcome> {
    const name = ctx.task.id?.name ?? ctx.nodeUniqueId;
    const bound = bindQuery(spec.query, await ctx.inputs());
    const file = await resolveDatabase({
      uri: spec.uri,
      blobs: ctx.blobs,
      scratchDir: this.#scratch(ctx),
      compressed: spec.compressed,
      ...(this.#o.fetch ? { fetch: this.#o.fetch } : {}),
    });
    if (job.aborted) return { phase: "success" };
    job.query = new SqliteQuery({ file, sql: bound.sql, params: bound.params, readonly: this.#o.readOnly ?? true });
    const result = await job.query.result;
    if (job.aborted) return { phase: "success" };
    if (!result.ok) {
      const shown = spec.query.length > 500 ? `${spec.query.slice(0, 500)}…` : spec.query;
      return fail(
        "permanentFailure",
        "USER",
        SqlErrorCode.QueryFailed,
        `sqlite task ${name}: the query failed on ${spec.uri}: ${result.message} (${result.code})\nquery: ${shown}`,
      );
    }
    const literals: Record<string, Literal> = {};
    if (spec.output) {
      if (!result.reader) {
        return fail(
          "permanentFailure",
          "USER",
          SqlErrorCode.BadTaskSpec,
          `sqlite task ${name}: the statement returns no rows, but the task declares output '${spec.output.name}'`,
        );
      }
      const table = rowsToTable(result.columns, result.rows, spec.output.columns);
      const outName = spec.output.name;
      const lit = await typeFromLiteralType(spec.output.type).toLiteral(new DataFrame(table), {
        what: `output '${outName}' of sqlite task ${name}`,
        data: dataAccess(ctx, outName, this.#scratch(ctx)),
      });
      literals[outName] = spec.output.schema ? asSchema(lit, spec.output.schema) : lit;
    }
    await writeProto(ctx.blobs, ctx.paths.outputs, LiteralMapSchema, create(LiteralMapSchema, { literals }));
    return { phase: "success" };
  }
}

function dataAccess(ctx: TaskExecutionContext, output: string, localDir: string): DataAccess {
  return {
    read: (uri) => ctx.blobs.read(uri),
    write: (uri, bytes) => ctx.blobs.write(uri, bytes),
    async list(prefix) {
      const out: string[] = [];
      for await (const b of ctx.blobs.list(prefix.endsWith("/") ? prefix : `${prefix}/`)) out.push(b.uri);
      return out;
    },
    newRawUri: () => joinUri(ctx.rawOutputSandbox, output),
    localDir,
  };
}

/** A legacy `Schema` literal over the dataset just written (same Parquet files). */
function asSchema(dataset: Literal, type: SchemaType): Literal {
  const uri =
    dataset.value.case === "scalar" && dataset.value.value.value.case === "structuredDataset"
      ? dataset.value.value.value.value.uri
      : "";
  return create(LiteralSchema, {
    value: { case: "scalar", value: { value: { case: "schema", value: { uri, type } } } },
  });
}

function classify(e: unknown, ctx: TaskExecutionContext): Outcome {
  const name = ctx.task.id?.name ?? ctx.nodeUniqueId;
  if (e instanceof SqlTemplateError)
    return fail("permanentFailure", "USER", SqlErrorCode.TemplateError, `sqlite task ${name}: ${e.message}`);
  if (e instanceof DatabaseFileError)
    return fail("permanentFailure", "USER", SqlErrorCode.DatabaseNotFound, `sqlite task ${name}: ${e.message}`);
  if (e instanceof ColumnTypeError)
    return fail("permanentFailure", "USER", SqlErrorCode.ResultTypeMismatch, `sqlite task ${name}: ${e.message}`);
  const err = nodeErrorFromThrown(e);
  return err.kind === "USER" ? { phase: "permanentFailure", error: err } : { phase: "retryableFailure", error: err };
}

function fail(
  phase: "permanentFailure" | "retryableFailure",
  kind: NodeError["kind"],
  code: string,
  message: string,
): Outcome {
  return { phase, error: { kind, code, message } };
}

function jobKey(ctx: TaskExecutionContext): string {
  return `${executionKey(ctx.execution)}#${ctx.nodeUniqueId}#${ctx.attempt}`;
}
