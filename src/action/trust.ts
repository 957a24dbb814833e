// On pull requests the allowlist (.leakguard.toml), .leakguardignore and baseline are
// read from the base commit: a pull request must not silence the scan of its own diff by
// editing the files it is checked against.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { UsageError } from "../types.js";
import { configAt, fileAt } from "../git/config-at.js";
import type { ConfigFiles } from "../config/settings.js";

export interface TrustedFiles {
  /** Undefined: the checkout's own files (a full scan of the default branch). */
  config?: ConfigFiles;
  ignoreText?: string | null;
  baselineText?: string;
  notes: string[];
}

/** A path input as a path inside the repository, or null when it points outside it. */
export function repoRelative(repoDir: string, workspace: string, input: string): string | null {
  const abs = isAbsolute(input) ? input : resolve(workspace, input);
  const rel = relative(repoDir, abs);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return null;
  return rel.split(sep).join("/");
}

/**
 * Config (with what it extends), .leakguardignore and baseline as of `rev`, the revision
 * the change under check starts from; `rev` null: no trusted revision exists (the first
 * push of a repository), so the built-in rules apply.
 */
export function readTrusted(
  repoDir: string,
  workspace: string,
  rev: string | null,
  inputs: { config?: string; baseline?: string },
): TrustedFiles {
  if (rev === null) {
    return { config: { text: null, label: "built-in rules", read: () => "" }, ignoreText: null, notes: ["no commit before this push to read the config from; using the built-in rules"] };
  }
  const short = rev.slice(0, 12);
  const notes: string[] = [];
  const configPath = inputs.config ? repoRelative(repoDir, workspace, inputs.config) : ".leakguard.toml";
  if (configPath === null) throw new UsageError(`input 'config': ${inputs.config} is outside the repository, so it cannot be read from the trusted commit (set config-from-base: false)`);
  const trusted = configAt(repoDir, rev, { configPath });
  if (trusted.files.text === null && inputs.config) notes.push(`${configPath} does not exist at ${short}; using the default rules`);
  let baselineText: string | undefined;
  if (inputs.baseline) {
    const rel = repoRelative(repoDir, workspace, inputs.baseline);
    if (rel === null) throw new UsageError(`input 'baseline': ${inputs.baseline} is outside the repository, so it cannot be read from the trusted commit (set config-from-base: false)`);
    baselineText = fileAt(repoDir, rev, rel) ?? undefined;
    if (baselineText === undefined) notes.push(`${rel} does not exist at ${short}; no baseline applied`);
  }
  return { config: trusted.files, ignoreText: trusted.ignoreText, baselineText, notes };
}
