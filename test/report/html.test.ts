// Issue #18, the HTML report: rendered by a real headless Chromium. A repository with
// markup planted in file names and commit messages is scanned through the CLI; the page
// must show the same findings as the JSON report, grouped, filterable and sortable,
// with no secret, no executed markup and no network request.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/index.js";
import type { Confidence, Finding, VerificationStatus } from "../../src/types.js";
import { emptyStats } from "../../src/types.js";
import { runCli } from "../helpers/cli.js";
import { leakedWindow } from "../helpers/redaction.js";
import { jsonFindings } from "../helpers/report.js";
import { fakeGithubToken, fakePassword, fakeToken, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, GIT_ENV, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { afterRender, CHROMIUM, launchBrowser, openReport, renderedTable, reportMissingChromium } from "./html-browser.js";

reportMissingChromium("test/report/html.test.ts");

/** Writes files and commits them with author and committer dates set to `date`. */
function commitAt(repo: string, files: Record<string, string>, message: string, date: string): void {
  writeFiles(repo, files);
  const env = { ...process.env, ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync("git", ["add", "-A"], { cwd: repo, env });
  execFileSync("git", ["commit", "-q", "-m", message], { cwd: repo, env });
}

/** A real HTTP server on 127.0.0.1 that counts every request it gets. */
async function countingServer(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end("hit");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe.skipIf(!CHROMIUM)("--format html in a headless browser", () => {
  let browser: Browser;
  let beacon: Awaited<ReturnType<typeof countingServer>>;
  beforeAll(async () => {
    [browser, beacon] = await Promise.all([launchBrowser(), countingServer()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    beacon?.server.close();
    cleanupTmp();
  });

  it("shows the history's findings grouped, filters and sorts them, and runs nothing planted in names or messages", async () => {
    const repo = initRepo();
    const secrets = { pat: fakeGithubToken(), oauth: fakeGithubToken("gho"), password: fakePassword(), inMessage: fakeGithubToken(), encoded: "" };
    const encodedToken = fakeGithubToken();
    secrets.encoded = Buffer.from(`GITHUB_TOKEN=${encodedToken}\n`).toString("base64");
    const hostile = {
      file: `<img src=x onerror="window.__pwned='file'">.env`,
      quote: `a'"><svg onload="window.__pwned='svg'">.env`,
      message:
        `Add settings </script><script>window.__pwned='message'</script>\n\n` +
        `<img src="${beacon.url}/message-img" onerror="window.__pwned='img'"> token ${secrets.inMessage}`,
    };
    commitAt(
      repo,
      { "config/app.env": `GITHUB_TOKEN=${secrets.pat}\n${passwordLine(secrets.password)}\n`, "deploy/values.yaml": `data: "${secrets.encoded}"\n` },
      "first config",
      "2021-03-04T10:00:00+00:00",
    );
    commitAt(repo, { [hostile.file]: `TOKEN=${fakeGithubToken()}\n`, [hostile.quote]: `OAUTH=${secrets.oauth}\n` }, hostile.message, "2023-06-01T12:00:00+02:00");
    commitAt(repo, { "src/deploy.sh": `export GH_TOKEN=${fakeGithubToken()}\nexport GH_TOKEN2=${fakeGithubToken()}\n` }, "deploy script", "2024-01-15T09:30:00-05:00");

    const json = await runCli(["git", repo, "--format", "json", "--threads", "1"]);
    expect(json.code, json.stderr).toBe(1);
    const expected = jsonFindings(json.stdout);
    expect(new Set(expected.map((f) => f.ruleId))).toEqual(new Set(["github-pat", "github-oauth-token", "generic-password"]));
    expect(expected.some((f) => f.location === "commit-message")).toBe(true);
    expect(expected.some((f) => f.decodedFrom?.includes("base64"))).toBe(true);

    const out = join(tmpDir(), "report.html");
    const r = await runCli(["git", repo, "--format", "html", "-o", out, "--threads", "1"]);
    expect(r.code, r.stderr).toBe(1);
    const html = readFileSync(out, "utf8");
    const { page, requests, errors } = await openReport(browser, out);
    const dom = await page.content();
    for (const s of [...Object.values(secrets), encodedToken]) {
      expect(leakedWindow(html, s), "report file").toBeUndefined();
      expect(leakedWindow(dom, s), "rendered DOM").toBeUndefined();
      expect(leakedWindow(r.stdout + r.stderr, s)).toBeUndefined();
    }

    // Nothing planted ran or loaded: no handler, no element of its own, no request.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.$$eval("img, [onerror], [onload], iframe, object, embed", (e) => e.length)).toBe(0);
    expect(await page.$$eval("script", (s) => s.map((x) => x.type || "classic"))).toEqual(["application/json", "application/json", "classic"]);
    expect(requests).toEqual([]);
    expect(beacon.hits).toEqual([]);
    expect(errors).toEqual([]);

    // Summary: the same counts as the JSON report.
    expect(await page.$eval("#lg-total", (e) => e.textContent)).toBe(String(expected.length));
    const byRule = await page.$$eval("#lg-by-rule tbody tr", (trs) => trs.map((tr) => [tr.querySelector("th")?.textContent, tr.lastElementChild?.textContent]));
    expect(Object.fromEntries(byRule)).toEqual(Object.fromEntries(Object.entries(countBy(expected, (f) => f.ruleId)).map(([k, v]) => [k, String(v)])));
    const byRepo = await page.$$eval("#lg-by-repository tbody tr", (trs) => trs.map((tr) => tr.textContent));
    expect(byRepo).toEqual([`(scanned target)${expected.length}${new Set(expected.map((f) => f.file)).size}`]);
    const years = await page.$$eval("#lg-by-year g", (gs) => gs.map((g) => [g.getAttribute("data-year"), Number(g.getAttribute("data-count"))]));
    expect(Object.fromEntries(years)).toEqual({ ...countBy(expected, (f) => f.date!.slice(0, 4)), 2022: 0 });

    // Table: every finding once, under its repository and file; planted names shown as text.
    let t = await renderedTable(page);
    expect(t.status).toBe(`Showing 1–${expected.length} of ${expected.length} findings`);
    expect(t.rows).toHaveLength(expected.length);
    expect(t.groups.filter((g) => g.kind === "repository").map((g) => g.label)).toEqual(["(scanned target)"]);
    const fileLabel = (f: Finding) => f.file || "(commit message)";
    expect(countBy(t.rows, (row) => row.file)).toEqual(countBy(expected, fileLabel));
    expect(t.groups.map((g) => g.label)).toContain(hostile.file);
    expect(t.groups.map((g) => g.label)).toContain(hostile.quote);
    const messageRows = t.rows.filter((row) => row.titles.message.startsWith("Add settings"));
    expect(messageRows.length).toBeGreaterThan(0);
    expect(messageRows[0].cells.message).toBe("Add settings </script><script>window.__pwned='message'</script>");
    expect(messageRows[0].titles.message).toContain(`onerror="window.__pwned='img'"`);
    // Each file's rows sit together (one group header per file on the page).
    const fileGroups = t.groups.filter((g) => g.kind === "file").map((g) => g.label);
    expect(new Set(fileGroups).size).toBe(fileGroups.length);

    // Filter by rule.
    await afterRender(page, () => page.select("#lg-f-rule", "=github-pat"));
    t = await renderedTable(page);
    expect(t.rows.map((row) => row.cells.rule)).toEqual(Array(countBy(expected, (f) => f.ruleId)["github-pat"]).fill("github-pat"));
    expect(t.status).toContain(`(filtered from ${expected.length})`);
    await afterRender(page, () => page.select("#lg-f-rule", ""));

    // Filter by confidence.
    const lowest = ["low", "medium", "high"].find((c) => expected.some((f) => f.confidence === c))!;
    await afterRender(page, () => page.select("#lg-f-confidence", `=${lowest}`));
    t = await renderedTable(page);
    expect(t.rows).toHaveLength(expected.filter((f) => f.confidence === lowest).length);
    expect(new Set(t.rows.map((row) => row.cells.confidence))).toEqual(new Set([lowest]));
    await afterRender(page, () => page.select("#lg-f-confidence", ""));

    // Filter by commit date: from 2023, then 2023 only.
    await afterRender(page, () => page.type("#lg-f-from", "2023"));
    t = await renderedTable(page);
    expect(t.rows).toHaveLength(expected.filter((f) => f.date! >= "2023").length);
    await afterRender(page, () => page.type("#lg-f-to", "2023"));
    t = await renderedTable(page);
    expect(t.rows).toHaveLength(expected.filter((f) => f.date!.startsWith("2023")).length);
    expect(new Set(t.rows.map((row) => row.cells.date.slice(0, 4)))).toEqual(new Set(["2023"]));
    for (const id of ["#lg-f-from", "#lg-f-to"]) await afterRender(page, () => page.$eval(id, (e) => { (e as HTMLInputElement).value = ""; e.dispatchEvent(new Event("input")); }));

    // Sort by date: newest first, then oldest first; a file's rows stay together.
    const times = expected.map((f) => Date.parse(f.date!));
    await afterRender(page, () => page.click(`button[data-sort="date"]`));
    t = await renderedTable(page);
    expect(await page.$eval(`th:has(> button[data-sort="date"])`, (th) => th.getAttribute("aria-sort"))).toBe("descending");
    expect(Date.parse(t.rows[0].titles.date)).toBe(Math.max(...times));
    expect(t.rows.at(-1)!.titles.date).toMatch(/^2021-/);
    await afterRender(page, () => page.click(`button[data-sort="date"]`));
    t = await renderedTable(page);
    expect(Date.parse(t.rows[0].titles.date)).toBe(Math.min(...times));
    const dates = t.rows.map((row) => Date.parse(row.titles.date));
    expect(dates).toEqual([...dates].sort((a, b) => a - b));

    // Free-text search finds the planted file name as text.
    await afterRender(page, () => page.type("#lg-f-text", "onerror"));
    t = await renderedTable(page);
    expect(t.rows.map((row) => row.file)).toContain(hostile.file);
    expect(t.rows.every((row) => `${row.file}\n${row.titles.message}`.includes("onerror"))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("--show-secrets shows them in the page; a directory scan has no commit-year chart; a rule's text is only text", async () => {
    const dir = tmpDir();
    const token = fakeGithubToken();
    const description = `ACME token <img src=x onerror="window.__pwned='rule'"><script>window.__pwned='rule'</script>`;
    const acme = `acme_${randomBytes(16).toString("hex")}`;
    const rule = ["[[rules]]", 'id = "acme-token"', `description = '''${description}'''`, "regex = '''\\b(acme_[0-9a-f]{32})\\b'''", 'keywords = ["acme_"]'];
    writeFiles(dir, {
      "app.env": `GITHUB_TOKEN=${token}\n`,
      "acme.cfg": `key = ${acme}\n`,
      ".leakguard.toml": ["[extend]", "useDefault = true", "", ...rule, ""].join("\n"),
    });
    const out = join(tmpDir(), "shown.html");
    const hidden = await runCli(["scan", dir, "--format", "html", "--threads", "1"]);
    expect(hidden.code, hidden.stderr).toBe(1);
    expect(leakedWindow(hidden.stdout, token)).toBeUndefined();
    const r = await runCli(["scan", dir, "--format", "html", "-o", out, "--show-secrets", "--threads", "1"]);
    expect(r.code, r.stderr).toBe(1);
    const { page, errors } = await openReport(browser, out);
    const t = await renderedTable(page);
    expect(t.rows.map((row) => row.cells.secret).sort()).toEqual([acme, token].sort());
    expect(t.rows[0].cells.date).toBe("");
    const rules = await page.$$eval("#lg-by-rule tbody tr", (trs) => trs.map((tr) => [tr.querySelector("th")?.textContent, tr.children[1].textContent]));
    expect(Object.fromEntries(rules)["acme-token"]).toBe(description);
    expect(t.rows.find((row) => row.cells.rule === "acme-token")?.titles.rule).toBe(description);
    expect(await page.$$eval("img, [onerror]", (e) => e.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.$eval("#lg-summary figure", (f) => f.textContent)).toContain("No commit dates");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("groups by repository, filters by verification status and pages through many findings", async () => {
    const statuses: Array<VerificationStatus | undefined> = ["live", "invalid", "unknown", "not-verifiable", undefined];
    const confidences: Confidence[] = ["high", "medium", "low"];
    const repos = ["acme/api", "acme/web", "acme/ops"];
    const findings: Finding[] = Array.from({ length: 450 }, (_, i) => {
      const status = statuses[i % statuses.length];
      const secret = fakeToken();
      return {
        ruleId: i % 2 ? "github-pat" : "generic-api-key",
        description: "a test finding",
        file: `src/file-${i % 7}.ts`,
        location: "file",
        startLine: i + 1,
        endLine: i + 1,
        startColumn: 1,
        endColumn: 1 + secret.length,
        secret: secret.slice(0, 4) + "****************",
        match: "****",
        entropy: 4,
        severity: "high",
        tags: [],
        confidence: confidences[i % 3],
        context: { fileRole: "code", lineRole: "code" },
        fingerprint: `src/file-${i % 7}.ts:rule:${i}`,
        secretHash: String(i),
        commit: (i % 16).toString(16).repeat(40),
        author: "Dev",
        email: "dev@example.com",
        date: `${2015 + (i % 10)}-02-03T04:05:06+00:00`,
        message: `change ${i}`,
        ...(status ? { verification: { status, checkedAt: "2026-01-01T00:00:00Z", ...(status === "unknown" ? { reason: "timeout" } : {}) } } : {}),
        repository: repos[i % 3],
      } as Finding;
    });
    const out = join(tmpDir(), "many.html");
    writeFiles(join(out, ".."), { "many.html": renderReport("html", { findings, stats: emptyStats(), rules: [], color: false, toolVersion: "test" }) });
    const { page, requests, errors } = await openReport(browser, out);

    const byRepo = await page.$$eval("#lg-by-repository tbody tr", (trs) => trs.map((tr) => [tr.querySelector("th")?.textContent, tr.children[1].textContent]));
    expect(Object.fromEntries(byRepo)).toEqual({ "acme/api": "150", "acme/web": "150", "acme/ops": "150" });
    const figures = await page.$$eval("#lg-figures li[data-verification]", (li) => li.map((l) => [l.getAttribute("data-verification"), l.querySelector("strong")?.textContent]));
    expect(Object.fromEntries(figures)).toEqual({ live: "90", unknown: "90", invalid: "90", "not-verifiable": "90", "": "90" });

    // Pages of 200: repositories in order, continued across a page break.
    let t = await renderedTable(page);
    expect(t.status).toBe("Showing 1–200 of 450 findings");
    expect(t.rows).toHaveLength(200);
    expect(t.groups.filter((g) => g.kind === "repository").map((g) => g.label)).toEqual(["acme/api", "acme/ops"]);
    expect(t.rows.every((row, i) => i === 0 || t.rows[i - 1].repository <= row.repository)).toBe(true);
    await afterRender(page, () => page.click(".lg-next"));
    t = await renderedTable(page);
    expect(t.status).toBe("Showing 201–400 of 450 findings");
    expect(t.groups[0]).toMatchObject({ kind: "repository", label: "acme/ops", count: "150 findings (continued)" });
    await afterRender(page, () => page.click(".lg-next"));
    t = await renderedTable(page);
    expect(t.rows).toHaveLength(50);
    expect(await page.$eval(".lg-next", (b) => (b as HTMLButtonElement).disabled)).toBe(true);

    // Filter by verification status, "not verified" included.
    await afterRender(page, () => page.select("#lg-f-verification", "=live"));
    t = await renderedTable(page);
    expect(t.status).toBe("Showing 1–90 of 90 findings (filtered from 450)");
    expect(new Set(t.rows.map((row) => row.cells.verification))).toEqual(new Set(["live"]));
    await afterRender(page, () => page.select("#lg-f-verification", "="));
    t = await renderedTable(page);
    expect(t.rows).toHaveLength(90);
    expect(new Set(t.rows.map((row) => row.cells.verification))).toEqual(new Set(["—"]));
    await afterRender(page, () => page.select("#lg-f-verification", ""));

    // Sort by verification: live first; repositories then follow their first live finding.
    await afterRender(page, () => page.click(`button[data-sort="verification"]`));
    t = await renderedTable(page);
    expect(t.rows[0].cells.verification).toBe("live");
    const rank = ["live", "unknown", "invalid", "not-verifiable", "—"];
    for (const [i, row] of t.rows.entries()) {
      const prev = t.rows[i - 1];
      if (prev?.repository === row.repository && prev.file === row.file) expect(rank.indexOf(prev.cells.verification)).toBeLessThanOrEqual(rank.indexOf(row.cells.verification));
      else expect(row.cells.verification, `first row of ${row.repository} ${row.file}`).toBe("live");
    }
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("the page's policy forbids every network request, even from script", async () => {
    const out = join(tmpDir(), "empty.html");
    writeFiles(join(out, ".."), { "empty.html": renderReport("html", { findings: [], stats: emptyStats(), rules: [], color: false, toolVersion: "test" }) });
    const { page } = await openReport(browser, out, { intercept: false });
    expect((await renderedTable(page)).status).toBe("No findings match these filters");
    const violations = await page.evaluate(async (base) => {
      const seen: string[] = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.effectiveDirective));
      const img = document.createElement("img");
      img.src = `${base}/img`;
      document.body.append(img);
      const fetched = await fetch(`${base}/fetch`).then(
        () => "fetched",
        () => "refused",
      );
      await new Promise((r) => setTimeout(r, 300));
      return { seen: seen.sort(), fetched };
    }, beacon.url);
    expect(violations).toEqual({ seen: ["connect-src", "img-src"], fetched: "refused" });
    expect(beacon.hits).toEqual([]);
    await page.close();
  }, 60_000);
});
