// `leakguard baseline FILE [PATH]`: records today's findings so later scans report only new ones.
import { writeFileSync } from "node:fs";
import type { Argv } from "yargs";
import { buildBaseline } from "../filter/baseline.js";
import { UsageError } from "../types.js";
import { captureFindings } from "./scan.js";
import { runCommand } from "./run.js";

export const baselineCommand = {
  command: "baseline <file> [path]",
  describe: "write a baseline of the current findings (fingerprints only, no secrets)",
  builder: (y: Argv) =>
    y
      .positional("file", { type: "string", demandOption: true })
      .positional("path", { type: "string", default: "." })
      .option("config", { alias: "c", type: "string" }),
  handler: (a: { file: string; path: string; config?: string }) =>
    runCommand(async () => {
      const { findings: captured } = await captureFindings(a.path, a.config);
      try {
        writeFileSync(a.file, JSON.stringify(buildBaseline(captured), null, 2) + "\n");
      } catch (err) {
        throw new UsageError(`${a.file}: cannot write baseline (${(err as NodeJS.ErrnoException).code ?? err})`);
      }
      process.stderr.write(`leakguard: baseline of ${captured.length} finding(s) written to ${a.file}\n`);
      return 0;
    }),
};
