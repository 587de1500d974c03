import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { areTypesCastable, InvalidArgumentError, literalTypeForLiteral } from "@flyte-ts/core";
import { typeToString } from "@flyte-ts/idl";
import {
  SignalListSchema,
  SignalSchema,
  type Signal,
  type SignalGetOrCreateRequest,
  type SignalList,
  type SignalListRequest,
  type SignalSetRequest,
} from "@flyte-ts/idl/gen/flyteidl/admin/signal_pb";
import type { SignalIdentifier } from "@flyte-ts/idl/gen/flyteidl/core/identifier_pb";
import { LiteralSchema, type Literal } from "@flyte-ts/idl/gen/flyteidl/core/literals_pb";
import { LiteralTypeSchema, type LiteralType } from "@flyte-ts/idl/gen/flyteidl/core/types_pb";
import type { NamedId } from "../persistence/repositories/common.js";
import type { SignalId, SignalModel } from "../persistence/repositories/signal-repository.js";
import { toListOptions } from "../validation/list-validation.js";
import { requireText, Violations } from "../validation/request-errors.js";
import type { ManagerContext } from "./admin-config.js";
import { toExecutionIdentifier, validateExecutionId } from "./execution-ids.js";

/**
 * Signals of gate nodes (SignalService): the engine creates them (GetOrCreateSignal, or in-process
 * as its `SignalSource`), users list and set them. SetSignal type-checks the value against the
 * signal's type and wakes the waiting gate at once.
 */
export class SignalManager {
  readonly #ctx: ManagerContext;
  readonly #watchers = new Map<string, Set<() => void>>();

  constructor(options: { context: ManagerContext }) {
    this.#ctx = options.context;
  }

  async getOrCreateSignal(req: SignalGetOrCreateRequest): Promise<Signal> {
    const v = new Violations();
    const id = validateSignalId(v, "id", req.id);
    if (!req.type) v.missing("type");
    v.throwIfAny("GetOrCreateSignal request");
    return toSignal(await this.#getOrCreate(id as SignalId, req.type as LiteralType));
  }

  async listSignals(req: SignalListRequest): Promise<SignalList> {
    const v = new Violations();
    const id = validateExecutionId(v, "workflow_execution_id", req.workflowExecutionId);
    const options = toListOptions(v, req);
    v.throwIfAny("ListSignals request");
    const page = await this.#ctx.repositories.signals.list(id as NamedId, options);
    return create(SignalListSchema, { signals: page.items.map(toSignal), token: page.token });
  }

  async setSignal(req: SignalSetRequest): Promise<void> {
    const v = new Violations();
    const id = validateSignalId(v, "id", req.id);
    if (!req.value) v.missing("value");
    v.throwIfAny("SetSignal request");
    const sid = id as SignalId;
    const value = req.value as Literal;
    const stored = await this.#ctx.repositories.signals.get(sid);
    const want = fromBinary(LiteralTypeSchema, stored.type);
    const got = literalTypeForLiteral(value);
    if (!got || !areTypesCastable(got, want)) {
      throw new InvalidArgumentError(
        `signal ${sid.signalId} expects ${typeToString(want)}, got ${got ? typeToString(got) : "a value of unknown type"}`,
        { code: "SignalTypeMismatch", details: { field: "value" } },
      );
    }
    await this.#ctx.repositories.signals.setValue(sid, toBinary(LiteralSchema, value), this.#ctx.now());
    for (const wake of [...(this.#watchers.get(keyOf(sid)) ?? [])]) wake();
  }

  /** The engine's `SignalSource`: creates the signal when missing; its value once set. */
  async getOrCreate(execution: NamedId, signalId: string, type: LiteralType): Promise<Literal | undefined> {
    const row = await this.#getOrCreate({ executionId: execution, signalId }, type);
    return row.value ? fromBinary(LiteralSchema, row.value) : undefined;
  }

  /** The engine's `SignalSource.watch`: `listener` runs when the signal is set. */
  watch(execution: NamedId, signalId: string, listener: () => void): () => void {
    const key = keyOf({ executionId: execution, signalId });
    const set = this.#watchers.get(key) ?? new Set<() => void>();
    set.add(listener);
    this.#watchers.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#watchers.delete(key);
    };
  }

  #getOrCreate(id: SignalId, type: LiteralType): Promise<SignalModel> {
    const now = this.#ctx.now();
    return this.#ctx.repositories.signals.getOrCreate({
      id,
      type: toBinary(LiteralTypeSchema, type),
      value: null,
      createdAt: now,
      updatedAt: now,
    });
  }
}

const keyOf = (id: SignalId): string =>
  `${id.executionId.project}/${id.executionId.domain}/${id.executionId.name}#${id.signalId}`;

function validateSignalId(v: Violations, field: string, id: SignalIdentifier | undefined): SignalId | undefined {
  if (!id) {
    v.missing(field);
    return undefined;
  }
  const execution = validateExecutionId(v, `${field}.execution_id`, id.executionId);
  const ok = requireText(v, `${field}.signal_id`, id.signalId);
  return execution && ok ? { executionId: execution, signalId: id.signalId } : undefined;
}

function toSignal(m: SignalModel): Signal {
  return create(SignalSchema, {
    id: { signalId: m.id.signalId, executionId: toExecutionIdentifier(m.id.executionId) },
    type: fromBinary(LiteralTypeSchema, m.type),
    ...(m.value ? { value: fromBinary(LiteralSchema, m.value) } : {}),
  });
}
