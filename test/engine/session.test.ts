// The engine on its own: a session fed by sources (real temp directories and repos),
// returning findings and stats; the chunk contract (lines, lineMap, cacheKey, keep).
import { afterAll, describe, expect, it } from "vitest";
import { ScanSession, type SessionOptions } from "../../src/engine/session.js";
import type { Source, SourceChunk, SourceItem } from "../../src/engine/source.js";
import { exitCodeFor } from "../../src/engine/result.js";
import { workingTreeSource } from "../../src/sources/working-tree.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeGithubToken } from "../helpers/secrets.js";

afterAll(cleanupTmp);

function chunks(list: SourceItem[], unit = "files"): Source & { closed: boolean } {
  const src = {
    unit,
    closed: false,
    async *items(): AsyncGenerator<SourceItem> {
      yield* list;
    },
    close() {
      src.closed = true;
    },
  };
  return src;
}

async function open(extra: Partial<SessionOptions> = {}): Promise<{ session: ScanSession; warnings: string[] }> {
  const warnings: string[] = [];
  const session = await ScanSession.open({ root: tmpDir(), threads: 1, warn: (m) => warnings.push(m), ...extra });
  return { session, warnings };
}

describe("ScanSession", () => {
  it("scans chunks, applies line filters and line maps, and closes the source", async () => {
    const { session } = await open();
    const token = fakeGithubToken();
    const text = `a\nTOKEN=${token}\nb\nOTHER=${token}\n`;
    const src = chunks([
      { path: "kept.env", data: Buffer.from(text), lines: new Set([4]) },
      // Two lines of a bigger file: its line 1 is file line 10, line 2 is file line 20.
      { path: "region.env", data: Buffer.from(`x\nT=${token}\n`), lineMap: [10, 20], lines: new Set([20]) },
    ]);
    await session.scan(src);
    const r = await session.finish();
    expect(src.closed).toBe(true);
    expect(r.findings.map((f) => [f.file, f.startLine])).toEqual([
      ["kept.env", 4],
      ["region.env", 20],
    ]);
    expect(r.stats.filesScanned).toBe(2);
    expect(r.unit).toBe("files");
  });

  it("scans equal cache keys once, but reports each chunk", async () => {
    const { session } = await open();
    const data = Buffer.from(`T=${fakeGithubToken()}\n`);
    let calls = 0;
    const keep = async () => {
      calls++;
      return undefined;
    };
    const a: SourceChunk = { path: "a.txt", data, cacheKey: "blob1", keep };
    // Same key, different bytes: the cache answers (proving the second scan never ran).
    const b: SourceChunk = { path: "b.txt", data: Buffer.from("nothing here\n"), cacheKey: "blob1", counted: true };
    await session.scan(chunks([a, b]));
    const r = await session.finish();
    expect(r.findings.map((f) => f.file)).toEqual(["a.txt", "b.txt"]);
    expect(calls).toBe(1);
    expect(r.stats.filesScanned).toBe(1); // b was counted by its source
  });

  it("lets keep() drop lines after detection", async () => {
    const { session } = await open();
    const data = Buffer.from(`T=${fakeGithubToken()}\n`);
    await session.scan(chunks([{ path: "moved.txt", data, keep: async () => new Set<number>() }]));
    expect((await session.finish()).findings).toEqual([]);
  });

  it("reads file batches, counts every outcome, rejects allowlisted paths before reading", async () => {
    const dir = tmpDir();
    writeFiles(dir, {
      "a.env": `T=${fakeGithubToken()}\n`,
      "bin.dat": Buffer.from([0, 1, 2, 3, 0, 0, 0, 9]),
      "skip/me.env": `T=${fakeGithubToken()}\n`,
      ".leakguard.toml": "[allowlist]\npaths = ['''^skip/''']\n",
    });
    const { session, warnings } = await open({ root: dir });
    await session.scan(
      chunks([
        [
          { absPath: `${dir}/a.env`, path: "a.env" },
          { absPath: `${dir}/bin.dat`, path: "bin.dat" },
          { absPath: `${dir}/gone.txt`, path: "gone.txt" },
          { absPath: `${dir}/skip/me.env`, path: "skip/me.env" },
        ],
      ]),
    );
    const r = await session.finish();
    expect(r.findings.map((f) => f.file)).toEqual(["a.env"]);
    expect([r.stats.filesScanned, r.stats.skippedBinary, r.stats.skippedUnreadable, r.stats["allowlisted paths"]]).toEqual([1, 1, 1, 1]);
    expect(warnings).toEqual(["gone.txt: unreadable (ENOENT)"]);
  });

  it("turns a missing named file into a usage error", async () => {
    const { session } = await open();
    await expect(session.scan(chunks([[{ absPath: "/nonexistent/x", path: "x", given: "x" }]]))).rejects.toThrow("x: no such file");
    await session.abort();
  });

  it("suppresses by ignore file and baseline, counting them", async () => {
    const token = fakeGithubToken();
    const probe = await open();
    await probe.session.scan(chunks([{ path: "a.env", data: Buffer.from(`T=${token}\n`) }]));
    const [f] = (await probe.session.finish()).findings;
    const { session } = await open({ ignoreText: `${f.fingerprint}\n` });
    await session.scan(chunks([{ path: "a.env", data: Buffer.from(`T=${token}\n`) }]));
    const r = await session.finish();
    expect(r.findings).toEqual([]);
    expect(r.stats.suppressed).toBe(1);
  });

  it("runs a working-tree source with worker threads and finds the same as inline", async () => {
    const dir = tmpDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`d${i % 7}/f${i}.txt`] = i % 10 === 0 ? `K=${fakeGithubToken()}\n` : `plain ${i}\n`;
    writeFiles(dir, files);
    const results = [];
    for (const threads of [1, 2]) {
      const session = await ScanSession.open({ root: dir, threads, warn: () => {} });
      await session.scan(workingTreeSource({ root: dir, exclude: [], include: [], defaultExcludes: true, gitignore: false }));
      results.push(await session.finish());
    }
    expect(results[0].findings.map((f) => f.fingerprint)).toEqual(results[1].findings.map((f) => f.fingerprint));
    expect(results[0].findings).toHaveLength(15);
    expect(results[1].stats.filesScanned).toBe(150);
  });

  it("maps findings and revocation failures to exit codes", () => {
    expect(exitCodeFor(0, 0, 1)).toBe(0);
    expect(exitCodeFor(3, 0, 7)).toBe(7);
    expect(exitCodeFor(3, 0, 0)).toBe(0);
    expect(exitCodeFor(3, 1, 0)).toBe(1);
  });

  it("counts tokens dropped for a failed checksum, in chunks and in files", async () => {
    const good = fakeGithubToken();
    const bad = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    const dir = tmpDir();
    writeFiles(dir, { "a.env": `T=${bad}\n` });
    const { session } = await open({ root: dir });
    await session.scan(chunks([{ path: "c.env", data: Buffer.from(`T=${bad}\n`) }, [{ absPath: `${dir}/a.env`, path: "a.env" }]]));
    const r = await session.finish();
    expect(r.findings).toEqual([]);
    expect(r.stats["dropped for a failed checksum"]).toBe(2);
  });
});
