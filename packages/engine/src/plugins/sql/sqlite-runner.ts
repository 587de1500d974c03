import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import type { SqlParam } from "./sql-template.js";

export interface QueryColumn {
  readonly name: string;
  /** The declared type of a table column (`INTEGER`, `TEXT`...), null for expressions. */
  readonly type: string | null;
}

export type QueryResult =
  | {
      readonly ok: true;
      readonly columns: readonly QueryColumn[];
      /** Row-major values: bigint (INTEGER), number (REAL), string, Uint8Array (BLOB), null. */
      readonly rows: readonly (readonly unknown[])[];
      /** Whether the statement returns rows (a SELECT) or changes data. */
      readonly reader: boolean;
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface QueryRequest {
  readonly file: string;
  readonly sql: string;
  readonly params: readonly SqlParam[];
  readonly readonly: boolean;
}

// Runs in a child process so a long query neither blocks the engine nor survives an abort (a
// worker thread cannot be stopped while SQLite's native code runs).
const CHILD_SOURCE = `
process.once("message", ({ modulePath, request }) => {
const Database = require(modulePath);
const { file, sql, params, readonly } = request;
const parentPort = { postMessage: (m) => process.send(m, () => process.exit(0)) };
let db;
try {
  db = new Database(file, { readonly, fileMustExist: true });
  const stmt = db.prepare(sql);
  if (!stmt.reader) {
    stmt.run(...params);
    parentPort.postMessage({ ok: true, columns: [], rows: [], reader: false });
  } else {
    stmt.safeIntegers(true);
    stmt.raw(true);
    const columns = stmt.columns().map((c) => ({ name: c.name, type: c.type }));
    const rows = stmt.all(...params);
    parentPort.postMessage({ ok: true, columns, rows, reader: true });
  }
} catch (e) {
  parentPort.postMessage({ ok: false, code: String((e && e.code) || "SQLITE_ERROR"), message: String((e && e.message) || e) });
} finally {
  if (db) db.close();
}
});
`;

let modulePath: string | undefined;

/** One query in a child process; `cancel` kills it. */
export class SqliteQuery {
  readonly result: Promise<QueryResult>;
  readonly #child: ChildProcess;
  #cancelled = false;

  constructor(request: QueryRequest) {
    modulePath ??= createRequire(import.meta.url).resolve("better-sqlite3");
    this.#child = spawn(process.execPath, ["-e", CHILD_SOURCE], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    let stderr = "";
    this.#child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    this.result = new Promise((resolve) => {
      let settled = false;
      const done = (r: QueryResult) => {
        if (settled) return;
        settled = true;
        resolve(r);
      };
      this.#child.on("message", (m: QueryResult) => done(m));
      this.#child.on("error", (e) => done({ ok: false, code: "QueryProcessError", message: e.message }));
      this.#child.on("close", (code, signal) => {
        const why = this.#cancelled
          ? "the query was cancelled"
          : `the query process ended (${signal ?? `exit code ${code}`}): ${stderr.trim()}`;
        done({ ok: false, code: this.#cancelled ? "Cancelled" : "QueryProcessExited", message: why });
      });
    });
    this.#child.send({ modulePath, request }, (err) => {
      if (err) this.#child.kill("SIGKILL");
    });
  }

  cancel(): void {
    this.#cancelled = true;
    this.#child.kill("SIGKILL");
  }
}
