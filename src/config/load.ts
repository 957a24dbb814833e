// Loads the built-in rule pack and a user's .leakguard.toml into one resolved config.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { re2 } from "../re2.js";
import type { RuleSpec } from "../types.js";
import { UsageError } from "../types.js";
import { VALIDATORS } from "../detect/validators.js";
import { countGroups } from "../detect/groups.js";
import { PARSER_RULE_IDS } from "../detect/parsers/index.js";
import { loadKeyedTables } from "./keyed.js";
import { KEYED_DIR } from "./settings.js";
import { describeZodError, ruleFileSchema, ruleSchema, userConfigSchema } from "./schema.js";
import { tomlErrorDetail } from "../parse-errors.js";
import { BUILTIN_RULES_DIR, parseSize, type ConfigFiles, type ResolvedConfig } from "./settings.js";

export { BUILTIN_RULES_DIR, DEFAULT_CONFIG_NAME, DEFAULT_MAX_FILE_SIZE, parseSize } from "./settings.js";
export type { LoadConfigOptions, ResolvedConfig, ScanSettings } from "./settings.js";

function tomlError(label: string, err: unknown): UsageError {
  return new UsageError(`${label}: invalid TOML at ${tomlErrorDetail(err)}`);
}

function checkRegex(source: string, label: string): void {
  try {
    new (re2())(source, "u");
  } catch (err) {
    throw new UsageError(`${label}: invalid regex: ${(err as Error).message}`);
  }
}

/** Texts on which a regex that can match nothing at all shows it (RE2 has no static check). */
const EMPTY_PROBES = ["", " ", "a", "Z", "0", "_", "-", "a b", "\n", "\r\n", "=", "\"", "'", "é"];

/**
 * A regex that can match the empty string makes the scan try it at every byte (a 20 MB
 * line took minutes) and reports nothing useful: rejected on load.
 */
function checkNoEmptyMatch(source: string, label: string): void {
  const re = new (re2())(source, "gu");
  for (const probe of EMPTY_PROBES) {
    re.lastIndex = 0;
    for (let m = re.exec(probe); m; m = re.exec(probe)) {
      if (m[0] === "") throw new UsageError(`${label}: regex can match the empty string`);
    }
  }
}

/** Validates raw rule tables from one file; throws UsageError naming file and rule. */
export function validateRules(raw: unknown[], file: string): RuleSpec[] {
  const out: RuleSpec[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    const id =
      entry && typeof entry === "object" && typeof (entry as { id?: unknown }).id === "string"
        ? (entry as { id: string }).id
        : undefined;
    const label = id ? `${file}: rule '${id}'` : `${file}: rule #${i + 1}`;
    if (!id) throw new UsageError(`${label}: missing id`);
    const parsed = ruleSchema.safeParse(entry);
    if (!parsed.success) throw new UsageError(`${label}: ${describeZodError(parsed.error)}`);
    const rule: RuleSpec = { ...parsed.data, source: file };
    if (seen.has(rule.id)) throw new UsageError(`${label}: duplicate id`);
    seen.add(rule.id);
    checkRegex(rule.regex, label);
    checkNoEmptyMatch(rule.regex, label);
    for (const r of rule.allowlist?.regexes ?? []) checkRegex(r, `${label}: allowlist`);
    for (const r of rule.allowlist?.paths ?? []) checkRegex(r, `${label}: allowlist path`);
    if (rule.keywords.some((k) => k !== k.toLowerCase())) {
      throw new UsageError(`${label}: keywords must be lower-case`);
    }
    if (rule.validate !== undefined && !KNOWN_VALIDATORS.has(rule.validate)) {
      throw new UsageError(`${label}: unknown validate '${rule.validate}'`);
    }
    const groups = countGroups(rule.regex);
    if (rule.secretGroup !== undefined && rule.secretGroup > groups) {
      throw new UsageError(`${label}: secretGroup ${rule.secretGroup} but the regex has ${groups} group(s)`);
    }
    out.push(rule);
  });
  return out;
}

const KNOWN_VALIDATORS = new Set(Object.keys(VALIDATORS));

/** Parses one rule file (TOML text with [[rules]]). */
export function parseRuleFile(text: string, file: string): RuleSpec[] {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (err) {
    throw tomlError(file, err);
  }
  const parsed = ruleFileSchema.safeParse(doc);
  if (!parsed.success) throw new UsageError(`${file}: ${describeZodError(parsed.error)}`);
  return validateRules(parsed.data.rules, file);
}

