// `leakguard rules` lists the rules in force; `leakguard rules test FILE` checks a rule
// file against its own examples.
import { readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { loadConfig } from "../config/resolve.js";
import { UsageError } from "../types.js";
import { runCommand } from "./run.js";
import { countRules, formatCounts, ruleInfo } from "./rule-stats.js";

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
        describe: "run a rule file's, a keyed table's or a .leakguard.toml's truePositives/falsePositives; says which filter dropped a true positive",
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
  // The compiled pack (no `source`) drops examples and references: take them from the TOML pack.
  const { loadBuiltinRules } = await import("../config/load.js");
  const pack = new Map(loadBuiltinRules().map((r) => [r.id, r]));
  const list = cfg.rules.map((r) => ruleInfo(r.source === undefined ? (pack.get(r.id) ?? r) : r));
  if (a.format === "json") {
    process.stdout.write(JSON.stringify(list, null, 2) + "\n");
  } else {
    const w = Math.max(...list.map((r) => r.id.length));
    for (const r of list) process.stdout.write(`${r.id.padEnd(w)}  ${r.confidence.padEnd(6)}  ${r.description}  [${r.tags.join(", ")}]\n`);
    process.stdout.write("\n" + formatCounts(countRules(list)));
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
  const [{ parseRuleFile, validateRules }, { parseKeyedTable }, { checkRuleExamples }, cfgTest, { Detector }, { rehearseVerifier }] = await Promise.all([
    import("../config/load.js"),
    import("../config/keyed.js"),
    import("../detect/examples.js"),
    import("../config/rules-test-config.js"),
    import("../detect/detector.js"),
    import("../verify/rehearse.js"),
  ]);
  // A keyed service table ([[services]] rows) is checked through the rules it expands into;
  // a .leakguard.toml through its own rules and its global allowlist.
  const keyed = /^[ \t]*\[\[services\]\]/m.test(text);
  const asConfig = !keyed && cfgTest.isUserConfigText(text, file);
  const rules = keyed ? validateRules(parseKeyedTable(text, file), file) : asConfig ? cfgTest.userConfigRules(text, file) : parseRuleFile(text, file);
  const dropped = asConfig ? cfgTest.userConfigDropCheck(text, file) : undefined;
  let failed = 0;
  let passed = 0;
  const verifiers = { rehearsed: 0, coded: 0 };
  for (const r of rules) {
    const detector = new Detector([r]);
    const res = checkRuleExamples(r, detector, dropped);
    // A verify block is rehearsed with the secret of its first true positive, against a
    // loopback server that plays the provider (never the provider itself).
    const example = r.verify ? (r.truePositives ?? []).map((tp) => detector.detect(Buffer.from(tp, "utf8"), "example.txt").find((c) => c.ruleId === r.id)).find(Boolean) : undefined;
    const rehearsal = example ? await rehearseVerifier(r, example.secret) : undefined;
    if (rehearsal?.coded) verifiers.coded++;
    else if (rehearsal) verifiers.rehearsed++;
    passed += res.passed + (rehearsal?.passed ?? 0);
    for (const f of [...res.failures, ...(rehearsal?.failures ?? [])]) {
      failed++;
      process.stdout.write(`FAIL ${r.id}: ${f}\n`);
    }
  }
  if (verifiers.rehearsed || verifiers.coded) {
    const coded = verifiers.coded ? `; ${verifiers.coded} coded verifier${verifiers.coded === 1 ? "" : "s"} not rehearsed (their own tests play the provider)` : "";
    process.stdout.write(`verifiers: ${verifiers.rehearsed} rehearsed against a loopback provider (live, invalid, unknown)${coded}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}
