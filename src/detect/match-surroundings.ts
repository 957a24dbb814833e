// What the bytes around a provider rule's match say about it: the key it is assigned to,
// and whether it is only a slice of a longer base64 run. Pure functions over the chunk.
import { keyWords, NON_SECRET_TAIL } from "./placeholders.js";

/** [A-Za-z0-9+/]: the standard base64 alphabet without padding. */
function isBase64Byte(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 43 || b === 47;
}

/** How many base64 bytes a run must reach past the match, through a `/`, to count as one. */
const SLASH_RUN = 16;

/**
 * Whether data[start, end) continues a base64 run on either side. A `+` next to the match
 * is never part of a token's surroundings; a `/` is (URL paths), so through a `/` the run
 * must go on for SLASH_RUN bytes before it reads as an inlined font or image.
 */
export function insideBase64Run(data: Buffer, start: number, end: number): boolean {
  return runContinues(data, start - 1, -1) || runContinues(data, end, 1);
}

function runContinues(data: Buffer, at: number, step: 1 | -1): boolean {
  if (at < 0 || at >= data.length) return false;
  const b = data[at];
  if (b === 43) return true; // "+"
  if (b !== 47) return false; // only "/" continues it further
  let n = 0;
  let slashes = 0;
  for (let i = at; i >= 0 && i < data.length && isBase64Byte(data[i]) && n <= SLASH_RUN; i += step) {
    if (data[i] === 43) return true;
    if (data[i] === 47) slashes++;
    n++;
  }
  // A path holds a few words between slashes; base64 runs long between them.
  return n > SLASH_RUN && slashes <= 2;
}

/**
 * Trailing key words that name a property of a secret in a provider rule's assignment
 * (`DATADOG_API_KEY_ID`, `..._HASH`, `..._SHA`, `..._PROOF`): the generic detector's list,
 * less the words that a provider's secret URL may be assigned to (`SLACK_WEBHOOK_URL`).
 */
const PROVIDER_NON_SECRET_TAIL = new Set([...NON_SECRET_TAIL, "proof"].filter((w) => !["url", "uri", "endpoint", "encryption"].includes(w)));

/** The key of an assignment that `prefix` (the match up to the secret) ends with, if any. */
export function assignedKey(prefix: string): string | undefined {
  return /([A-Za-z0-9_.-]+)["'`]?\s*(?::=|=>|=|:)\s*["'`]?$/.exec(prefix)?.[1];
}

/**
 * Whether the match's text before the secret assigns it to a key naming a non-secret.
 * `ruleSource` is the rule's regex: a tail word it spells out (`"private_key_id"`) is the
 * key the rule expects. A session id is a bearer credential, whatever its last word.
 */
export function keyNamesNonSecret(prefix: string, ruleSource: string): boolean {
  const key = assignedKey(prefix);
  if (!key) return false;
  const words = keyWords(key);
  if (words.length < 2) return false;
  const tail = words[words.length - 1];
  if (!PROVIDER_NON_SECRET_TAIL.has(tail) || words[words.length - 2] === "session") return false;
  return !new RegExp(`[^a-z]${tail}(?![a-z])`).test(ruleSource.toLowerCase());
}
