// A remote repository as a local mirror: cloned into a temporary directory for one scan
// (the history source then reads it like any bare repository) and removed afterwards,
// unless the caller keeps it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../types.js";
import { mirrorClone, remoteEnv, type RemoteUrl } from "../git/clone.js";

export interface ClonedRepository {
  /** The mirror's git directory. */
  dir: string;
  /** Environment for git processes reading it (transports allowed, credentials for lazy fetches). */
  env: NodeJS.ProcessEnv;
  /** Removes the mirror (nothing when it was kept); asynchronous, so other audits go on meanwhile. */
  remove(): Promise<void>;
}

export interface CloneRequest {
  remote: RemoteUrl;
  token?: string;
  blobless: boolean;
  /** Keep the mirror here instead of a temporary directory. */
  keepDir?: string;
}

/** Temporary mirrors not yet removed: an interrupted run removes them on its way out. */
const activeTemps = new Set<string>();

/** Removes every temporary mirror now (SIGINT/SIGTERM: the process is about to exit). */
export function removeActiveClones(): void {
  for (const d of activeTemps) rmSync(d, { recursive: true, force: true });
  activeTemps.clear();
}

/** Checks a --keep-clone directory before anything is fetched: absent or empty. */
export function checkKeepDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length) throw new UsageError(`--keep-clone: ${dir} exists and is not empty`);
}

/** Mirror-clones the remote; a failed clone leaves nothing behind. */
export async function cloneRepository(r: CloneRequest): Promise<ClonedRepository> {
  const env = remoteEnv(r.remote, r.token);
  let dir: string;
  if (r.keepDir) {
    checkKeepDir(r.keepDir);
    dir = resolve(r.keepDir);
    mkdirSync(dir, { recursive: true });
  } else {
    dir = join(mkdtempSync(join(tmpdir(), "leakguard-clone-")), "repo.git");
    activeTemps.add(join(dir, ".."));
  }
  const removeTemp = async () => {
    if (r.keepDir) return;
    await rm(join(dir, ".."), { recursive: true, force: true });
    activeTemps.delete(join(dir, ".."));
  };
  try {
    await mirrorClone(r.remote, dir, { blobless: r.blobless, env });
  } catch (err) {
    if (r.keepDir) rmSync(dir, { recursive: true, force: true });
    await removeTemp();
    throw err;
  }
  return { dir, env, remove: removeTemp };
}
