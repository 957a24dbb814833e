// `--format html`: one self-contained page. The summary is static markup; the findings
// travel as JSON in a non-executed <script type="application/json"> block and a small
// inline script renders them a page at a time. A Content-Security-Policy allows only that
// script and style (by hash) and no network at all, so nothing planted in a file name or
// commit message can load or run anything, even if it escaped its escaping.
import { createHash } from "node:crypto";
import type { Finding } from "../types.js";
import { HTML_SCRIPT, HTML_STYLE } from "./html-client.js";
import { escapeHtml, repositoryOf, summarize, summaryHtml } from "./html-summary.js";
import type { ReportInput } from "./types.js";

/** Commit messages are kept to this many characters in the page (the JSON report has them whole). */
const MESSAGE_LIMIT = 2000;

/** One finding as the page's script reads it; the order is the script's column constants. */
export function findingRow(f: Finding): Array<string | number> {
  const message = f.message ?? "";
  return [
    repositoryOf(f),
    f.file,
    f.location,
    f.startLine,
    f.ruleId,
    f.secret,
    f.confidence,
    f.severity,
    f.verification?.status ?? "",
    f.verification?.reason ?? "",
    f.commit ?? "",
    f.author ?? "",
    f.email ?? "",
    f.date ?? "",
    message.length > MESSAGE_LIMIT ? message.slice(0, MESSAGE_LIMIT) + "\u2026" : message,
    f.fingerprint,
    f.decodedFrom?.join(" > ") ?? "",
  ];
}

/**
 * JSON that is safe inside a <script> element: no `<`, `>` or `&` (so no `</script>` or
 * `<!--` can end or bend the block) and no line separators.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

let csp: string | undefined;

/**
 * No fetch, image, font, frame, form or base change: the page works offline and stays so.
 * Hashed on first use: every scan loads this module, few write HTML.
 */
export function htmlCsp(): string {
  csp ??= [
    "default-src 'none'",
    `script-src ${cspHash(HTML_SCRIPT)}`,
    `style-src ${cspHash(HTML_STYLE)}`,
    "img-src 'none'",
    "connect-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return csp;
}

const SORT_HEADERS: Array<[string | undefined, string]> = [
  ["location", "Line"],
  ["rule", "Rule"],
  [undefined, "Secret"],
  ["confidence", "Confidence"],
  ["severity", "Severity"],
  ["verification", "Verification"],
  [undefined, "Commit"],
  ["date", "Date"],
  [undefined, "Author"],
  [undefined, "Message"],
];

function head(title: string): string {
  return [
    "<!DOCTYPE html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(htmlCsp())}">`,
    `<meta name="referrer" content="no-referrer">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    "</head>",
  ].join("\n");
}

function controls(): string {
  const pager = `<div class="lg-pager"><button type="button" class="lg-prev">Previous</button><span class="lg-page"></span><button type="button" class="lg-next">Next</button></div>`;
  const th = SORT_HEADERS.map(([key, label]) => (key ? `<th scope="col"><button type="button" data-sort="${key}">${label}</button></th>` : `<th scope="col">${label}</th>`)).join("");
  return [
    `<section id="lg-findings" aria-label="Findings">`,
    `<h2>Findings</h2>`,
    `<form id="lg-controls" role="search">`,
    `<label>Rule <select id="lg-f-rule"><option value="">all rules</option></select></label>`,
    `<label>Confidence <select id="lg-f-confidence"><option value="">any</option></select></label>`,
    `<label>Verification <select id="lg-f-verification"><option value="">any</option></select></label>`,
    `<label>Committed from <input id="lg-f-from" placeholder="YYYY or YYYY-MM-DD" autocomplete="off"></label>`,
    `<label>Committed until <input id="lg-f-to" placeholder="YYYY or YYYY-MM-DD" autocomplete="off"></label>`,
    `<label>Search <input id="lg-f-text" type="search" placeholder="file, repository, author, commit" autocomplete="off"></label>`,
    `</form>`,
    `<p id="lg-status" role="status"></p>`,
    pager,
    `<table id="lg-table"><thead><tr>${th}</tr></thead><tbody id="lg-rows"></tbody></table>`,
    `<noscript><p>The findings table needs JavaScript; the summary above is complete without it, and <code>--format json</code> lists every finding.</p></noscript>`,
    pager,
    `</section>`,
  ].join("\n");
}

export function* htmlParts(input: ReportInput): Generator<string> {
  const summary = summarize(input.findings);
  const title = `leakguard report: ${summary.total} ${summary.total === 1 ? "finding" : "findings"}`;
  yield head(title) + "\n<body>\n";
  yield `<header><h1>leakguard report</h1><p class="lg-muted">leakguard ${escapeHtml(input.toolVersion)}</p></header>\n`;
  yield summaryHtml(summary) + "\n";
  yield controls() + "\n";
  const rules = Object.fromEntries([...summary.byRule].map(([id, r]) => [id, r.description]));
  yield `<script type="application/json" id="lg-meta">${scriptJson({ version: 1, rules })}</script>\n`;
  // Streamed a finding at a time: the report is never one string in this process.
  yield `<script type="application/json" id="lg-data">[`;
  let first = true;
  for (const f of input.findings) {
    yield (first ? "\n" : ",\n") + scriptJson(findingRow(f));
    first = false;
  }
  yield "\n]</script>\n";
  yield `<script>${HTML_SCRIPT}</script>\n</body>\n</html>\n`;
}
