// The message a blocked commit or push prints: what was found where, and the ways out.
// A guard that only says "no" teaches people `--no-verify`; this one says what to do.
import pc from "picocolors";
import type { Finding } from "../types.js";

export type GuardKind = "commit" | "push" | "receive";

/** Control characters in untrusted names (files may contain newlines) shown escaped. */
export function displayText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u0080-\u009f]/g, (ch) => {
    if (ch === "\n") return "\\n";
    if (ch === "\t") return "\\t";
    if (ch === "\r") return "\\r";
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

function shorten(s: string, max = 100): string {
  const one = displayText(s);
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}

/** Enough to act on; a wall of thousands of lines helps nobody. */
const MAX_LISTED = 50;

const TITLE: Record<GuardKind, string> = {
  commit: "commit blocked",
  push: "push blocked",
  receive: "push rejected",
};

const WHERE: Record<GuardKind, string> = {
  commit: "in the staged changes",
  push: "in the commits being pushed",
  receive: "in the pushed commits",
};

/**
 * Renders the blocked message. `findings` must already be redacted (unless the user
 * asked for --show-secrets): this function only formats.
 */
export function renderBlocked(kind: GuardKind, findings: Finding[], color = false, limit = MAX_LISTED): string {
  const c = pc.createColors(color);
  const n = findings.length;
  const out: string[] = [];
  out.push(c.red(c.bold(`leakguard: ${TITLE[kind]}: ${n} possible secret${n === 1 ? "" : "s"} ${WHERE[kind]}`)), "");
  for (const f of findings.slice(0, limit)) {
    const at = `${displayText(f.file)}:${f.startLine}`;
    out.push(`  ${c.bold(at)}  ${c.yellow(f.ruleId)}  ${f.description}` + (f.commit ? c.dim(`  (commit ${f.commit.slice(0, 12)})`) : ""));
    out.push(`      match: ${c.magenta(shorten(f.match))}`);
    out.push(`      fingerprint: ${displayText(f.fingerprint)}`);
  }
  if (n > limit) out.push(`  … and ${n - limit} more (--format json lists them all)`);
  out.push("", c.bold("Ways out:"));
  if (kind === "commit") {
    out.push(
      "  1. Remove the secret, load it from the environment or a secret store instead, and",
      "     stage the fix (git add). If it was ever pushed or shared, rotate it: deleting it",
      "     from the file does not make it secret again.",
    );
  } else {
    out.push(
      "  1. Remove the secret from the commits (git rebase -i / git commit --amend), load it",
      "     from the environment or a secret store instead, and rotate it if it was ever",
      "     pushed or shared: rewriting history does not make it secret again.",
    );
  }
  out.push(
    "  2. A false positive? Add a `leakguard:allow` comment on that line.",
    kind === "receive"
      ? "  3. Or have the fingerprint added to .leakguardignore on the default branch."
      : "  3. Or add the fingerprint to .leakguardignore" + (kind === "commit" ? " and stage it (git add .leakguardignore)." : " and commit it."),
  );
  if (kind === "commit") out.push("", c.dim("To skip the guard for one commit (not recommended): git commit --no-verify"));
  else if (kind === "push") out.push("", c.dim("To skip the guard for one push (not recommended): git push --no-verify"));
  return out.join("\n") + "\n";
}
