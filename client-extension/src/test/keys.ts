/**
 * Synthetic credentials for the tests, built at run time (as tests/keys.py does): no full key is
 * written in the repository. Every value is fake but has the shape scanners match.
 */
import { createHash } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/** `prefix` + `length` pseudo-random key characters (seeded by `seed`) + `suffix`. */
export function fakeKey(prefix: string, length: number, suffix = "", seed = "test"): string {
  let body = "";
  for (let counter = 0; body.length < length; counter++) {
    for (const byte of createHash("sha256").update(`${seed}:${counter}`).digest()) {
      body += ALPHABET[byte % ALPHABET.length];
    }
  }
  return prefix + body.slice(0, length) + suffix;
}
