/**
 * Redacts a secret for display: a short prefix stays (enough to recognise `ghp_` or
 * `AKIA`), the rest is masked. Short secrets are masked whole.
 */
export function redactSecret(secret: string): string {
  if (secret.length <= 8) return "*".repeat(Math.max(secret.length, 4));
  const keep = Math.min(4, Math.floor(secret.length / 5));
  return secret.slice(0, keep) + "*".repeat(Math.min(secret.length - keep, 16));
}

/** Masks a value entirely (an encoded secret: any characters of it may decode to the secret's). */
export function maskAll(value: string): string {
  return "*".repeat(Math.min(Math.max(value.length, 4), 20));
}

/** Replaces every occurrence of `secret` in `text` with its redaction. */
export function redactIn(text: string, secret: string): string {
  if (!secret) return text;
  return text.split(secret).join(redactSecret(secret));
}
