// Hook installation: where a hook lives (husky or git's hooks directory, honouring
// core.hooksPath and worktrees), the marked block leakguard adds, and its exact removal.
// Existing hooks are never replaced: a shell hook gets the block, anything else is left
// alone with instructions.
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { UsageError } from "../types.js";
import { gitSync } from "../git/process.js";
import { invocationLines, RUN_FUNCTION, type HookInvocation } from "./hook-command.js";

export type HookName = "pre-commit" | "pre-push" | "pre-receive";
export const HOOK_NAMES: readonly HookName[] = ["pre-commit", "pre-push", "pre-receive"];

/** The leakguard subcommand each hook runs. */
export const HOOK_SUBCOMMAND: Record<HookName, string> = {
  "pre-commit": "staged",
  "pre-push": "push",
  "pre-receive": "pre-receive",
};

export const BLOCK_BEGIN = "# >>> leakguard install";
export const BLOCK_END = "# <<< leakguard install";
const CREATED_NOTE = "created this file";

export interface BlockOptions {
  hook: HookName;
  /** How the hook reaches leakguard (see hook-command.ts). */
  invoke: HookInvocation;
  /** The file did not exist before install. */
  created: boolean;
}

/** The marked block install adds to a hook file. */
export function renderBlock(o: BlockOptions): string {
  const lines = [`${BLOCK_BEGIN} (${o.created ? CREATED_NOTE + "; " : ""}\`leakguard uninstall\` removes this block)`];
  lines.push(...invocationLines(o.invoke));
  const sub = HOOK_SUBCOMMAND[o.hook];
  if (o.hook === "pre-commit") {
    lines.push(`${RUN_FUNCTION} ${sub} || exit $?`);
  } else {
    // The ref list arrives on stdin; keep a copy and hand it on to the rest of the hook.
    lines.push(
      "leakguard_refs=$(cat)",
      `printf '%s\\n' "$leakguard_refs" | ${RUN_FUNCTION} ${sub}${o.hook === "pre-push" ? ' "$@"' : ""} || exit $?`,
      "exec 0<<LEAKGUARD_REFS",
      "$leakguard_refs",
      "LEAKGUARD_REFS",
    );
  }
  lines.push(BLOCK_END);
  return lines.join("\n") + "\n";
}

/** The first leakguard block in a hook file, as written (for comparing with a new one). */
export function currentBlock(content: string): string | undefined {
  const lines = content.split("\n");
  const start = lines.findIndex((l) => l.startsWith(BLOCK_BEGIN));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith(BLOCK_END));
  if (end < 0) return undefined;
  return lines.slice(start, end + 1).join("\n") + "\n";
}

export function hasBlock(content: string): boolean {
  return content.split("\n").some((l) => l.startsWith(BLOCK_BEGIN));
}

/**
 * Adds the block right after the shebang: the guard runs first, so it is never dead code
 * behind an `exit`/`exec` further down, and reads the push refs before anything else.
 */
export function insertBlock(content: string, block: string): string {
  if (content.startsWith("#!")) {
    const nl = content.indexOf("\n");
    if (nl < 0) return content + "\n" + block;
    return content.slice(0, nl + 1) + block + content.slice(nl + 1);
  }
  return block + content;
}

/** Removes every leakguard block; `created` tells whether install had created the file. */
export function removeBlock(content: string): { content: string; removed: boolean; created: boolean } {
  const lines = content.split("\n");
  const kept: string[] = [];
  let inside = false;
  let removed = false;
  let created = false;
  for (const line of lines) {
    if (!inside && line.startsWith(BLOCK_BEGIN)) {
      inside = true;
      removed = true;
      if (line.includes(CREATED_NOTE)) created = true;
      continue;
    }
    if (inside) {
      if (line.startsWith(BLOCK_END)) inside = false;
      continue;
    }
    kept.push(line);
  }
  return { content: kept.join("\n"), removed, created };
}

/** Nothing left but a shebang, blank lines and comments husky or install wrote. */
export function isEffectivelyEmpty(content: string): boolean {
  return content.split("\n").every((l) => l.trim() === "" || l.startsWith("#!"));
}

const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "ash", "mksh"]);

