// Resolves the config for a scan. Without a user config the built-in rules come from the
// pre-validated dist/rules.json; the TOML parser and schema library load only when needed.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { RuleSpec } from "../types.js";
import { DEFAULT_CONFIG_NAME, readCompiledRules, type LoadConfigOptions, type ResolvedConfig } from "./settings.js";

let builtin: RuleSpec[] | undefined;

/** The built-in rule pack: compiled JSON when fresh, else parsed and validated TOML. */
export async function builtinRules(): Promise<RuleSpec[]> {
  if (builtin) return builtin;
  builtin = readCompiledRules();
  if (!builtin) builtin = (await import("./load.js")).loadBuiltinRules();
  return builtin;
}

/** Built-in rules plus the user's config. Throws UsageError on any problem. */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  let text: string | null = null;
  let label = opts.configLabel ?? "config";
  let baseDir = opts.root ? resolve(opts.root) : process.cwd();
  if (opts.configFile) {
    const { readConfigFile } = await import("./load.js");
    label = opts.configFile;
    text = readConfigFile(opts.configFile, label);
    baseDir = dirname(resolve(opts.configFile));
  } else if (opts.configText !== undefined) {
    text = opts.configText;
  } else if (opts.root) {
    const p = join(opts.root, DEFAULT_CONFIG_NAME);
    try {
      text = readFileSync(p, "utf8");
      label = relative(process.cwd(), p) || DEFAULT_CONFIG_NAME;
    } catch {
      text = null;
    }
  }
  const rules = await builtinRules();
  if (text === null) return { rules, allowlist: {}, scan: { exclude: [], include: [], defaultExcludes: true } };
  const { resolveConfigText } = await import("./load.js");
  return resolveConfigText(text, label, baseDir, () => rules);
}
