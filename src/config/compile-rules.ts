// Build step (`npm run build`): validates rules/*.toml and writes dist/rules.json, the
// form the CLI loads at start-up. Examples are dropped: only `rules test` needs them.
import { writeFileSync } from "node:fs";
import { loadBuiltinRules } from "./load.js";
import { COMPILED_RULES_FILE } from "./settings.js";

const rules = loadBuiltinRules().map(({ truePositives, falsePositives, source, references, ...r }) => {
  void references;
  void truePositives;
  void falsePositives;
  void source;
  return r;
});
writeFileSync(COMPILED_RULES_FILE, JSON.stringify(rules));
process.stdout.write(`leakguard: compiled ${rules.length} rules to dist/rules.json\n`);
