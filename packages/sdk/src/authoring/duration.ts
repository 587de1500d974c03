import { AuthoringError, AuthoringErrorCode } from "./errors.js";

/** A duration: a number of seconds, or a string such as `"90s"`, `"5m"`, `"1h30m"`, `"2d"`. */
export type DurationLike = number | string;

const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Converts a duration to whole and fractional seconds; throws a named error when malformed. */
export function durationSeconds(value: DurationLike, what: string): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      throw new AuthoringError(
        AuthoringErrorCode.InvalidValue,
        `${what}: duration must be a non-negative number of seconds, got ${value}`,
      );
    }
    return value;
  }
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? "s"] ?? 1);
    matched = re.lastIndex;
  }
  if (value.length === 0 || matched !== value.length) {
    throw new AuthoringError(
      AuthoringErrorCode.InvalidValue,
      `${what}: cannot read duration "${value}" (use e.g. 30s, 5m, 1h30m, 2d, or a number of seconds)`,
    );
  }
  return total;
}

/** A protobuf Duration init (`seconds` as bigint, `nanos`). */
export function toProtoDuration(value: DurationLike, what: string): { seconds: bigint; nanos: number } {
  const s = durationSeconds(value, what);
  const whole = Math.floor(s);
  return { seconds: BigInt(whole), nanos: Math.round((s - whole) * 1e9) };
}
