// On pull requests the allowlist (.leakguard.toml), .leakguardignore and baseline are
// read from the base commit: a pull request must not silence the scan of its own diff by
// editing the files it is checked against.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { UsageError } from "../types.js";
import { showFile } from "./git.js";

export interface TrustedFiles {
  configText?: string | null;
  configLabel?: string;
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

export async function readFromBase(
  repoDir: string,
  workspace: string,
  base: string,
  inputs: { config?: string; baseline?: string },
): Promise<TrustedFiles> {
  const short = base.slice(0, 12);
  const notes: string[] = [];
  const configPath = inputs.config ? repoRelative(repoDir, workspace, inputs.config) : ".leakguard.toml";
  if (configPath === null) throw new UsageError(`input 'config': ${inputs.config} is outside the repository, so it cannot be read from the base commit (set config-from-base: false)`);
  const configText = await showFile(repoDir, base, configPath);
  if (configText === null && inputs.config) notes.push(`${configPath} does not exist at the base commit ${short}; using the default rules`);
  const ignoreText = await showFile(repoDir, base, ".leakguardignore");
  let baselineText: string | undefined;
  if (inputs.baseline) {
    const rel = repoRelative(repoDir, workspace, inputs.baseline);
    if (rel === null) throw new UsageError(`input 'baseline': ${inputs.baseline} is outside the repository, so it cannot be read from the base commit (set config-from-base: false)`);
    baselineText = (await showFile(repoDir, base, rel)) ?? undefined;
    if (baselineText === undefined) notes.push(`${rel} does not exist at the base commit ${short}; no baseline applied`);
  }
  return { configText, configLabel: `${configPath}@${short}`, ignoreText, baselineText, notes };
}
