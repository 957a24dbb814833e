/** An inline `leakguard:allow` marker on the finding's line silences it. */
export const ALLOW_MARKER = "leakguard:allow";

export function hasAllowComment(lineText: string): boolean {
  return lineText.includes(ALLOW_MARKER);
}
