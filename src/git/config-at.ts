// The config a check runs with, read from one trusted revision: `.leakguard.toml`,
// every file it extends, and `.leakguardignore` all come from the index (staged), the
// base commit (pull requests), the commit before the range (pushes) or the trusted side
// of a hook, never from the change under check.
import { posix } from "node:path";
import type { ConfigFiles } from "../config/settings.js";
import { DEFAULT_CONFIG_NAME } from "../config/settings.js";
import { UsageError } from "../types.js";
import { readObjectsSync, type CatFile } from "./cat-file.js";

export const IGNORE_FILE = ".leakguardignore";

export interface TrustedConfig {
  files: ConfigFiles;
  /** `.leakguardignore` at the same revision; null when absent. */
  ignoreText: string | null;
}

/** `:path` names the index; `<commit>:path` a commit (the caller resolved it to an id). */
function objectName(rev: string, path: string): string {
  return `${rev}:${path}`;
}

/** A path inside the repository, '/'-separated, or a UsageError: a config may not reach out. */
function repoPath(base: string, rel: string, label: string): string {
  const joined = posix.normalize(posix.join(posix.dirname(base), rel.replace(/\\/g, "/")));
  if (posix.isAbsolute(rel) || joined.startsWith("../") || joined === "..") {
    throw new UsageError(`${label}: extend.paths: ${rel} is outside the repository`);
  }
  return joined.replace(/^\.\//, "");
}

/** The trusted config from the two objects read at `rev`; files it extends are read from there too. */
function trustedConfig(cwd: string, rev: string, configPath: string, env: NodeJS.ProcessEnv | undefined, config: Buffer | null, ignore: Buffer | null): TrustedConfig {
  const where = rev ? `@${rev.slice(0, 12)}` : " (staged)";
  const label = `${configPath}${where}`;
  return {
    files: {
      text: config ? config.toString("utf8") : null,
      label,
      read(rel) {
        const path = repoPath(configPath, rel, label);
        const [data] = readObjectsSync([objectName(rev, path)], { cwd, env });
        if (!data) throw new UsageError(`${label}: extend.paths: ${rel} does not exist${where}`);
        return data.toString("utf8");
      },
    },
    ignoreText: ignore ? ignore.toString("utf8") : null,
  };
}

/**
 * Reads the config (at `configPath`, default `.leakguard.toml`) and ignore file from
 * `rev` ("" for the index, else a commit id) in the repository at `cwd`.
 */
export function configAt(cwd: string, rev: string, o: { configPath?: string; env?: NodeJS.ProcessEnv } = {}): TrustedConfig {
  const configPath = o.configPath ?? DEFAULT_CONFIG_NAME;
  const [config, ignore] = readObjectsSync([objectName(rev, configPath), objectName(rev, IGNORE_FILE)], { cwd, env: o.env });
  return trustedConfig(cwd, rev, configPath, o.env, config, ignore);
}

/**
 * configAt(cwd, "") through a cat-file process already running (the pre-commit hook's):
 * the two objects cost no process of their own. Ask early, await later.
 */
export function indexConfig(objects: CatFile, cwd: string, env?: NodeJS.ProcessEnv): Promise<TrustedConfig> {
  const read = (path: string) => objects.read(objectName("", path)).then((o) => o?.data ?? null);
  return Promise.all([read(DEFAULT_CONFIG_NAME), read(IGNORE_FILE)]).then(([config, ignore]) => trustedConfig(cwd, "", DEFAULT_CONFIG_NAME, env, config, ignore));
}

/** One more file from the same revision (a baseline); null when absent. */
export function fileAt(cwd: string, rev: string, path: string, env?: NodeJS.ProcessEnv): string | null {
  const [data] = readObjectsSync([objectName(rev, path.replace(/^\.\//, ""))], { cwd, env });
  return data ? data.toString("utf8") : null;
}
