// Build step (`npm run build`): validates rules/*.toml and writes dist/rules.json, the
// form the CLI loads at start-up. Examples are dropped: only `rules test` needs them.
import { writeFileSync } from "node:fs";
import { loadBuiltinRules } from "./load.js";
import { COMPILED_RULES_FILE, type CompiledRules } from "./settings.js";
import type { AllowlistSpec } from "../types.js";

const rules = loadBuiltinRules().map(({ truePositives, falsePositives, source, references, ...r }) => {
  void references;
  void truePositives;
  void falsePositives;
  void source;
  return r;
});
// The generated rules share a few large allowlists: each is written once (half the file,
// which every start-up reads and parses) and rules name it by index.
const allowlists: AllowlistSpec[] = [];
const indexOf = new Map<string, number>();
const pack: CompiledRules = {
  allowlists,
  rules: rules.map(({ allowlist, ...r }) => {
    if (!allowlist) return r;
    const key = JSON.stringify(allowlist);
    let i = indexOf.get(key);
    if (i === undefined) indexOf.set(key, (i = allowlists.push(allowlist) - 1));
    return { ...r, allowlist: i };
  }),
};
// ASCII only (\uXXXX escapes): settings.ts reads it as latin1.
writeFileSync(COMPILED_RULES_FILE, JSON.stringify(pack).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
process.stdout.write(`leakguard: compiled ${rules.length} rules to dist/rules.json\n`);
