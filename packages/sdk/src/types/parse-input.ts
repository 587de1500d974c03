import { InvalidArgumentError, isFlyteError } from "@flyte-ts/core";
import { engineType } from "./engine-type.js";
import { TYPE_MISMATCH } from "./errors.js";
import type { FlyteType } from "./flyte-type.js";

/**
 * Parses a CLI argument for a type: `3` (int), `1.5`, `true`, `2024-01-01T00:00:00Z`, `90s` or
 * `1500` ms (duration), an enum value, JSON for lists, maps, structs, json and unions
 * (`[1,2]`, `{"a": 1}`), a path or URI for files, directories and dataframes, base64 for binary,
 * `none`/`null`/empty for an absent optional.
 */
export function parseInputText<T>(type: FlyteType<T>, text: string, what = "input"): T {
  try {
    return engineType(type, what).parseText(text);
  } catch (e) {
    if (isFlyteError(e) && e.code === TYPE_MISMATCH) {
      throw new InvalidArgumentError(`${what}: ${e.message}`, {
        code: TYPE_MISMATCH,
        cause: e,
        details: { what, expected: type.name },
      });
    }
    throw e;
  }
}
