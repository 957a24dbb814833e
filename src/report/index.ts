import type { Finding } from "../types.js";
import { renderCsv } from "./csv.js";
import { renderJson, renderJsonl } from "./json.js";
import { redactIn, redactSecret } from "./redact.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { ReportFormat, ReportInput } from "./types.js";

export { REPORT_FORMATS, type ReportFormat, type ReportInput } from "./types.js";

export function renderReport(format: ReportFormat, input: ReportInput): string {
  switch (format) {
    case "json":
      return renderJson(input);
    case "jsonl":
      return renderJsonl(input);
    case "sarif":
      return renderSarif(input);
    case "csv":
      return renderCsv(input);
    case "text":
      return renderText(input);
  }
}

/** The redacted copy of a finding that every output uses unless --show-secrets. */
export function redactFinding(f: Finding): Finding {
  const secret = redactSecret(f.secret);
  // A decoded finding's match is the encoded secret: as sensitive as the secret itself.
  const match = f.decodedFrom ? redactSecret(f.match) : redactIn(f.match, f.secret);
  return { ...f, secret, match };
}
