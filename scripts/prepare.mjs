// `prepare` lifecycle: npm runs it after a plain `npm install` in a clone (build, then
// set up husky), in the temporary clone of a git-URL install (build; husky is absent
// there), and after `prepack` on `npm pack`/`npm publish`, which has just built
// everything. Nothing goes to stdout: `npm pack`'s stdout is the tarball's name, which
// tools such as the pre-commit framework read.
import { spawnSync } from "node:child_process";

const npm = process.env.npm_execpath;
if (process.env.npm_command === "pack" || process.env.npm_command === "publish") process.exit(0);

const build = npm
  ? spawnSync(process.execPath, [npm, "run", "--silent", "build"], { stdio: ["ignore", 2, 2] })
  : spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
if (build.status !== 0) process.exit(build.status ?? 1);

// husky is a dev dependency: missing for consumers, and harmless outside a git checkout.
spawnSync("husky", [], { stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
