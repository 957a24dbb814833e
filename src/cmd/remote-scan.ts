// One remote repository, start to end: mirror clone, history scan, removal. Shared by
// `leakguard git URL` and `leakguard github`; every finding carries the repository.
import { ScanSession, type ScanResult, type SessionOptions } from "../engine/session.js";
import type { RemoteUrl } from "../git/clone.js";
import type { HistoryScanOptions } from "../sources/history.js";

export interface RemoteScanOptions {
  remote: RemoteUrl;
  /** Shown in reports (`repository`): a display URL or `owner/name`. */
  repository: string;
  token?: string;
  /**
   * Clone without blobs (`--blobless`). Never the default: git then fetches each blob the
   * history scan reads in a round trip of its own, measured 37x slower than a full mirror
   * for a whole history and 4x for the last 10 commits (test/bench/org.mjs).
   */
  blobless: boolean;
  keepDir?: string;
  history: Omit<HistoryScanOptions, "repo" | "env">;
  session: Omit<SessionOptions, "root">;
}

let cleanupInstalled = false;

/** On Ctrl-C or SIGTERM, temporary mirrors go before the process does (--state keeps what finished). */
function removeClonesOnSignal(removeActiveClones: () => void): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(sig, () => {
      removeActiveClones();
      process.exit(code);
    });
  }
}

export async function scanRemote(o: RemoteScanOptions): Promise<ScanResult> {
  const [{ cloneRepository, removeActiveClones }, { historySource }] = await Promise.all([import("../sources/remote.js"), import("../sources/history.js")]);
  removeClonesOnSignal(removeActiveClones);
  const clone = await cloneRepository({ remote: o.remote, token: o.token, blobless: o.blobless, keepDir: o.keepDir });
  try {
    // The mirror holds no work tree: only the operator's --config applies, never the repository's own.
    const session = await ScanSession.open({ ...o.session, root: clone.dir, repository: o.repository });
    try {
      await session.scan(historySource({ ...o.history, repo: clone.dir, env: clone.env }));
    } catch (err) {
      await session.abort();
      throw err;
    }
    return await session.finish();
  } finally {
    await clone.remove();
  }
}
