// Build step (`npm run build`): compiles the native keyword matcher when Hyperscan's
// headers are installed (Debian/Ubuntu: libhyperscan-dev) and copies it into dist/.
// Without them, or if the compiler fails, the scan uses its RE2.Set keyword pass.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const source = fileURLToPath(new URL("../../../src/detect/native/", import.meta.url));
const target = `${here}keywords.node`;

function say(line: string): void {
  process.stdout.write(`leakguard: ${line}\n`);
}

// A copy from an earlier build would outlive the library it was linked against.
rmSync(target, { force: true });
if (!["/usr/include/hs/hs.h", "/usr/local/include/hs/hs.h"].some((p) => existsSync(p))) {
  say("native keyword matcher not built (no Hyperscan headers; apt-get install libhyperscan-dev); using RE2.Set");
} else {
  const built = `${source}build/Release/keywords.node`;
  let status: number | null = null;
  let errors = "";
  try {
    const gyp = createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
    const r = spawnSync(process.execPath, [gyp, "rebuild", "--directory", source], { encoding: "utf8" });
    status = r.status;
    errors = r.stderr.split("\n").filter((l) => /error/i.test(l)).slice(0, 5).join("\n");
  } catch (err) {
    errors = String(err);
  }
  if (status === 0 && existsSync(built)) {
    copyFileSync(built, target);
    say("built the native keyword matcher (Hyperscan)");
  } else {
    say(`native keyword matcher failed to build (node-gyp exit ${status}); using RE2.Set`);
    if (errors) process.stdout.write(errors + "\n");
  }
}
