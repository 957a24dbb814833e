// `leakguard staged --self-test`: what `install` runs through the hook's own command to
// prove the hook will work: this leakguard starts, its rules load, and the regex engine's
// native addon (re2) compiles and runs them. Nothing is scanned.
import { readCompiledRules } from "../config/settings.js";
import { Detector } from "../detect/detector.js";
import { VERSION } from "../version.js";

export async function runSelfTest(): Promise<number> {
  const rules = readCompiledRules() ?? (await import("../config/load.js")).loadBuiltinRules();
  if (!rules.length) throw new Error("self-test: no rules loaded");
  // Compiles every rule in RE2 and runs them once over a line that holds no secret.
  new Detector(rules).detect(Buffer.from("leakguard self-test\n"), "self-test.txt");
  process.stdout.write(`leakguard ${VERSION}: self-test ok (${rules.length} rules, node ${process.version})\n`);
  return 0;
}
