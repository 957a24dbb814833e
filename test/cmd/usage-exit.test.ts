// Issue #12 item 14: a usage error while the early worker pool boots must exit 2, always
// (it used to abort V8 with exit 134 in about 1 run in 80-160, so 40 runs catch a
// regression only about 1 time in 3: kept small because each run boots worker threads).
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

describe("usage errors during worker start-up", () => {
  it("exits 2 with the message on every one of 40 runs", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "hello\n" });
    const codes = new Map<number, number>();
    let bad = "";
    const one = async () => {
      const r = await runCli(["scan", dir, "--bogus"]);
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      if (r.code !== 2 || !r.stderr.startsWith("leakguard: Unknown argument: bogus")) bad ||= `exit ${r.code}: ${r.stderr.slice(0, 200)}`;
    };
    for (let i = 0; i < 20; i++) await Promise.all([one(), one()]);
    expect(bad).toBe("");
    expect(codes.get(2)).toBe(40);
  }, 180_000);
});
