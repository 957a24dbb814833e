// Filters decide what the user asked not to see, and say why (the engine counts them).
import type { AllowlistSpec, Finding } from "../types.js";
import { hasAllowComment } from "./allow-comment.js";
import { GlobalAllowlist } from "./allowlist.js";
import { inBaseline } from "./baseline.js";
import { isIgnored } from "./ignore-file.js";
import { gitleaksIgnored, type GitleaksIgnoreEntry } from "./gitleaks-ignore.js";

export interface FilterOptions {
  allowlist: AllowlistSpec;
  ignored: ReadonlySet<string>;
  baseline?: ReadonlySet<string>;
  /** .gitleaksignore entries (see gitleaks-ignore.ts). */
  gitleaksIgnore?: readonly GitleaksIgnoreEntry[];
}

export type SuppressReason = "allow-comment" | "ignore-file" | "baseline" | "allowlist";

export class FindingFilter {
  private readonly allowlist: GlobalAllowlist;

  constructor(private readonly opts: FilterOptions) {
    this.allowlist = new GlobalAllowlist(opts.allowlist);
  }

  /** Paths the allowlist excludes entirely; sources may skip reading them. */
  pathAllowed(path: string): boolean {
    return this.allowlist.pathAllowed(path);
  }

  /** Returns the reason the finding is suppressed, or undefined to keep it. */
  check(f: Finding, lineText: string): SuppressReason | undefined {
    let reason: SuppressReason | undefined;
    if (hasAllowComment(lineText)) reason = "allow-comment";
    else if (isIgnored(f.fingerprint, this.opts.ignored)) reason = "ignore-file";
    else if (this.opts.gitleaksIgnore?.length && gitleaksIgnored(f, this.opts.gitleaksIgnore)) reason = "ignore-file";
    else if (this.opts.baseline && inBaseline(f, this.opts.baseline)) reason = "baseline";
    else if (this.allowlist.allows(f, lineText)) reason = "allowlist";
    return reason;
  }
}
