// Loads the hook bundle (dist/lib/hook.cjs, see scripts/bundle.mjs) with V8's code cache
// (bundle-loader.ts): a commit then skips parsing and compiling most of leakguard.
import { loadBundle } from "./bundle-loader.js";

export type StagedHook = (files: string[]) => Promise<void>;

interface Loaded {
  run: StagedHook;
  /** Writes the code cache if it was missing or stale (call after the run). */
  saveCache(): void;
}

/** The hook from the bundle; undefined when there is none (a tsc build without bundle.mjs). */
export function loadStagedHook(): Loaded | undefined {
  const hook = loadBundle<{ runStagedHook: StagedHook }>("hook", "staged");
  const run = hook?.exports.runStagedHook;
  return hook && run ? { run, saveCache: hook.saveCache } : undefined;
}
