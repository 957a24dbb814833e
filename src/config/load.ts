// Loads the built-in rule pack and a user's .leakguard.toml into one resolved config.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import RE2 from "re2";
import type { RuleSpec } from "../types.js";
import { UsageError } from "../types.js";
import { VALIDATORS } from "../detect/validators.js";
import { countGroups } from "../detect/groups.js";
import { describeZodError, ruleFileSchema, ruleSchema, userConfigSchema } from "./schema.js";
import { tomlErrorDetail } from "./parse-errors.js";
import { BUILTIN_RULES_DIR, parseSize, type ResolvedConfig } from "./settings.js";

export { BUILTIN_RULES_DIR, DEFAULT_CONFIG_NAME, DEFAULT_MAX_FILE_SIZE, parseSize } from "./settings.js";
export type { LoadConfigOptions, ResolvedConfig, ScanSettings } from "./settings.js";

function tomlError(label: string, err: unknown): UsageError {
  return new UsageError(`${label}: invalid TOML at ${tomlErrorDetail(err)}`);
}

function checkRegex(source: string, label: string): void {
  try {
    new RE2(source, "u");
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
  const re = new RE2(source, "gu");
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
  for (const f of files) {
    const label = `rules/${f}`;
    for (const rule of parseRuleFile(readFileSync(join(BUILTIN_RULES_DIR, f), "utf8"), label)) {
      const prev = owner.get(rule.id);
      if (prev) throw new UsageError(`${label}: rule '${rule.id}': duplicate id (also in ${prev})`);
      owner.set(rule.id, label);
      all.push(rule);
    }
  }
  builtinCache = all;
  return all;
}

/** Reads an operator- or user-named file for config purposes; UsageError names it. */
export function readConfigFile(path: string, label: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${label}: cannot read config (${code ?? (err as Error).message})`);
  }
}

/** Validates a user config and merges it with the built-in rules. */
export function resolveConfigText(
  text: string | null,
  label: string,
  baseDir: string,
  builtin: () => RuleSpec[] = loadBuiltinRules,
): ResolvedConfig {
  if (text === null) {
    return { rules: builtin(), allowlist: {}, scan: { exclude: [], include: [], defaultExcludes: true } };
  }
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (err) {
    throw tomlError(label, err);
  }
  const parsed = userConfigSchema.safeParse(doc);
  if (!parsed.success) throw new UsageError(`${label}: ${describeZodError(parsed.error)}`);
  const cfg = parsed.data;
  const userRules = validateRules(cfg.rules ?? [], label);
  for (const extra of cfg.extend?.paths ?? []) {
    const p = resolve(baseDir, extra);
    userRules.push(...parseRuleFile(readConfigFile(p, `${label}: extend.paths`), extra));
  }
  const useDefault = cfg.extend?.useDefault ?? true;
  const byId = new Map<string, RuleSpec>();
  if (useDefault) for (const r of builtin()) byId.set(r.id, r);
  for (const r of userRules) byId.set(r.id, r); // a user rule with a built-in id replaces it
  for (const id of cfg.extend?.disabledRules ?? []) {
    if (!byId.delete(id)) throw new UsageError(`${label}: extend.disabledRules: unknown rule '${id}'`);
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
  };
}
