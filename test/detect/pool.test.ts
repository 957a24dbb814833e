// Worker threads only for scans big enough to pay for them (src/detect/pool.ts): real
// directories, the real CLI, and what it loaded.
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { loadedPackage, runCliLoaded } from "../helpers/loaded-modules.js";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

function secretsOf(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: { file: string; secret: string }[] }).findings.map((f) => `${f.file} ${f.secret}`).sort();
}

describe("the worker pool", () => {
  it("starts only once the walk finds enough work, and then finds what a single thread finds", async () => {
    const one = tmpDir();
    writeFiles(one, { "app.js": "export const answer = 42;\n" });
    const small = await runCliLoaded(["scan", one, "--threads", "2"]);
    expect(small.code, small.stderr).toBe(0);
    expect(small.stderr).toContain("scanned 1 file");
    expect(loadedPackage(small, "piscina")).toBe(false);

    const dir = tmpDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/m${i % 7}/f${i}.js`] = `export const v${i} = ${i};\n`.repeat(40) + (i % 37 === 5 ? `const token = "${fakeGithubToken()}";\n` : "");
    writeFiles(dir, files);
    const pooled = await runCliLoaded(["scan", dir, "--threads", "2", "--format", "json", "--show-secrets"]);
    expect(pooled.code, pooled.stderr).toBe(1);
    expect(loadedPackage(pooled, "piscina")).toBe(true);
    expect(pooled.stderr).toContain("scanned 300 files");
    const single = await runCli(["scan", dir, "--threads", "1", "--format", "json", "--show-secrets"]);
    expect(single.code, single.stderr).toBe(1);
    expect(secretsOf(pooled.stdout)).toHaveLength(Object.values(files).filter((t) => t.includes("token")).length);
    expect(secretsOf(pooled.stdout)).toEqual(secretsOf(single.stdout));
  });

  it("sends a batch again from where a worker stopped (its task limits), and loses no file", async () => {
    // 70 files of 200 findings: the first batch of 64 holds ~12,800 candidates, over the
    // limit of one task several times.
    const dir = tmpDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 70; i++) files[`env/f${i}.env`] = Array.from({ length: 200 }, () => passwordLine(`"${fakePassword()}"`)).join("\n") + "\n";
    writeFiles(dir, files);
    const pooled = await runCliLoaded(["scan", dir, "--threads", "2", "--format", "json", "--show-secrets"], { timeoutMs: 120_000 });
    expect(pooled.code, pooled.stderr).toBe(1);
    expect(loadedPackage(pooled, "piscina")).toBe(true);
    expect(pooled.stderr).toContain("scanned 70 files");
    const single = await runCli(["scan", dir, "--threads", "1", "--format", "json", "--show-secrets"], { timeoutMs: 120_000 });
    const found = secretsOf(pooled.stdout);
    expect(found.length).toBeGreaterThan(12_000);
    expect(new Set(found.map((f) => f.split(" ")[0])).size).toBe(70);
    expect(found).toEqual(secretsOf(single.stdout));
  }, 240_000);
});
