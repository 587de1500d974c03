import type { MemorySignalSource, ExecutionId } from "@flyte-ts/engine";
import { parseInputText, typeFromLiteralType, type FlyteType } from "@flyte-ts/sdk";

export interface SignalFeederOptions {
  readonly signals: MemorySignalSource;
  /** Values given on the command line (`--signal id=value`, `--approve id`), as text. */
  readonly given: ReadonlyMap<string, string>;
  /** Asks the user for a value (on a terminal); without it, a signal nobody gave stops the run. */
  readonly prompt?: (question: string) => Promise<string>;
  /** Stops the run: a signal was not given, or its value does not parse. */
  readonly fail: (reason: string) => void;
  readonly intervalMs?: number;
}

/**
 * Answers the gate nodes of a local run: whenever the engine waits for a signal (waitForSignal,
 * approve), sets it from the command line, or asks on the terminal, parsed by the signal's type.
 */
export function feedSignals(options: SignalFeederOptions): { stop: () => void } {
  const handled = new Set<string>();
  let busy = false;
  const answer = async (execution: ExecutionId, signalId: string, text: string, type: FlyteType<unknown>) => {
    const typeName = type.name;
    const what = `signal '${signalId}'`;
    try {
      const value = parseInputText(type, text, what);
      options.signals.set(execution, signalId, await type.toLiteral(value, { what }));
    } catch (e) {
      options.fail(`${what} (${typeName}): ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const p of options.signals.pending()) {
        const key = `${p.execution.name}#${p.signalId}`;
        if (handled.has(key)) continue;
        handled.add(key);
        const type = typeFromLiteralType(p.type);
        const typeName = type.name;
        const given = options.given.get(p.signalId);
        if (given !== undefined) await answer(p.execution, p.signalId, given, type);
        else if (options.prompt) {
          const text = await options.prompt(`signal '${p.signalId}' (${typeName}): `);
          await answer(p.execution, p.signalId, text.trim(), type);
        } else {
          options.fail(
            `the run waits for signal '${p.signalId}' (${typeName}), which was not given: add --signal ${p.signalId}=<${typeName}>` +
              (typeName === "boolean" ? ` (or --approve ${p.signalId})` : ""),
          );
        }
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 50);
  return { stop: () => clearInterval(timer) };
}
