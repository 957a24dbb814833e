// How an installed hook reaches leakguard. Hooks run with git's environment, not the
// user's shell (no nvm, no npx cache, often no PATH entry), so install writes down the
// leakguard that is running it: absolute node + the package's own bin. A hook committed
// to the repository (husky) instead runs the project's node_modules/.bin/leakguard when
// the project depends on leakguard, so every clone finds its own. Either way a hook that
// cannot find leakguard says in one line how to fix it.
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

export type HookInvocation =
  /** `install --command X`: the user's own words. */
  | { kind: "command"; command: string }
  /** This leakguard, by absolute paths. */
  | { kind: "absolute"; node: string; bin: string }
  /** The project's dependency: ./node_modules/.bin/leakguard (hooks run at the top level). */
  | { kind: "local" };

export const LOCAL_BIN = "./node_modules/.bin/leakguard";
/** The shell function the hook block defines and calls. */
export const RUN_FUNCTION = "leakguard_run";

export function shellQuote(s: string): string {
  return /^[\w./@:+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The leakguard running now: node and the real path of the bin it was started as. */
export function currentInvocation(): HookInvocation {
  const script = process.argv[1];
  if (!script) throw new Error("cannot tell which leakguard is running (no script path)");
  return { kind: "absolute", node: process.execPath, bin: realpathSync(script) };
}

/** Whether the project at `top` lists leakguard in its package.json. */
export function dependsOnLeakguard(top: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(join(top, "package.json"), "utf8")) as Record<string, unknown>;
    return ["dependencies", "devDependencies", "optionalDependencies"].some(
      (k) => typeof pkg[k] === "object" && pkg[k] !== null && "leakguard" in (pkg[k] as object),
    );
  } catch {
    return false;
  }
}

/** The default for a hook: the project's own binary for committed (husky) hooks when it has one, else this leakguard. */
export function defaultInvocation(husky: boolean, top: string | undefined): HookInvocation {
  return husky && top && dependsOnLeakguard(top) ? { kind: "local" } : currentInvocation();
}

/** What the hook runs, in words for the user. */
export function describeInvocation(inv: HookInvocation): string {
  if (inv.kind === "command") return inv.command;
  if (inv.kind === "local") return LOCAL_BIN;
  return `${shellQuote(inv.node)} ${shellQuote(inv.bin)}`;
}

const FAIL_OPEN_OR_EXIT = `  if [ "$LEAKGUARD_FAIL_OPEN" = 1 ]; then ${RUN_FUNCTION}() { :; }; else exit 2; fi`;

/**
 * Shell lines defining `leakguard_run`: leakguard as this hook reaches it, or, when it is
 * gone, one line on stderr saying how to fix it and exit 2 (LEAKGUARD_FAIL_OPEN=1 skips).
 */
export function invocationLines(inv: HookInvocation): string[] {
  if (inv.kind === "command") return [`${RUN_FUNCTION}() { ${inv.command} "$@"; }`];
  if (inv.kind === "local") {
    const msg = `leakguard: not installed in this clone (no ${LOCAL_BIN}): run npm install, or set LEAKGUARD_FAIL_OPEN=1 to skip the check`;
    return [
      `if [ -x ${LOCAL_BIN} ]; then ${RUN_FUNCTION}() { ${LOCAL_BIN} "$@"; }`,
      `else echo ${shellQuote(msg)} >&2`,
      FAIL_OPEN_OR_EXIT,
      "fi",
    ];
  }
  const node = shellQuote(inv.node);
  const bin = shellQuote(inv.bin);
  const msg = `leakguard: this hook's leakguard is gone (${inv.bin} run by ${inv.node}): install leakguard again and re-run \`leakguard install\` here, or set LEAKGUARD_FAIL_OPEN=1 to skip the check`;
  return [
    `if [ -x ${node} ] && [ -f ${bin} ]; then ${RUN_FUNCTION}() { ${node} ${bin} "$@"; }`,
    `else echo ${shellQuote(msg)} >&2`,
    FAIL_OPEN_OR_EXIT,
    "fi",
  ];
}

export type SelfTestResult = { ok: true; line: string } | { ok: false; reason: string };

/** Runs the hook's own lines with `staged --self-test`, where git would run the hook. */
export function selfTest(inv: HookInvocation, cwd: string): SelfTestResult {
  const script = [...invocationLines(inv), `${RUN_FUNCTION} staged --self-test`].join("\n");
  const env = { ...process.env };
  delete env.LEAKGUARD_FAIL_OPEN;
  const r = spawnSync("sh", ["-c", script], { cwd, env, encoding: "utf8", timeout: 60_000 });
  const lastLine = (s: string | undefined) =>
    (s ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
  // A zero exit alone is not enough: `--command echo` exits 0 without running leakguard.
  const said = lastLine(r.stdout) ?? "";
  if (r.status === 0 && /^leakguard \S+: self-test ok\b/.test(said)) return { ok: true, line: said };
  if (r.status === 0) return { ok: false, reason: `it did not answer as leakguard${said ? ` (it printed '${said.slice(0, 80)}')` : ""}` };
  const why = lastLine(r.stderr) ?? lastLine(r.stdout) ?? (r.error ? String(r.error.message) : `exit ${r.status ?? r.signal}`);
  return { ok: false, reason: why };
}
