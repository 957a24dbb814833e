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
  /**
   * The unkeyed fingerprint older versions gave a finding: ignore and baseline entries
   * written before keyed hashes still match (and are recorded for `leakguard rekey`).
   */
  legacyFingerprint?: (f: Finding) => string;
}

export type SuppressReason = "allow-comment" | "ignore-file" | "baseline" | "allowlist";

export class FindingFilter {
  private readonly allowlist: GlobalAllowlist;
  /** Legacy entry -> the keyed fingerprint that replaces it (same `@commit` form as the entry). */
  readonly legacyMatches = new Map<string, string>();

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
    else reason = this.legacyReason(f) ?? (this.allowlist.allows(f, lineText) ? "allowlist" : undefined);
    return reason;
  }

  /** An entry from before keyed hashes lists this finding: the reason, and the entry is remembered for the migration. */
  private legacyReason(f: Finding): SuppressReason | undefined {
    const { ignored, baseline, legacyFingerprint } = this.opts;
    if (!legacyFingerprint || (!ignored.size && !baseline?.size)) return undefined;
    const legacy = legacyFingerprint(f);
    const at = legacy.lastIndexOf("@");
    // An entry without `@commit` covers every commit; its keyed form has none either.
    const forms: Array<[string, string]> = [[legacy, f.fingerprint]];
    if (at > 0) forms.push([legacy.slice(0, at), f.fingerprint.slice(0, f.fingerprint.lastIndexOf("@"))]);
    for (const [entry, keyed] of forms) {
      const reason: SuppressReason | undefined = ignored.has(entry) ? "ignore-file" : baseline?.has(entry) ? "baseline" : undefined;
      if (!reason) continue;
      this.legacyMatches.set(entry, keyed);
      return reason;
    }
    return undefined;
  }
}
