// Issue #12 item 5: directory scans never skip silently: names with line breaks are
// scanned, a symlink given as the scan path is followed, and directories past the OS
// path limit are counted as unreadable.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

const deepDirs: string[] = [];
afterAll(() => {
  // Node's rm cannot reach past the path limit; rm -rf works relative to each level.
  for (const d of deepDirs) execFileSync("rm", ["-rf", d]);
  cleanupTmp();
});

const scanJson = (path: string) => runCli(["scan", path, "--format", "json", "--threads", "1"]);

describe("odd paths in directory scans", () => {
  it.concurrent("scans files and directories whose names hold \\n or \\r", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a\nb.env": passwordLine() + "\n", "c\r.env": passwordLine() + "\n", "sub\ndir/d.env": passwordLine() + "\n", "plain.env": passwordLine() + "\n" });
    const r = await scanJson(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/scanned 4 files/);
    expect(jsonFindings(r.stdout).map((f) => f.file).sort()).toEqual(["a\nb.env", "c\r.env", "plain.env", "sub\ndir/d.env"].sort());
  }, 30_000);

  it.concurrent("reads names that are not valid UTF-8 by their raw bytes (inline and in worker threads)", async () => {
    const dir = tmpDir();
    const filler: Record<string, string> = {};
    for (let i = 0; i < 80; i++) filler[`f${i}.txt`] = "nothing here\n";
    writeFiles(dir, filler);
    const cafe = Buffer.concat([Buffer.from(dir + "/caf"), Buffer.from([0xe9]), Buffer.from(".env")]);
    const subdir = Buffer.concat([Buffer.from(dir + "/d"), Buffer.from([0xff])]);
    writeFileSync(cafe, passwordLine() + "\n");
    mkdirSync(subdir);
    writeFileSync(Buffer.concat([subdir, Buffer.from("/x.env")]), passwordLine() + "\n");
    for (const threads of ["1", "2"]) {
      const r = await runCli(["scan", dir, "--format", "json", "--threads", threads]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/scanned 82 files/);
      expect(r.stderr).not.toMatch(/unreadable/);
      expect(jsonFindings(r.stdout).map((f) => f.file).sort()).toEqual(["caf\uFFFD.env", "d\uFFFD/x.env"]);
    }
  }, 60_000);

  it.concurrent("follows a symlink (to a directory or a file) given as the scan path", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "real/app.env": passwordLine() + "\n" });
    symlinkSync(join(dir, "real"), join(dir, "link"));
    const r = await scanJson(join(dir, "link"));
    expect(r.code, r.stderr).toBe(1);
    expect(jsonFindings(r.stdout).map((f) => f.file)).toEqual(["app.env"]);
    // A symlink to a file, too.
    symlinkSync(join(dir, "real/app.env"), join(dir, "file-link.env"));
    const f = await scanJson(join(dir, "file-link.env"));
    expect(f.code, f.stderr).toBe(1);
    expect(f.stderr).toMatch(/scanned 1 file\b/);
  }, 30_000);

  it.concurrent("counts a directory past the OS path limit as unreadable", async () => {
    const dir = tmpDir();
    deepDirs.push(dir);
    writeFiles(dir, { "top.env": passwordLine() + "\n" });
    // 20 levels of 250-character names: over 5,000 bytes, past Linux's 4,096 PATH_MAX.
    const name = "d".repeat(250);
    execFileSync("bash", ["-c", `cd "$1" && for i in $(seq 1 20); do mkdir ${name} && cd ${name}; done && echo '${passwordLine()}' > deep.env`, "bash", dir]);
    const r = await scanJson(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/skipped \d+ unreadable/);
    expect(r.stderr).toMatch(/\d+ unreadable director/);
  }, 30_000);
});
