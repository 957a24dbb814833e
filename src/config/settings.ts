// Config types and constants, and the fast path for loading the built-in rules: this
// module is cheap to import (no TOML parser, no schema library), which matters for hooks.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AllowlistSpec, RuleSpec } from "../types.js";
import { UsageError } from "../types.js";

export const BUILTIN_RULES_DIR = fileURLToPath(new URL("../../rules/", import.meta.url));
/** Built by `npm run build` from rules/*.toml (validated, examples stripped). */
export const COMPILED_RULES_FILE = fileURLToPath(new URL("../rules.json", import.meta.url));
/** Subdirectory of rules/ holding the keyed service table (see keyed.ts). */
export const KEYED_DIR = "keyed";
export const DEFAULT_CONFIG_NAME = ".leakguard.toml";
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface ScanSettings {
  exclude: string[];
  include: string[];
  defaultExcludes: boolean;
  maxFileSize?: number;
  gitignore?: boolean;
}

export interface ResolvedConfig {
  rules: RuleSpec[];
  allowlist: AllowlistSpec;
  scan: ScanSettings;
  /** Parser-reported rule ids the config switched off (by `disabledRules` or `useDefault = false`). */
  disabledParsers?: ReadonlySet<string>;
  /** Where the user config came from ("<root>/.leakguard.toml", "staged .leakguard.toml"), if any. */
  source?: string;
}

/**
 * A config and the place it was read from: every file the config pulls in
 * (`extend.paths`) is read from that same place (the disk, the index, one commit), so a
 * change under check can never swap out what its trusted config extends.
 */
export interface ConfigFiles {
  /** The config's text; null when there is none (built-in rules only). */
  text: string | null;
  /** For messages: "staged .leakguard.toml", ".leakguard.toml@1a2b3c4d5e6f". */
  label: string;
  /** Reads a file named in the config, relative to the config's folder; UsageError naming it when it cannot. */
  read(path: string): string;
}

export interface LoadConfigOptions {
  /** Scan root; `<root>/.leakguard.toml` is used when neither a file nor `files` is given. */
  root?: string;
  /** Explicit --config file (must exist). */
  configFile?: string;
  /** A config read from a trusted revision (see git/config-at.ts). */
  files?: ConfigFiles;
}

/** Parses an integer byte size such as 10485760, "10MiB", "5MB", "512k". */
export function parseSize(value: number | string, label: string): number {
  if (typeof value === "number") return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(value);
  if (!m) throw new UsageError(`${label}: invalid size '${value}' (use bytes or e.g. 10MiB)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const mult = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  return Math.floor(n * mult);
}

/** dist/rules.json: rules name their allowlist by index into `allowlists` (shared ones are stored once). */
export interface CompiledRules {
  allowlists: AllowlistSpec[];
  rules: (Omit<RuleSpec, "allowlist"> & { allowlist?: number })[];
}

/**
 * The pre-validated rule pack (dist/rules.json), or undefined when there is none (running
 * from src/: then the TOML files are parsed and validated). Like the rest of dist/ it is
 * built from the sources (`npm run build`); it is not checked against rules/*.toml here,
 * which cost every commit a stat per rule file.
 */
export function readCompiledRules(): RuleSpec[] | undefined {
  try {
    // Written as ASCII (compile-rules.ts): latin1 reads it faster than utf8 and makes a
    // one-byte string, which JSON.parse also reads faster.
    const pack = JSON.parse(readFileSync(COMPILED_RULES_FILE, "latin1")) as CompiledRules;
    // Linked in place: a copy of every rule is garbage a hook would pay to collect.
    const rules = pack.rules as { allowlist?: number | AllowlistSpec }[];
    for (const r of rules) if (typeof r.allowlist === "number") r.allowlist = pack.allowlists[r.allowlist];
    return rules as RuleSpec[];
  } catch {
    return undefined;
  }
}
