// `leakguard config import .gitleaks.toml`: writes the equivalent .leakguard.toml and
// says, one line each, what had no exact equivalent.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Argv } from "yargs";
import { UsageError } from "../types.js";
import { runCommand } from "./run.js";

interface ImportArgs {
  file: string;
  output: string;
  force: boolean;
}

export const configCommand = {
  command: "config",
  describe: "configuration helpers (config import .gitleaks.toml)",
  builder: (y: Argv) =>
    y
      .command({
        command: "import <file>",
        describe: "convert a gitleaks config to .leakguard.toml",
        builder: (yy: Argv) =>
          yy
            .positional("file", { type: "string", demandOption: true, describe: "the gitleaks config (.gitleaks.toml)" })
            .option("output", { alias: "o", type: "string", default: ".leakguard.toml", describe: "where to write ('-': stdout)" })
            .option("force", { type: "boolean", default: false, describe: "overwrite an existing output file" }),
        handler: (a: ImportArgs) => runCommand(() => runImport(a)),
      })
      .demandCommand(1, "name a config subcommand: import"),
  handler: () => undefined,
};

async function runImport(a: ImportArgs): Promise<number> {
  const [{ importGitleaksConfig }, { stringify }, { resolveConfigText }, { builtinRules }] = await Promise.all([
    import("../config/gitleaks-import.js"),
    import("smol-toml"),
    import("../config/load.js"),
    import("../config/resolve.js"),
  ]);
  const read = (path: string, label: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (err) {
      throw new UsageError(`${label}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  };
  if (a.output !== "-" && existsSync(a.output) && !a.force) throw new UsageError(`${a.output}: exists; use --force to overwrite, or -o another file`);
  const dir = dirname(resolve(a.file));
  const { config, notes } = importGitleaksConfig(read(a.file, a.file), a.file, (p) => read(resolve(dir, p), p));
  // disabledRules naming no leakguard rule would make the config fail to load.
  const disabled = config.extend?.disabledRules;
  if (config.extend && disabled?.length) {
    const known = new Set([...(config.extend.useDefault ? (await builtinRules()).map((r) => r.id) : []), ...(config.rules ?? []).map((r) => r.id)]);
    const kept = disabled.filter((id) => known.has(id));
    if (kept.length < disabled.length) notes.push(`[extend] disabledRules dropped (no leakguard rule has these ids): ${disabled.filter((id) => !known.has(id)).join(", ")}`);
    if (kept.length) config.extend.disabledRules = kept;
    else delete config.extend.disabledRules;
  }
  const text = `# Converted from ${a.file} by \`leakguard config import\`.\n` + stringify(config) + "\n";
  // The result must load as a leakguard config (rule regexes compile in RE2, ids are valid).
  const builtin = await builtinRules();
  const label = `${a.file} (converted)`;
  resolveConfigText({ text, label, read: (rel) => readConfigBeside(dir, rel, label) }, () => builtin);
  if (a.output === "-") process.stdout.write(text);
  else {
    writeFileSync(a.output, text);
  }
  for (const n of notes) process.stderr.write(`leakguard: ${n}\n`);
  process.stderr.write(
    `leakguard: converted ${config.rules?.length ?? 0} rule(s)${config.allowlist ? " and the global allowlist" : ""}` +
      (a.output === "-" ? "" : ` to ${a.output}`) +
      (notes.length ? `; ${notes.length} note(s) above` : "") +
      "\n",
  );
  return 0;
}

/** A file the converted config extends, read beside the gitleaks config it came from. */
function readConfigBeside(dir: string, rel: string, label: string): string {
  try {
    return readFileSync(resolve(dir, rel), "utf8");
  } catch (err) {
    throw new UsageError(`${label}: extend.paths: ${rel}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
