import type { Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import type { LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";

/**
 * Where the type engine reads and writes data that does not fit in a literal (files, directories,
 * dataframes, offloaded values). The engine and the local runner pass an adapter over a blob store.
 */
export interface DataAccess {
  read(uri: string): Promise<Uint8Array>;
  write(uri: string, bytes: Uint8Array): Promise<void>;
  list(prefix: string): Promise<string[]>;
  /** A fresh URI under the current raw-output prefix, e.g. for an uploaded file. */
  newRawUri(hint: string): string;
  /** A local folder for downloads (lazily materialised files and directories). */
  localDir: string;
}

/** Context of one conversion: which variable (for error messages) and where data lives. */
export interface TypeContext {
  /** e.g. `input 'x' of task 'train'`; used in mismatch messages. */
  readonly what: string;
  readonly data?: DataAccess;
}

/**
 * A Flyte type in the SDK: declared once, it gives the flyteidl LiteralType, converts TS values
 * to and from Literals, and carries the TS type `T` for inference (`Infer<typeof t.int>` = number).
 */
export interface FlyteType<T> {
  /** A short human name: `int`, `list<string>`, `File(csv)`. */
  readonly name: string;
  readonly literalType: LiteralType;
  toLiteral(value: T, ctx: TypeContext): Promise<Literal>;
  fromLiteral(literal: Literal, ctx: TypeContext): Promise<T>;
  /** For structs: field types, so promises can offer typed attribute access (`out.metrics.auc`). */
  readonly fields?: Readonly<Record<string, FlyteType<unknown>>>;
  /** For lists: the element type (`out.items[0]`). */
  readonly element?: FlyteType<unknown>;
  /** For maps: the value type (`out.byName["a"]`). */
  readonly values?: FlyteType<unknown>;
  /** Phantom field carrying T; never set at run time. */
  readonly __type?: T;
}

/** The TS type a Flyte type stands for. */
export type Infer<X> = X extends FlyteType<infer T> ? T : never;

/** A record of named Flyte types (an interface's inputs or outputs). */
export type TypeMap = Readonly<Record<string, FlyteType<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The TS object type a TypeMap stands for. */
export type InferMap<M extends TypeMap> = { [K in keyof M]: Infer<M[K]> };