/** Whether an existing hook is a shell script we may add lines to. */
export function shellScriptCheck(content: Buffer): { ok: true } | { ok: false; reason: string } {
  if (content.includes(0)) return { ok: false, reason: "it is a binary file" };
  const text = content.toString("utf8");
  // No shebang: git runs it with /bin/sh.
  if (!text.startsWith("#!")) return { ok: true };
  const words = text.slice(2, text.indexOf("\n") < 0 ? undefined : text.indexOf("\n")).trim().split(/\s+/);
  let interp = words[0]?.split("/").pop() ?? "";
  if (interp === "env") interp = words.slice(1).find((w) => !w.startsWith("-")) ?? "";
  if (SHELLS.has(interp)) return { ok: true };
  return { ok: false, reason: `it is not a shell script (#!${words.join(" ")})` };
}

export interface HookTarget {
  hook: HookName;
  /** Absolute path of the hook file. */
  file: string;
  /** Displayed path (relative to where the user stands). */
  label: string;
  husky: boolean;
}

export interface RepoHooks {
  /** Work tree top-level; undefined in a bare repository. */
  top?: string;
  /** Where git runs hooks from (core.hooksPath and worktrees honoured). */
  hooksDir: string;
  /** `.husky/` directory when the repository uses husky. */
  huskyDir?: string;
}

function usesHusky(top: string): boolean {
  if (existsSync(join(top, ".husky"))) return true;
  try {
    const pkg = JSON.parse(readFileSync(join(top, "package.json"), "utf8")) as Record<string, unknown>;
    return ["dependencies", "devDependencies", "optionalDependencies"].some(
      (k) => typeof pkg[k] === "object" && pkg[k] !== null && "husky" in (pkg[k] as object),
    );
  } catch {
    return false;
  }
}

export function locateHooks(cwd: string): RepoHooks {
  const r = gitSync(["rev-parse", "--is-bare-repository", "--git-path", "hooks"], { cwd });
  if (r.code !== 0) throw new UsageError(`${cwd}: not inside a git repository`);
  const [bare, hooksPath] = r.stdout.toString("utf8").split("\n");
  const hooksDir = isAbsolute(hooksPath) ? hooksPath : resolve(cwd, hooksPath);
  if (bare === "true") return { hooksDir };
  const t = gitSync(["rev-parse", "--show-toplevel"], { cwd });
  const top = t.code === 0 ? t.stdout.toString("utf8").trim() : undefined;
  return { top, hooksDir, huskyDir: top && usesHusky(top) ? join(top, ".husky") : undefined };
}

