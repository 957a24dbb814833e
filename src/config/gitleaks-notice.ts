// A repository that moved from gitleaks keeps its .gitleaks.toml; leakguard does not read
// it, and a silent difference in what is allowed would surprise. Said once per scan.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG_NAME } from "./settings.js";

export function gitleaksConfigNotice(root: string, configGiven: boolean): string | undefined {
  if (configGiven || existsSync(join(root, DEFAULT_CONFIG_NAME))) return undefined;
  if (!existsSync(join(root, ".gitleaks.toml"))) return undefined;
  return `note: found .gitleaks.toml and no ${DEFAULT_CONFIG_NAME}; leakguard does not read gitleaks' config (its allowlists do not apply)`;
}
