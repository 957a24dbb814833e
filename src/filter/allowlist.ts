import { re2, type RE2 } from "../re2.js";
import type { AllowlistSpec, Finding } from "../types.js";

/** The config's global allowlist: paths, regexes (over secret, match or line) and stopwords. */
export class GlobalAllowlist {
  private readonly paths: RE2[];
  private readonly regexes: RE2[];
  private readonly stopwords: string[];
  private readonly target: "secret" | "match" | "line";

  constructor(spec: AllowlistSpec) {
    this.paths = (spec.paths ?? []).map((p) => new (re2())(p, "u"));
    this.regexes = (spec.regexes ?? []).map((p) => new (re2())(p, "u"));
    this.stopwords = (spec.stopwords ?? []).map((s) => s.toLowerCase());
    this.target = spec.regexTarget ?? "secret";
  }

  pathAllowed(path: string): boolean {
    return this.paths.some((r) => r.test(path));
  }

  allows(f: Finding, lineText: string): boolean {
    if (this.pathAllowed(f.file)) return true;
    const lower = f.secret.toLowerCase();
    if (this.stopwords.some((w) => lower.includes(w))) return true;
    if (this.regexes.length) {
      const t = this.target === "secret" ? f.secret : this.target === "match" ? f.match : lineText;
      if (this.regexes.some((r) => r.test(t))) return true;
    }
    return false;
  }
}
