// The key of a scan's secret hashes and fingerprints (HMAC-SHA-256), so a report or
// baseline read elsewhere cannot confirm a guessed secret offline. Where it comes from,
// first found wins:
//   1. LEAKGUARD_HASH_KEY (the operator's; stdin scans, or a key kept out of the repository),
//   2. the key line of the ignore file the scan uses (its trusted revision in hooks and CI),
//   3. a repository scanned from its top folder gets one, created on first use and
//      written into its .leakguardignore (to be committed, like the fingerprints it makes),
//   4. otherwise this machine's key (created on first use in the user's config folder).
// The key is read only when the first finding needs a hash: clean scans write nothing.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { keyedHasher, type SecretHasher } from "../detect/fingerprint.js";
import { IGNORE_FILE_NAME, ignoreFileKey, withKeyLine } from "../filter/ignore-file.js";
import { UsageError } from "../types.js";

export const HASH_KEY_ENV = "LEAKGUARD_HASH_KEY";
const MIN_ENV_KEY_LENGTH = 16;

export interface HashKeyOptions {
  env: NodeJS.ProcessEnv;
  /** The ignore file text the scan uses (trusted revision or the root's file); null: none. */
  ignoreText: string | null;
  /** A folder whose .leakguardignore may receive a new key (plain scans only), else undefined. */
  root?: string;
  /** A summary note about where the key came from, when the user should act on it. */
  note: (text: string) => void;
}

export function newKey(): string {
  return randomBytes(32).toString("hex");
}

/** Checks LEAKGUARD_HASH_KEY up front (a bad one is a usage error before scanning). */
export function envKey(env: NodeJS.ProcessEnv): string | undefined {
  const v = env[HASH_KEY_ENV];
  if (v === undefined || v === "") return undefined;
  if (v.length < MIN_ENV_KEY_LENGTH) throw new UsageError(`${HASH_KEY_ENV}: too short (at least ${MIN_ENV_KEY_LENGTH} characters)`);
  return v;
}

/** This machine's key file: $XDG_CONFIG_HOME/leakguard/hash-key (or ~/.config/...). */
export function machineKeyPath(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "leakguard", "hash-key");
}

function machineKey(env: NodeJS.ProcessEnv, note: (text: string) => void): string {
  const path = machineKeyPath(env);
  try {
    const existing = /^[0-9a-f]{64}$/m.exec(readFileSync(path, "utf8"))?.[0];
    if (existing) return existing;
  } catch {
    // not there yet: created below
  }
  const key = newKey();
  try {
    mkdirSync(join(path, ".."), { recursive: true, mode: 0o700 });
    writeFileSync(path, key + "\n", { mode: 0o600, flag: "wx" });
    return key;
  } catch (err) {
    // Another run created it meanwhile: use theirs.
    const raced = (err as NodeJS.ErrnoException).code === "EEXIST" ? /^[0-9a-f]{64}$/m.exec(readFileSync(path, "utf8"))?.[0] : undefined;
    if (raced) return raced;
    note(`fingerprints keyed for this run only (cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? err})`);
    return key;
  }
}

/** Creates the repository's key in `<root>/.leakguardignore`; undefined when it cannot. */
export function createRepositoryKey(root: string, note: (text: string) => void): string | undefined {
  const path = join(root, IGNORE_FILE_NAME);
  let text: string | null = null;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    // no ignore file yet
  }
  const existing = ignoreFileKey(text);
  if (existing) return existing;
  const key = newKey();
  try {
    writeFileSync(path, withKeyLine(text, key));
  } catch (err) {
    note(`cannot write the fingerprint key to ${IGNORE_FILE_NAME} (${(err as NodeJS.ErrnoException).code ?? err})`);
    return undefined;
  }
  note(`created this repository's fingerprint key in ${IGNORE_FILE_NAME}: commit it so fingerprints match on every machine`);
  return key;
}

/** The key, by the order above (with no side effect until called). */
export function resolveHashKey(o: HashKeyOptions): string {
  const fromEnv = envKey(o.env);
  if (fromEnv) return fromEnv;
  const fromIgnore = ignoreFileKey(o.ignoreText);
  if (fromIgnore) return fromIgnore;
  if (o.root && existsSync(join(o.root, ".git"))) {
    const created = createRepositoryKey(o.root, o.note);
    if (created) return created;
  }
  return machineKey(o.env, o.note);
}

/** A hasher that resolves its key on first use. */
export function lazyHasher(o: HashKeyOptions): SecretHasher {
  let hash: SecretHasher | undefined;
  return (secret) => (hash ??= keyedHasher(resolveHashKey(o)))(secret);
}

/** `leakguard rekey`: the repository gets its key now, unless the operator's key is in force. */
export function ensureRepositoryKey(root: string, env: NodeJS.ProcessEnv, note: (text: string) => void): void {
  if (envKey(env)) return;
  if (!createRepositoryKey(root, note)) throw new UsageError(`${join(root, IGNORE_FILE_NAME)}: cannot add the fingerprint key`);
}
