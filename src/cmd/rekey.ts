// `leakguard rekey [PATH] [--baseline FILE]`: moves an ignore file and a baseline written
// before keyed hashes to the repository's key. The scan finds which old entries still
// match a secret; those entries are rewritten to their keyed fingerprints.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Argv } from "yargs";
import { ensureRepositoryKey } from "../engine/hash-key.js";
import { IGNORE_FILE_NAME } from "../filter/ignore-file.js";
import { rekeyBaselineText, rekeyIgnoreText } from "../filter/rekey.js";
import { UsageError } from "../types.js";
import { runCommand } from "./run.js";
import { captureFindings } from "./scan.js";

function readIf(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

export const rekeyCommand = {
  command: "rekey [path]",
  describe: "rewrite unkeyed fingerprints of older versions in .leakguardignore (and a baseline) to keyed ones",
  builder: (y: Argv) =>
    y
      .positional("path", { type: "string", default: ".", describe: "the repository's top folder" })
      .option("baseline", { type: "string", describe: "a baseline file to rewrite too" })
      .option("config", { alias: "c", type: "string" }),
  handler: (a: { path: string; baseline?: string; config?: string }) =>
    runCommand(async () => {
      const root = resolve(a.path);
      const log = (line: string): void => void process.stderr.write(`leakguard: ${line}\n`);
      ensureRepositoryKey(root, process.env, log);
      const result = await captureFindings(a.path, a.config, a.baseline);
      const matches = result.legacyMatches ?? new Map<string, string>();
      const ignorePath = join(root, IGNORE_FILE_NAME);
      const ignoreText = readIf(ignorePath);
      if (ignoreText !== null) {
        const r = rekeyIgnoreText(ignoreText, matches);
        if (r.changed) write(ignorePath, r.text);
        log(`${IGNORE_FILE_NAME}: ${r.changed} entr${r.changed === 1 ? "y" : "ies"} rekeyed`);
      }
      if (a.baseline) {
        const text = readIf(a.baseline);
        const r = text === null ? undefined : rekeyBaselineText(text, matches);
        if (!r) throw new UsageError(`${a.baseline}: not a leakguard baseline file (make a new one with leakguard baseline)`);
        if (r.changed) write(a.baseline, r.text);
        log(`${a.baseline}: ${r.changed} entr${r.changed === 1 ? "y" : "ies"} rekeyed`);
      }
      return 0;
    }),
};