function label(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

/** Where `hook` goes: the husky file when husky is used (not for server hooks), else git's hooks dir. */
export function hookTarget(repo: RepoHooks, hook: HookName, cwd: string): HookTarget {
  const husky = repo.huskyDir !== undefined && hook !== "pre-receive";
  const file = husky ? join(repo.huskyDir!, hook) : join(repo.hooksDir, hook);
  return { hook, file, label: label(cwd, file), husky };
}

export type InstallAction =
  | { kind: "create"; target: HookTarget; content: string }
  | { kind: "update"; target: HookTarget; content: string; notExecutable: boolean }
  | { kind: "present"; target: HookTarget }
  | { kind: "replace"; target: HookTarget; content: string }
  | { kind: "refuse"; target: HookTarget; reason: string };

/** Decides what install does to one hook file, without touching anything. */
export function planInstall(target: HookTarget, invoke: HookInvocation): InstallAction {
  // Writing through a symlink would edit (or create) its target, often a hook shared by
  // other repositories; a dangling one would create a file elsewhere.
  if (isSymlink(target.file)) return { kind: "refuse", target, reason: "is a symbolic link (install would write into its target)" };
  let existing: Buffer | undefined;
  try {
    existing = readFileSync(target.file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      return { kind: "refuse", target, reason: `cannot read it (${(err as NodeJS.ErrnoException).code})` };
    }
  }
  if (existing === undefined) {
    const block = renderBlock({ hook: target.hook, invoke, created: true });
    // husky runs its files with sh; git needs the shebang.
    return { kind: "create", target, content: target.husky ? block : "#!/bin/sh\n" + block };
  }
  const text = existing.toString("utf8");
  if (hasBlock(text)) {
    // Re-running install (another --command, another leakguard): the block is rewritten in place.
    const created = (currentBlock(text) ?? "").includes(CREATED_NOTE);
    const block = renderBlock({ hook: target.hook, invoke, created });
    if (currentBlock(text) === block) return { kind: "present", target };
    const at = text.split("\n").findIndex((l) => l.startsWith(BLOCK_BEGIN));
    const rest = removeBlock(text).content.split("\n");
    return { kind: "replace", target, content: [...rest.slice(0, at), ...block.split("\n").slice(0, -1), ...rest.slice(at)].join("\n") };
  }
  const check = shellScriptCheck(existing);
  if (!check.ok) return { kind: "refuse", target, reason: check.reason };
  const block = renderBlock({ hook: target.hook, invoke, created: false });
  let notExecutable = false;
  if (!target.husky) {
    try {
      notExecutable = (statSync(target.file).mode & 0o111) === 0;
    } catch {
      notExecutable = false;
    }
  }
  return { kind: "update", target, content: insertBlock(text, block), notExecutable };
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export function chainAdvice(target: HookTarget, reason: string): string {
  const sub = HOOK_SUBCOMMAND[target.hook];
  const stdinNote = target.hook === "pre-commit" ? "" : " (pass it the same standard input your hook receives)";
  return (
    `leakguard: ${target.label} exists and ${reason}; leakguard left it alone. To chain them, make that hook run ` +
    `\`leakguard ${sub}\`${stdinNote} and stop when it exits non-zero, or rename it to ${target.hook}.local, ` +
    `run \`leakguard install\` again and call ${target.hook}.local from the new hook.`
  );
}

/** Applies a plan; returns the line to tell the user. */
export function applyInstall(a: InstallAction): string {
  const t = a.target;
  switch (a.kind) {
    case "present":
      return `leakguard: ${t.hook}: already installed in ${t.label}`;
    case "refuse":
      return chainAdvice(t, a.reason);
    case "replace":
      writeFileSync(t.file, a.content);
      return `leakguard: ${t.hook}: updated the leakguard block in ${t.label}`;
    case "create":
      mkdirSync(resolve(t.file, ".."), { recursive: true });
      writeFileSync(t.file, a.content, { mode: 0o755 });
      chmodSync(t.file, 0o755);
      return `leakguard: ${t.hook}: created ${t.label}`;
    case "update":
      writeFileSync(t.file, a.content);
      return (
        `leakguard: ${t.hook}: added the guard to the top of the existing ${t.label}` +
        (a.notExecutable ? ` (warning: it is not executable, so git will not run it: chmod +x ${t.label})` : "")
      );
  }
}

export interface UninstallResult {
  target: HookTarget;
  action: "removed-block" | "deleted-file";
}

/** Removes leakguard's blocks from every hook file install may have written. */
export function uninstallHooks(repo: RepoHooks, hooks: readonly HookName[], cwd: string): UninstallResult[] {
  const done: UninstallResult[] = [];
  const candidates: HookTarget[] = [];
  for (const hook of hooks) {
    candidates.push({ hook, file: join(repo.hooksDir, hook), label: label(cwd, join(repo.hooksDir, hook)), husky: false });
    const huskyDir = repo.top ? join(repo.top, ".husky") : undefined;
    if (huskyDir && existsSync(huskyDir)) {
      const file = join(huskyDir, hook);
      if (file !== join(repo.hooksDir, hook)) candidates.push({ hook, file, label: label(cwd, file), husky: true });
    }
  }
  for (const target of candidates) {
    let text: string;
    try {
      text = readFileSync(target.file, "utf8");
    } catch {
      continue;
    }
    const r = removeBlock(text);
    if (!r.removed) continue;
    if (r.created && isEffectivelyEmpty(r.content)) {
      unlinkSync(target.file);
      done.push({ target, action: "deleted-file" });
      if (target.husky) removeDirIfEmpty(resolve(target.file, ".."));
    } else {
      writeFileSync(target.file, r.content);
      done.push({ target, action: "removed-block" });
    }
  }
  return done;
}

function removeDirIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // Not ours to insist on.
  }
}
