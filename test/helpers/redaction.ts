// Redaction checks that catch partial leaks: a report that shows all but a few
// characters of a secret still leaks it.

/** The first `n`-character window of `secret` found in `text`, or undefined. */
export function leakedWindow(text: string, secret: string, n = 8): string | undefined {
  for (let i = 0; i + n <= secret.length; i++) {
    const w = secret.slice(i, i + n);
    if (text.includes(w)) return w;
  }
  return undefined;
}