let builtinCache: RuleSpec[] | undefined;

/**
 * All rules shipped in rules/*.toml, validated; ids are unique across files. The CLI
 * normally reads the same rules pre-validated from dist/rules.json (see settings.ts).
 */
export function loadBuiltinRules(): RuleSpec[] {
  if (builtinCache) return builtinCache;
  const files = readdirSync(BUILTIN_RULES_DIR)
    .filter((f) => f.endsWith(".toml"))
    .sort();
  const all: RuleSpec[] = [];
  const owner = new Map<string, string>();
  const add = (rules: RuleSpec[], label: string) => {
    for (const rule of rules) {
      const prev = owner.get(rule.id);
      if (prev) throw new UsageError(`${label}: rule '${rule.id}': duplicate id (also in ${prev})`);
      owner.set(rule.id, label);
      all.push(rule);
    }
  };
  for (const f of files) {
    const label = `rules/${f}`;
    add(parseRuleFile(readFileSync(join(BUILTIN_RULES_DIR, f), "utf8"), label), label);
  }
  // The keyed service table expands into rules here, so compile-rules and tests see them.
  for (const [label, raw] of loadKeyedTables(join(BUILTIN_RULES_DIR, KEYED_DIR), `rules/${KEYED_DIR}`)) add(validateRules(raw, label), label);
  builtinCache = all;
  return all;
}

/** Validates a user config and merges it with the built-in rules. */
export function resolveConfigText(files: ConfigFiles, builtin: () => RuleSpec[] = loadBuiltinRules): ResolvedConfig {
  const label = files.label;
  if (files.text === null) return { rules: builtin(), allowlist: {}, scan: { exclude: [], include: [], defaultExcludes: true } };
  let doc: unknown;
  try {
    doc = parseToml(files.text);
  } catch (err) {
    throw tomlError(label, err);
  }
  const parsed = userConfigSchema.safeParse(doc);
  if (!parsed.success) throw new UsageError(`${label}: ${describeZodError(parsed.error)}`);
  const cfg = parsed.data;
  const userRules = validateRules(cfg.rules ?? [], label);
  for (const extra of cfg.extend?.paths ?? []) userRules.push(...parseRuleFile(files.read(extra), `${label}: ${extra}`));
  // A repository's config must never choose where a found secret is sent.
  const verifying = userRules.find((r) => r.verify || r.revoke);
  if (verifying) throw new UsageError(`${label}: rule '${verifying.id}': verify and revoke blocks are allowed only in built-in rules`);
  const useDefault = cfg.extend?.useDefault ?? true;
  const byId = new Map<string, RuleSpec>();
  if (useDefault) for (const r of builtin()) byId.set(r.id, r);
  const disabled = new Set(cfg.extend?.disabledRules ?? []);
  const disabledParsers = new Set(useDefault ? PARSER_RULE_IDS.filter((id) => disabled.has(id)) : PARSER_RULE_IDS);
  for (const id of disabled) {
    if (!byId.delete(id) && !userRules.some((r) => r.id === id) && !disabledParsers.has(id)) throw new UsageError(`${label}: extend.disabledRules: unknown rule '${id}'`);
  }
  for (const r of userRules) {
    // Replacing a built-in rule must be said out loud: a redefined id could quietly
    // turn a rule into one that never matches.
    if (byId.has(r.id)) throw new UsageError(`${label}: rule '${r.id}' has the id of a built-in rule; list it in extend.disabledRules to replace it`);
    byId.set(r.id, r);
  }
  const allowlist = cfg.allowlist ?? {};
  for (const r of allowlist.regexes ?? []) checkRegex(r, `${label}: allowlist`);
  for (const r of allowlist.paths ?? []) checkRegex(r, `${label}: allowlist path`);
  const s = cfg.scan ?? {};
  return {
    rules: [...byId.values()],
    allowlist,
    scan: {
      exclude: s.exclude ?? [],
      include: s.include ?? [],
      defaultExcludes: s.defaultExcludes ?? true,
      maxFileSize: s.maxFileSize === undefined ? undefined : parseSize(s.maxFileSize, `${label}: scan.maxFileSize`),
      gitignore: s.gitignore,
    },
    source: label,
    ...(disabledParsers.size ? { disabledParsers } : {}),
  };
}
