// A files task (src/detect/file-job.ts) hands back what it has once it has read enough
// bytes or found enough candidates, so a batch of big files full of findings never
// crosses to the main thread as one message; the caller sends the rest again.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Detector } from "../../src/detect/detector.js";
import { FILES_TASK_BYTES, FILES_TASK_CANDIDATES, scanFilesWith, type FileJob } from "../../src/detect/file-job.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

const detector = new Detector(loadBuiltinRules());

function jobsFor(files: Record<string, string>): FileJob[] {
  const root = tmpDir();
  writeFiles(root, files);
  return Object.keys(files).map((path) => ({ absPath: join(root, path), path, maxFileSize: 64 << 20 }));
}

const found = (r: ReturnType<typeof scanFilesWith>[number]): number => (r.status === "ok" ? r.candidates.length : 0);

describe("a files task", () => {
  it("stops once it has found enough candidates, after a whole file", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`f${i}.env`] = Array.from({ length: Math.floor(FILES_TASK_CANDIDATES / 3) }, () => passwordLine(`"${fakePassword()}"`)).join("\n") + "\n";
    const jobs = jobsFor(files);
    const each = jobs.map((j) => found(scanFilesWith(detector, [j])[0]));
    // Where the limit falls: the first file after which the count reaches it.
    let upTo = 0;
    for (let sum = 0; upTo < each.length && sum < FILES_TASK_CANDIDATES; upTo++) sum += each[upTo];
    expect(upTo).toBeGreaterThan(1);
    expect(upTo).toBeLessThan(jobs.length);
    const first = scanFilesWith(detector, jobs);
    expect(first.map(found)).toEqual(each.slice(0, upTo));
    // The rest, sent again, is scanned from where the first task stopped.
    const rest = scanFilesWith(detector, jobs.slice(first.length));
    expect([...first, ...rest].map(found)).toEqual(each);
  }, 60_000);

  it("stops once it has read enough bytes, and always scans at least one file", () => {
    const big = "x = 1\n".repeat(Math.ceil(FILES_TASK_BYTES / 6));
    const jobs = jobsFor({ "a.txt": big, "b.txt": big, "c.txt": "y = 2\n" });
    expect(scanFilesWith(detector, jobs).length).toBe(1);
    expect(scanFilesWith(detector, jobs.slice(1)).length).toBe(1);
    expect(scanFilesWith(detector, jobs.slice(2)).length).toBe(1);
    // Small files all go in one task.
    const small = jobsFor(Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`s${i}.js`, `export const v${i} = ${i};\n`])));
    expect(scanFilesWith(detector, small).length).toBe(64);
  }, 60_000);
});
