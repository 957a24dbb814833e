// .leakguardignore: one fingerprint per line, `#` comments. A fingerprint without
// `@commit` silences that secret in that file in every commit. Its header may hold the
// repository's fingerprint key (`# leakguard-key <64 hex>`, no `:` or `=`, so it reads as no assignment to a
// scan of the history): the ignore file is read
// from the trusted revision in every mode, and the key travels with the fingerprints it
// made. Older versions read the key line as a comment.
export const IGNORE_FILE_NAME = ".leakguardignore";

const KEY_LINE = /^#[ \t]*leakguard-key[ \t]+([0-9a-f]{64})[ \t]*$/m;

export function parseIgnoreFile(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line && !line.startsWith("#")) out.add(line);
  }
  return out;
}

/** The repository's fingerprint key from the ignore file's key line, if it has one. */
export function ignoreFileKey(text: string | null | undefined): string | undefined {
  return text ? KEY_LINE.exec(text)?.[1] : undefined;
}

/** The ignore file's text with `key` added as its first lines. */
export function withKeyLine(text: string | null, key: string): string {
  const header =
    "# leakguard-key " + key + "\n" +
    "# The key above makes this repository's fingerprints: commit it; it never appears in reports.\n";
  return header + (text ?? "");
}

export function isIgnored(fingerprint: string, ignored: ReadonlySet<string>): boolean {
  if (ignored.size === 0) return false;
  if (ignored.has(fingerprint)) return true;
  const at = fingerprint.lastIndexOf("@");
  return at > 0 && ignored.has(fingerprint.slice(0, at));
}
