// `leakguard config import .gitleaks.toml`: a gitleaks config (as gitleaks' README
// documents it) turned into a .leakguard.toml, with a note for everything that has no
// exact equivalent. Pure: the caller reads files and writes the result.
import { parse } from "smol-toml";
import { UsageError } from "../types.js";

type Table = Record<string, unknown>;

export interface ImportedAllowlist {
  description?: string;
  regexes?: string[];
  regexTarget?: "secret" | "match" | "line";
  stopwords?: string[];
  paths?: string[];
}

export interface ImportedRule {
  id: string;
  description: string;
  regex: string;
  secretGroup?: number;
  keywords: string[];
  entropy?: number;
  tags?: string[];
  allowlist?: ImportedAllowlist;
}

export interface ImportedConfig {
  title?: string;
  extend?: { useDefault: boolean; disabledRules?: string[] };
  rules?: ImportedRule[];
  allowlist?: ImportedAllowlist;
}

export interface ImportResult {
  config: ImportedConfig;
  /** What could not be converted exactly, one line each. */
  notes: string[];
}

const table = (v: unknown): Table | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Table) : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);
const tables = (v: unknown): Table[] => (Array.isArray(v) ? v.map(table).filter((t): t is Table => t !== undefined) : []);

/** gitleaks' old single `allowlist` table and the newer `allowlists` array, together. */
function allowlistsOf(t: Table): Table[] {
  return [...(table(t.allowlist) ? [t.allowlist as Table] : []), ...tables(t.allowlists)];
}

function mergeAllowlists(lists: Table[], where: string, notes: string[]): ImportedAllowlist | undefined {
  if (!lists.length) return undefined;
  const out: ImportedAllowlist = {};
  const targets = new Set<string>();
  for (const a of lists) {
    if (typeof a.description === "string" && !out.description) out.description = a.description;
    for (const key of ["regexes", "stopwords", "paths"] as const) {
      const v = strings(a[key]);
      if (v?.length) out[key] = [...(out[key] ?? []), ...v];
    }
    if (a.regexTarget === "secret" || a.regexTarget === "match" || a.regexTarget === "line") targets.add(a.regexTarget);
    if (strings(a.commits)?.length) {
      notes.push(`${where}: allowlist commits (${strings(a.commits)!.length}) not converted: leakguard allows single findings per commit (the fingerprint with @commit in .leakguardignore, or a --baseline)`);
    }
    if (typeof a.condition === "string" && a.condition.toUpperCase() === "AND") {
      notes.push(`${where}: allowlist condition = "AND" not converted: each of its checks now allows on its own (OR), which allows more`);
    }
  }
  if (targets.size > 1) notes.push(`${where}: allowlists with different regexTargets merged; using '${[...targets][0]}'`);
  if (targets.size) out.regexTarget = [...targets][0] as ImportedAllowlist["regexTarget"];
  return out;
}

function convertRule(r: Table, notes: string[]): ImportedRule | undefined {
  const id = typeof r.id === "string" ? r.id : undefined;
  if (!id) {
    notes.push("a rule without an id was skipped");
    return undefined;
  }
  const where = `rule '${id}'`;
  if (typeof r.regex !== "string" || !r.regex) {
    if (typeof r.path === "string") notes.push(`${where}: path-only rule (reports files by name) not converted: leakguard rules match content`);
    else notes.push(`${where}: no regex; skipped`);
    return undefined;
  }
  if (typeof r.path === "string") notes.push(`${where}: its path condition was dropped (leakguard rules apply to every file)`);
  const out: ImportedRule = {
    id,
    description: typeof r.description === "string" && r.description ? r.description : id,
    regex: r.regex,
    keywords: (strings(r.keywords) ?? []).map((k) => k.toLowerCase()),
  };
  if (typeof r.secretGroup === "number") out.secretGroup = r.secretGroup;
  if (typeof r.entropy === "number") out.entropy = r.entropy;
  if (strings(r.tags)?.length) out.tags = strings(r.tags);
  const allow = mergeAllowlists(allowlistsOf(r), where, notes);
  if (allow) out.allowlist = allow;
  return out;
}

/**
 * Converts gitleaks config text. `readExtended(path)` returns the text of an `[extend]
 * path` file (relative to the config), which is folded in as gitleaks does.
 */
export function importGitleaksConfig(text: string, label: string, readExtended: (path: string) => string, depth = 0): ImportResult {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (err) {
    throw new UsageError(`${label}: invalid TOML: ${(err as Error).message.split("\n")[0]}`);
  }
  const notes: string[] = [];
  const config: ImportedConfig = {};
  if (typeof doc.title === "string") config.title = doc.title;
  let rules: ImportedRule[] = [];
  const globalLists = allowlistsOf(doc);

  const extend = table(doc.extend);
  let useDefault = extend?.useDefault === true;
  if (extend) {
    if (typeof extend.url === "string") notes.push(`[extend] url ${extend.url} not fetched: download it and use [extend] path`);
    if (typeof extend.path === "string") {
      if (depth >= 2) throw new UsageError(`${label}: [extend] path nested more than twice (gitleaks stops there too)`);
      const base = importGitleaksConfig(readExtended(extend.path), extend.path, readExtended, depth + 1);
      notes.push(...base.notes.filter((n) => !n.includes("useDefault")).map((n) => `${extend.path}: ${n}`));
      useDefault ||= base.config.extend?.useDefault === true;
      rules = base.config.rules ?? [];
      if (base.config.allowlist) globalLists.unshift(base.config.allowlist as Table);
    }
  }
  config.extend = { useDefault };
  if (useDefault) notes.push("[extend] useDefault: leakguard's own built-in rules are used (gitleaks' default rules are not copied)");
  else if (depth === 0) notes.push("no [extend] useDefault: as in gitleaks, only this config's rules are used; set [extend] useDefault = true to add leakguard's built-in rules");
  const disabled = strings(extend?.disabledRules);
  if (disabled?.length) {
    config.extend.disabledRules = disabled;
    notes.push(`[extend] disabledRules name gitleaks rule ids; only those leakguard also has are kept`);
  }

  for (const r of tables(doc.rules)) {
    const converted = convertRule(r, notes);
    if (!converted) continue;
    // A rule with the same id as an extended one replaces it, as in gitleaks.
    rules = [...rules.filter((x) => x.id !== converted.id), converted];
  }
  // [[allowlists]] with targetRules belong to those rules.
  const untargeted: Table[] = [];
  for (const a of globalLists) {
    const target = strings(a.targetRules);
    if (!target?.length) {
      untargeted.push(a);
      continue;
    }
    for (const id of target) {
      const rule = rules.find((x) => x.id === id);
      if (!rule) {
        notes.push(`allowlist for rule '${id}': no such rule in this config; not converted`);
        continue;
      }
      rule.allowlist = mergeAllowlists([...(rule.allowlist ? [rule.allowlist as Table] : []), a], `rule '${id}'`, notes);
    }
  }
  const global = mergeAllowlists(untargeted, "[allowlist]", notes);
  if (global) config.allowlist = global;
  if (rules.length) config.rules = rules;
  return { config, notes };
}
