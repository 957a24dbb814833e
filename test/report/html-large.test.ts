// Issue #18, the HTML report at audit scale: 100,000 findings written piece by piece,
// opened in headless Chromium, which keeps one page of rows in the DOM and still filters
// and pages through all of them.
import { createWriteStream, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportParts } from "../../src/report/index.js";
import type { Confidence, Finding } from "../../src/types.js";
import { emptyStats } from "../../src/types.js";
import { fakeToken } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir } from "../helpers/tmp.js";
import { afterRender, CHROMIUM, launchBrowser, openReport, renderedTable, reportMissingChromium } from "./html-browser.js";

reportMissingChromium("test/report/html-large.test.ts");

const COUNT = 100_000;
const RULES = ["github-pat", "aws-access-key-id", "generic-api-key", "slack-bot-token"];
const CONFIDENCE: Confidence[] = ["high", "medium", "low"];

/** Finding i of an audit of 40 repositories with 25 files each, committed 2014-2025. */
function finding(i: number, secret: string): Finding {
  const repository = `org/repo-${String(i % 40).padStart(2, "0")}`;
  const file = `src/module-${(i >> 3) % 25}/settings.env`;
  return {
    ruleId: RULES[i % RULES.length],
    description: "a test finding",
    file,
    location: "file",
    startLine: 1 + (i % 500),
    endLine: 1 + (i % 500),
    startColumn: 5,
    endColumn: 5 + secret.length,
    secret: secret.slice(0, 4) + "*".repeat(16),
    match: "****",
    entropy: 4.2,
    severity: "high",
    tags: [],
    confidence: CONFIDENCE[i % 3],
    fingerprint: `${file}:${RULES[i % RULES.length]}:${i.toString(16).padStart(16, "0")}`,
    secretHash: i.toString(16),
    commit: (i % 4096).toString(16).padStart(40, "0"),
    author: `Dev ${i % 50}`,
    email: `dev${i % 50}@example.com`,
    date: `${2014 + (i % 12)}-0${1 + (i % 9)}-1${i % 10}T12:00:00+00:00`,
    message: `commit ${i}`,
    repository,
  } as Finding;
}

async function writeReport(path: string, findings: Finding[]): Promise<void> {
  const out = createWriteStream(path);
  for (const part of reportParts("html", { findings, stats: emptyStats(), rules: [], color: false, toolVersion: "test" })) {
    if (!out.write(part)) await new Promise((r) => out.once("drain", r));
  }
  await new Promise((r) => out.end(r));
}

describe.skipIf(!CHROMIUM)("--format html with 100,000 findings", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    cleanupTmp();
  });

  it("renders one page of rows, filters and pages through all of them", async () => {
    const secrets = Array.from({ length: 64 }, () => fakeToken());
    const findings = Array.from({ length: COUNT }, (_, i) => finding(i, secrets[i % secrets.length]));
    const path = join(tmpDir(), "audit.html");
    let t0 = performance.now();
    await writeReport(path, findings);
    const writeMs = performance.now() - t0;

    t0 = performance.now();
    const { page, requests, errors } = await openReport(browser, path);
    const openMs = performance.now() - t0;
    let t = await renderedTable(page);
    expect(t.status).toBe(`Showing 1–200 of ${COUNT.toLocaleString("en-US").replace(/,/g, "")} findings`);
    expect(t.rows).toHaveLength(200);
    // One page in the DOM: the whole document stays a few thousand elements.
    expect(await page.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThan(5000);
    expect(await page.$eval(".lg-page", (p) => p.textContent)).toBe(`Page 1 of ${COUNT / 200}`);
    expect(await page.$eval("#lg-total", (e) => e.textContent)).toBe(String(COUNT));
    expect(await page.$$eval("#lg-by-repository tbody tr", (r) => r.length)).toBe(40);
    expect(await page.$$eval("#lg-by-year g", (g) => g.map((x) => Number(x.getAttribute("data-count"))))).toEqual(Array(12).fill(COUNT / 12).map((n, y) => (y < COUNT % 12 ? Math.ceil(n) : Math.floor(n))));

    t0 = performance.now();
    await afterRender(page, () => page.select("#lg-f-rule", "=slack-bot-token"));
    const filterMs = performance.now() - t0;
    t = await renderedTable(page);
    expect(t.status).toBe(`Showing 1–200 of ${COUNT / 4} findings (filtered from ${COUNT})`);
    expect(new Set(t.rows.map((r) => r.cells.rule))).toEqual(new Set(["slack-bot-token"]));

    t0 = performance.now();
    await afterRender(page, () => page.click(`button[data-sort="date"]`));
    const sortMs = performance.now() - t0;
    t = await renderedTable(page);
    expect(t.rows[0].titles.date.slice(0, 4)).toBe("2025");

    await afterRender(page, () => page.type("#lg-f-text", "org/repo-07"));
    t = await renderedTable(page);
    const expected = findings.filter((f, i) => i % 4 === 3 && (f as { repository?: string }).repository === "org/repo-07").length;
    expect(t.status).toBe(`Showing 1–200 of ${expected} findings (filtered from ${COUNT})`);
    expect(t.groups.filter((g) => g.kind === "repository").map((g) => g.label)).toEqual(["org/repo-07"]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);

    const mb = statSync(path).size / 1024 / 1024;
    console.log(
      `html report, ${COUNT} findings: ${mb.toFixed(1)} MB written in ${Math.round(writeMs)} ms; ` +
        `first render ${Math.round(openMs)} ms; filter ${Math.round(filterMs)} ms; sort ${Math.round(sortMs)} ms`,
    );
    await page.close();
  }, 180_000);
});
