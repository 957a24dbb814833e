// The system's Chromium, headless, driven by puppeteer-core, for the HTML report's tests.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const CHROMIUM = [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(
  (p): p is string => !!p && existsSync(p),
);

/** Says once, in the test log, why the browser tests did not run. */
export function reportMissingChromium(file: string): void {
  if (!CHROMIUM) console.warn(`${file}: skipped: no chromium binary found (apt-get install chromium, or set CHROME_PATH)`);
}

export function launchBrowser(): Promise<Browser> {
  // Chromium refuses to sandbox itself as root (CI runs as root).
  const root = process.getuid?.() === 0;
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...(root ? ["--no-sandbox"] : []), "--disable-gpu", "--disable-dev-shm-usage"] });
}

export interface OpenedReport {
  page: Page;
  /** Every request the page made other than loading the report itself (each refused). */
  requests: string[];
  /** Script errors, console errors and CSP violations. */
  errors: string[];
}

/** Opens a report file and waits for its first render. */
export async function openReport(browser: Browser, file: string, opts: { intercept?: boolean } = {}): Promise<OpenedReport> {
  const page = await browser.newPage();
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const errors: string[] = [];
  if (opts.intercept !== false) {
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      if (req.url() === url) void req.continue();
      else {
        requests.push(req.url());
        void req.abort();
      }
    });
  }
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") errors.push(m.text());
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("#lg-table[data-renders]", { timeout: 60_000 });
  return { page, requests, errors };
}

/** Runs `act` and waits until the table has rendered again. */
export async function afterRender(page: Page, act: () => Promise<unknown>): Promise<void> {
  const before = await page.$eval("#lg-table", (t) => Number(t.getAttribute("data-renders")));
  await act();
  await page.waitForFunction((n) => Number(document.querySelector("#lg-table")?.getAttribute("data-renders")) > n, { timeout: 30_000 }, before);
}

export interface RenderedRow {
  repository: string;
  file: string;
  /** Cell text by column class: line, rule, secret, confidence, severity, verification, commit, date, author, message. */
  cells: Record<string, string>;
  /** Full values kept in title attributes (full date, commit, message). */
  titles: Record<string, string>;
}

export interface RenderedGroup {
  kind: "repository" | "file";
  label: string;
  count: string;
}

/** The rows of the current page, each with the repository and file group it sits under. */
export async function renderedTable(page: Page): Promise<{ rows: RenderedRow[]; groups: RenderedGroup[]; status: string }> {
  return page.evaluate(() => {
    const rows: RenderedRow[] = [];
    const groups: RenderedGroup[] = [];
    let repository = "";
    let file = "";
    for (const tr of Array.from(document.querySelectorAll("#lg-rows tr"))) {
      const th = tr.querySelector("th");
      const label = th ? (th.firstChild?.textContent ?? "") : "";
      const count = th?.querySelector(".lg-count")?.textContent ?? "";
      if (tr.classList.contains("lg-repo")) {
        repository = label;
        groups.push({ kind: "repository", label, count });
      } else if (tr.classList.contains("lg-file")) {
        file = label;
        groups.push({ kind: "file", label, count });
      } else {
        const cells: Record<string, string> = {};
        const titles: Record<string, string> = {};
        for (const td of Array.from(tr.querySelectorAll("td"))) {
          const key = td.className.replace(/^lg-/, "");
          cells[key] = td.textContent ?? "";
          titles[key] = td.getAttribute("title") ?? "";
        }
        rows.push({ repository, file, cells, titles });
      }
    }
    return { rows, groups, status: document.querySelector("#lg-status")?.textContent ?? "" };
  });
}
