// Resolves the config for a scan. Without a user config the built-in rules come from the
// pre-validated dist/rules.json; the TOML parser and schema library load only when needed.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { UsageError, type RuleSpec } from "../types.js";
import { DEFAULT_CONFIG_NAME, readCompiledRules, type ConfigFiles, type LoadConfigOptions, type ResolvedConfig } from "./settings.js";

let builtin: RuleSpec[] | undefined;

/** The built-in rule pack: compiled JSON when fresh, else parsed and validated TOML. */
export async function builtinRules(): Promise<RuleSpec[]> {
  if (builtin) return builtin;
  builtin = readCompiledRules();
  if (!builtin) builtin = (await import("./load.js")).loadBuiltinRules();
  return builtin;
}

/** A config on disk: extended files are read relative to its folder. */
export function configFilesOnDisk(path: string, label: string, required: boolean): ConfigFiles {
  let text: string | null = null;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (required) throw new UsageError(`${label}: cannot read config (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const dir = dirname(resolve(path));
  return {
    text,
    label,
    read(rel) {
      try {
        return readFileSync(resolve(dir, rel), "utf8");
      } catch (err) {
        throw new UsageError(`${label}: extend.paths: ${rel}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    },
  };
}

/** Built-in rules plus the user's config. Throws UsageError on any problem. */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  let files = opts.files;
  if (!files && opts.configFile) files = configFilesOnDisk(opts.configFile, opts.configFile, true);
  if (!files && opts.root) {
    const p = join(opts.root, DEFAULT_CONFIG_NAME);
    files = configFilesOnDisk(p, relative(process.cwd(), p) || DEFAULT_CONFIG_NAME, false);
  }
  const rules = await builtinRules();
  if (!files || files.text === null) return { rules, allowlist: {}, scan: { exclude: [], include: [], defaultExcludes: true } };
  const { resolveConfigText } = await import("./load.js");
  return resolveConfigText(files, () => rules);
}
