// `npm run bench`: every benchmark, one after the other (each prints a markdown table).
// BENCH_ONLY=scan,git,... runs a subset.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const all = ["scan", "small-scan", "git", "staged", "revoke", "verify", "org", "findings-memory"];
const only = process.env.BENCH_ONLY?.split(",") ?? all;
let failed = 0;
for (const name of all.filter((n) => only.includes(n))) {
  const file = new URL(`./${name}.mjs`, import.meta.url).pathname;
  if (!existsSync(file)) continue;
  const r = spawnSync(process.execPath, [file], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.error(`bench ${name} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
