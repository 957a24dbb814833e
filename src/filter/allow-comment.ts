/**
 * Inline markers that silence a finding on their line: leakguard's own, and the ones
 * gitleaks (`gitleaks:allow`) and TruffleHog (`trufflehog:ignore`) users already have in
 * their code, so switching scanners does not bring back every reviewed false positive.
 */
export const ALLOW_MARKERS = ["leakguard:allow", "gitleaks:allow", "trufflehog:ignore"] as const;
export const ALLOW_MARKER = ALLOW_MARKERS[0];

export function hasAllowComment(lineText: string): boolean {
  return ALLOW_MARKERS.some((m) => lineText.includes(m));
}
