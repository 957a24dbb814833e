import type { Finding } from "../types.js";
import { renderCsv } from "./csv.js";
import { renderJson } from "./json.js";
import { redactIn, redactSecret } from "./redact.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { ReportFormat, ReportInput } from "./types.js";

export { REPORT_FORMATS, type ReportFormat, type ReportInput } from "./types.js";

export function renderReport(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case "json":
      return renderJson(input);
    case "sarif":
      return renderSarif(input);
    case "csv":
      return renderCsv(input);
    case "text":
      return renderText(input);
  }
}

/**
 * The redacted copy of a finding that every output uses unless --show-secrets.
 * `messageSecrets`: secrets found in the commit's message, masked in `message` too.
 */
export function redactFinding(f: Finding, messageSecrets: readonly string[] = []): Finding {
  const secret = redactSecret(f.secret);
  // A decoded finding's match is the encoded secret: as sensitive as the secret itself.
  const match = f.decodedFrom ? redactSecret(f.match) : redactIn(f.match, f.secret);
  if (f.message === undefined) return { ...f, secret, match };
  let message = f.message;
  for (const s of [f.secret, ...messageSecrets]) message = redactIn(message, s);
  return { ...f, secret, match, message };
}

/** A redactor for one scan's findings: each commit message loses the secrets found in it. */
export function redactorFor(messageSecrets: ReadonlyMap<string, readonly string[]>): (f: Finding) => Finding {
  return (f) => redactFinding(f, f.commit ? messageSecrets.get(f.commit) : undefined);
}
