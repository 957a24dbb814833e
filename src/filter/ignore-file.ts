// .leakguardignore: one fingerprint per line, `#` comments. A fingerprint without
// `@commit` silences that secret in that file in every commit.
export const IGNORE_FILE_NAME = ".leakguardignore";

export function parseIgnoreFile(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line && !line.startsWith("#")) out.add(line);
  }
  return out;
}

export function isIgnored(fingerprint: string, ignored: ReadonlySet<string>): boolean {
  if (ignored.size === 0) return false;
  if (ignored.has(fingerprint)) return true;
  const at = fingerprint.lastIndexOf("@");
  return at > 0 && ignored.has(fingerprint.slice(0, at));
}
