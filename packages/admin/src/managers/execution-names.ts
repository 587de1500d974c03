import { randomBytes } from "node:crypto";
import type { Violations } from "../validation/request-errors.js";

/** Execution names: DNS-label-like, as Flyte requires (a letter first, at most 63 characters). */
const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME = 63;

/** An optional execution name must be a lowercase DNS label. */
export function checkName(v: Violations, field: string, name: string): void {
  if (name === "") return;
  if (name.length > MAX_NAME) v.invalid(field, `${field} must be at most ${MAX_NAME} characters, got ${name.length}`);
  else if (!NAME.test(name)) {
    v.invalid(
      field,
      `${field} ${JSON.stringify(name)} must be lowercase letters, digits and '-', starting with a letter`,
    );
  }
}

/** A random 20-character name starting with a letter, as Flyte generates them. */
export function generateName(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(20);
  let out = alphabet[bytes[0]! % 26]!;
  for (let i = 1; i < 20; i++) out += alphabet[bytes[i]! % alphabet.length]!;
  return out;
}
