// Issue #12 item 11: a scan keeps its findings compactly and hands them out through a
// read-only array view. Checked at a small scale on real scans: every finding comes back
// whole (same fields, same order of fields, same fingerprint), in report order, through
// every way reporters read an array; the text report streams one group at a time.
import { createHmac } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FindingStore } from "../../src/engine/finding-store.js";
import { ScanSession } from "../../src/engine/session.js";
import { sortFindings } from "../../src/engine/result.js";
import { textParts } from "../../src/report/text.js";
import { workingTreeSource } from "../../src/sources/working-tree.js";
import type { Finding } from "../../src/types.js";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

const KEY = "finding-store-test-key-" + fakePassword();
const saved = process.env.LEAKGUARD_HASH_KEY;
beforeAll(() => void (process.env.LEAKGUARD_HASH_KEY = KEY));
afterAll(() => {
  if (saved === undefined) delete process.env.LEAKGUARD_HASH_KEY;
  else process.env.LEAKGUARD_HASH_KEY = saved;
  cleanupTmp();
});

async function scanDir(files: Record<string, string>): Promise<{ findings: Finding[]; count: number }> {
  const root = tmpDir();
  writeFiles(root, files);
  const session = await ScanSession.open({ root, threads: 1, warn: () => {} });
  await session.scan(workingTreeSource({ root, exclude: [], include: [], defaultExcludes: true, gitignore: false }));
  const r = await session.finish();
  return { findings: r.findings, count: r.stats.findings };
}

const lines = (n: number) => Array.from({ length: n }, () => passwordLine(`"${fakePassword()}"`)).join("\n") + "\n";

describe("findings of a scan", () => {
  it("come back whole, in report order, through every way an array is read", async () => {
    const token = fakeGithubToken();
    const { findings, count } = await scanDir({
      "b.env": lines(1500),
      "a.env": `GH=${token}\n` + lines(1500),
      "c/encoded.yaml": `value: ${Buffer.from(`GH=${fakeGithubToken()}`).toString("base64")}\n`,
    });
    expect(findings.length).toBe(count);
    // Thousands of findings (a random value now and then reads as weak and is dropped: not counted on).
    expect(count).toBeGreaterThan(2900);
    const built = [...findings];
    expect(built.some((f) => f.decodedFrom)).toBe(true);
    // Report order, and each fingerprint is the keyed hash of its own secret.
    expect(built).toEqual(sortFindings(built));
    for (const f of built) {
      const hash = createHmac("sha256", KEY).update(f.secret).digest("hex");
      expect(f.secretHash).toBe(hash);
      expect(f.fingerprint).toBe(`${f.file}:${f.ruleId}:${hash.slice(0, 16)}`);
    }
    // Array reads reporters use.
    expect(findings.map((f) => f.fingerprint)).toEqual(built.map((f) => f.fingerprint));
    expect(findings.filter((f) => f.file === "a.env").length).toBe(built.filter((f) => f.file === "a.env").length);
    expect(findings.some((f) => f.secret === token)).toBe(true);
    expect(JSON.parse(JSON.stringify(findings))).toEqual(JSON.parse(JSON.stringify(built)));
    expect(findings[count]).toBeUndefined();
    expect(Object.keys(findings).length).toBe(count);
    expect(findings).toEqual(built);
    expect(() => ((findings as Finding[])[0] = built[1])).toThrow(/read-only/);
    expect(() => ((findings[0] as { repository?: string }).repository = "elsewhere")).toThrow(TypeError);
  }, 60_000);

  it("a finding stored and read back is the same object, field for field", async () => {
    const { findings } = await scanDir({ "a.env": `GH=${fakeGithubToken()}\n${passwordLine()}\n` });
    const commitMeta = { commit: "c".repeat(40), author: "A", email: "a@example.com", date: "2024-01-02T03:04:05Z", message: "m" };
    const variants: Finding[] = [
      ...findings,
      { ...findings[0], ...commitMeta, fingerprint: `${findings[0].fingerprint}@${commitMeta.commit}` },
      { ...findings[1], expired: true, checksum: "valid", decodedFrom: ["base64"] },
      { ...findings[1], verification: { status: "live", checkedAt: "2024-01-01T00:00:00Z", identity: { user: "x" } } },
      { ...findings[0], location: "commit-message", file: "", fingerprint: `:${findings[0].ruleId}:${findings[0].secretHash.slice(0, 16)}` },
    ];
    const store = new FindingStore();
    for (const f of variants) store.add(f);
    variants.forEach((f, i) => expect(store.get(i)).toStrictEqual(f));
    // Findings as the engine makes them keep their field order (the JSON report's).
    findings.forEach((f, i) => expect(JSON.stringify(store.get(i))).toBe(JSON.stringify(f)));
  }, 60_000);

  it("keep secrets and matches off the JS heap: a finding adds a few bytes of heap at most", async () => {
    const { findings } = await scanDir({ "a.env": `${passwordLine()}\n` });
    const model = findings[0];
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const store = new FindingStore();
    const n = 100_000;
    const kept = new Map<number, Finding>();
    const findingAt = (i: number): Finding => {
      const secret = `${fakePassword()}${i}`;
      const secretHash = createHmac("sha256", KEY).update(secret).digest("hex");
      return { ...model, secret, match: `DB_PASSWORD="${secret}"`, startLine: i + 1, endLine: i + 1, secretHash, fingerprint: `${model.file}:${model.ruleId}:${secretHash.slice(0, 16)}` };
    };
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < n; i++) {
      const f = findingAt(i);
      if (i % 997 === 0) kept.set(i, f);
      store.add(f);
    }
    gc();
    const perFinding = (process.memoryUsage().heapUsed - before) / n;
    // Secrets and matches as heap strings cost ~100 bytes a finding.
    expect(perFinding).toBeLessThan(16);
    expect(store.length).toBe(n);
    for (const [i, f] of kept) expect(store.get(i)).toStrictEqual(f);
  }, 60_000);

  it("the text report writes one group per file, each finding once, in order", async () => {
    const { findings, count } = await scanDir({ "x.env": lines(40), "y.env": lines(40), "z/w.env": lines(40) });
    const parts = [...textParts({ findings, stats: {} as never, rules: [], color: false, toolVersion: "0" })];
    expect(parts.length).toBe(3);
    expect(parts.map((p) => p.split("\n")[0])).toEqual(["x.env", "y.env", "z/w.env"]);
    expect(parts.join("").match(/fingerprint: /g)?.length).toBe(count);
  }, 60_000);
});
