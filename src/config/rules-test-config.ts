// `leakguard rules test .leakguard.toml`: a user config's own rules, checked against their
// examples together with the config's global allowlist (which the scan applies after the
// rules), so a reviewer sees that an allowlist entry would hide a real secret.
import { basename } from "node:path";
import { parse } from "smol-toml";
import type { Candidate, RuleSpec } from "../types.js";
import { GlobalAllowlist } from "../filter/allowlist.js";
import { resolveConfigText, validateRules } from "./load.js";
import { DEFAULT_CONFIG_NAME } from "./settings.js";

const CONFIG_ONLY_KEYS = ["allowlist", "extend", "scan", "title"];

/** A user config (not a rule file): named like one, or with keys only a config has. */
export function isUserConfigText(text: string, file: string): boolean {
  if (basename(file) === DEFAULT_CONFIG_NAME) return true;
  try {
    const doc = parse(text) as Record<string, unknown>;
    return CONFIG_ONLY_KEYS.some((k) => k in doc);
  } catch {
    return false; // the rule-file path reports the TOML error
  }
}

/** The rules the config itself defines (validated as the scan would). */
export function userConfigRules(text: string, file: string): RuleSpec[] {
  // Loads the whole config first: the same errors as a scan, with the same labels.
  resolveConfigText({ text, label: file, read: () => "" }, () => []);
  const doc = parse(text) as { rules?: unknown[] };
  return validateRules(doc.rules ?? [], file);
}

/** The config's global allowlist as a drop check naming what dropped the candidate. */
export function userConfigDropCheck(text: string, file: string): (c: Candidate) => string | undefined {
  const cfg = resolveConfigText({ text, label: file, read: () => "" }, () => []);
  const allow = new GlobalAllowlist(cfg.allowlist);
  return (c) =>
    allow.allows({ ...c, file: "example.txt" } as never, c.lineText) ? `dropped by [allowlist] in ${file} (regexes or stopwords)` : undefined;
}
