// The pre-commit hook's entry: `leakguard staged [files..]` and everything it runs, built
// into one self-contained file (dist/lib/hook.cjs) that bin.ts loads with V8's code cache.
export { runStagedHook } from "./cmd/staged.js";
