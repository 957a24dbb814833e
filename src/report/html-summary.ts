// The HTML report's summary: counts computed in one pass over the findings, and the
// static markup for them (tables and an inline SVG chart), so the summary reads the same
// with scripts off.
import type { Finding } from "../types.js";

/** Shown for findings without a `repository` field: they come from the scanned target itself. */
export const TARGET_LABEL = "(scanned target)";

/** A finding's repository (remote and organisation audits set it), or the scanned target. */
export function repositoryOf(f: Finding): string {
  const r = (f as { repository?: unknown }).repository;
  return typeof r === "string" && r ? r : TARGET_LABEL;
}

/** The year of a commit date as git wrote it (the author's local year), if it has one. */
export function commitYear(date: string | undefined): number | undefined {
  const m = date ? /^(\d{4})-/.exec(date) : null;
  return m ? Number(m[1]) : undefined;
}

export interface HtmlSummary {
  total: number;
  byRule: Map<string, { description: string; count: number }>;
  byRepository: Map<string, { count: number; files: Set<string> }>;
  byYear: Map<number, number>;
  byConfidence: Map<string, number>;
  /** Verification status ("" for findings that were not verified) -> count. */
  byVerification: Map<string, number>;
}

function bump<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

export function summarize(findings: Iterable<Finding>): HtmlSummary {
  const s: HtmlSummary = { total: 0, byRule: new Map(), byRepository: new Map(), byYear: new Map(), byConfidence: new Map(), byVerification: new Map() };
  for (const f of findings) {
    s.total++;
    const rule = s.byRule.get(f.ruleId) ?? { description: f.description, count: 0 };
    rule.count++;
    s.byRule.set(f.ruleId, rule);
    const repo = repositoryOf(f);
    const r = s.byRepository.get(repo) ?? { count: 0, files: new Set<string>() };
    r.count++;
    r.files.add(f.file);
    s.byRepository.set(repo, r);
    const year = commitYear(f.date);
    if (year !== undefined) bump(s.byYear, year);
    bump(s.byConfidence, f.confidence);
    bump(s.byVerification, f.verification?.status ?? "");
  }
  return s;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or attribute value as HTML: everything from a scanned repository goes through here. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Most findings first, then by name. */
function byCount<T extends { count: number }>(m: Map<string, T>): Array<[string, T]> {
  return [...m].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Years from the first to the last finding's, gaps included (up to 60 bars; beyond, only years with findings). */
export function chartYears(byYear: ReadonlyMap<number, number>): number[] {
  const years = [...byYear.keys()].sort((a, b) => a - b);
  if (!years.length) return [];
  const first = years[0];
  const last = years[years.length - 1];
  if (last - first >= 60) return years;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Findings by commit year as an inline SVG bar chart (no script, no external resource). */
export function yearChart(byYear: ReadonlyMap<number, number>): string {
  const years = chartYears(byYear);
  if (!years.length) return `<p class="lg-muted">No commit dates: this was not a history scan.</p>`;
  const max = Math.max(...years.map((y) => byYear.get(y) ?? 0));
  const barW = 28;
  const gap = 8;
  const plot = 100;
  const width = years.length * (barW + gap) + gap;
  const height = plot + 40;
  const bars = years.map((y, i) => {
    const n = byYear.get(y) ?? 0;
    const h = n ? Math.max(2, Math.round((n / max) * plot)) : 0;
    const x = gap + i * (barW + gap);
    const top = 16 + plot - h;
    return (
      `<g data-year="${y}" data-count="${n}"><title>${y}: ${plural(n, "finding")}</title>` +
      `<rect x="${x}" y="${top}" width="${barW}" height="${h}" class="lg-bar"></rect>` +
      `<text x="${x + barW / 2}" y="${top - 3}" text-anchor="middle" class="lg-bar-count">${n || ""}</text>` +
      `<text x="${x + barW / 2}" y="${height - 8}" text-anchor="middle" class="lg-bar-year">${y}</text></g>`
    );
  });
  return (
    `<svg id="lg-by-year" role="img" aria-labelledby="lg-by-year-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="lg-by-year-title">Findings by commit year</title>${bars.join("")}</svg>`
  );
}

function countTable(id: string, caption: string, head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join("")}</tr>`).join("\n");
  return `<table id="${id}" class="lg-counts"><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const CONFIDENCE_ORDER = ["high", "medium", "low"];
const VERIFICATION_ORDER = ["live", "unknown", "invalid", "not-verifiable", ""];

function ordered(m: ReadonlyMap<string, number>, order: string[]): Array<[string, number]> {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...m].sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** The summary section's markup (every value escaped). */
export function summaryHtml(s: HtmlSummary): string {
  const figures = [
    `<li><strong id="lg-total">${s.total}</strong> ${s.total === 1 ? "finding" : "findings"}</li>`,
    `<li><strong>${s.byRule.size}</strong> ${s.byRule.size === 1 ? "rule" : "rules"}</li>`,
    `<li><strong>${s.byRepository.size}</strong> ${s.byRepository.size === 1 ? "repository" : "repositories"}</li>`,
    ...ordered(s.byConfidence, CONFIDENCE_ORDER).map(([c, n]) => `<li data-confidence="${escapeHtml(c)}"><strong>${n}</strong> ${escapeHtml(c)} confidence</li>`),
    ...ordered(s.byVerification, VERIFICATION_ORDER)
      .filter(([v]) => v !== "" || s.byVerification.size > 1)
      .map(([v, n]) => `<li data-verification="${escapeHtml(v)}"><strong>${n}</strong> ${v ? escapeHtml(v) : "not verified"}</li>`),
  ];
  const rules = byCount(s.byRule).map(([id, r]) => [`<code>${escapeHtml(id)}</code>`, escapeHtml(r.description), String(r.count)]);
  const repos = byCount(s.byRepository).map(([name, r]) => [escapeHtml(name), String(r.count), String(r.files.size)]);
  return [
    `<section id="lg-summary" aria-label="Summary">`,
    `<ul id="lg-figures">${figures.join("")}</ul>`,
    `<div class="lg-summary-grid">`,
    countTable("lg-by-rule", "Findings by rule", ["Rule", "Description", "Findings"], rules),
    countTable("lg-by-repository", "Findings by repository", ["Repository", "Findings", "Files"], repos),
    `<figure><figcaption>Findings by commit year</figcaption>${yearChart(s.byYear)}</figure>`,
    `</div>`,
    `</section>`,
  ].join("\n");
}
