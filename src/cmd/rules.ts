// `leakguard rules` lists the rules in force; `leakguard rules test FILE` checks a rule
// file against its own examples.
import { readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { loadConfig } from "../config/resolve.js";
import { UsageError } from "../types.js";
import { runCommand } from "./run.js";

interface RulesArgs {
  config?: string;
  format: "text" | "json";
}

export const rulesCommand = {
  command: "rules",
  describe: "list rules, or test a rule file against its examples",
  builder: (y: Argv) =>
    y
      .option("config", { alias: "c", type: "string", describe: "config file" })
      .option("format", { alias: "f", choices: ["text", "json"] as const, default: "text" as const })
      .command({
        command: "test <file>",
        describe: "run a rule file's (or a .leakguard.toml's) truePositives/falsePositives; says which filter dropped a true positive",
        builder: (yy: Argv) => yy.positional("file", { type: "string", demandOption: true }),
        handler: (a: { file: string }) => runCommand(async () => testRuleFile(a.file)),
      })
      .command({
        command: "$0",
        describe: false,
        handler: (a) => runCommand(async () => listRules(a as unknown as RulesArgs)),
      }),
  handler: () => undefined,
};

async function listRules(a: RulesArgs): Promise<number> {
  const cfg = await loadConfig({ root: process.cwd(), configFile: a.config });
  if (a.format === "json") {
    const list = cfg.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity ?? "high", tags: r.tags ?? [], keywords: r.keywords }));
    process.stdout.write(JSON.stringify(list, null, 2) + "\n");
  } else {
    const w = Math.max(...cfg.rules.map((r) => r.id.length));
    for (const r of cfg.rules) process.stdout.write(`${r.id.padEnd(w)}  ${r.description}  [${(r.tags ?? []).join(", ")}]\n`);
    process.stderr.write(`leakguard: ${cfg.rules.length} rules\n`);
  }
  return 0;
}

async function testRuleFile(file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  // The TOML parser, schemas and detector load only for this command.
  const [{ parseRuleFile }, { checkRuleExamples }, cfgTest] = await Promise.all([
    import("../config/load.js"),
    import("../detect/examples.js"),
    import("../config/rules-test-config.js"),
  ]);
  // A .leakguard.toml is checked through its own rules and its global allowlist.
  const asConfig = cfgTest.isUserConfigText(text, file);
  const rules = asConfig ? cfgTest.userConfigRules(text, file) : parseRuleFile(text, file);
  const dropped = asConfig ? cfgTest.userConfigDropCheck(text, file) : undefined;
  let failed = 0;
  let passed = 0;
  for (const r of rules) {
    const res = checkRuleExamples(r, undefined, dropped);
    passed += res.passed;
    for (const f of res.failures) {
      failed++;
      process.stdout.write(`FAIL ${r.id}: ${f}\n`);
    }
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}
