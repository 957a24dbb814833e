// Both ways of reading objects share one header parser: the long-lived async reader and
// the one-shot synchronous batch the hooks use.
import { afterAll, describe, expect, it } from "vitest";
import { CatFile, parseBatchHeader, readObjectsSync } from "../../src/git/cat-file.js";
import { cleanupTmp, git, initRepo, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

function repoWithBlobs(): { repo: string; small: string; big: string } {
  const repo = initRepo();
  writeFiles(repo, { "small.txt": "small\n", "big.txt": "x".repeat(200_000), "with space.txt": "spaced\n" });
  git(repo, "add", "-A");
  return { repo, small: git(repo, "rev-parse", ":small.txt"), big: git(repo, "rev-parse", ":big.txt") };
}

describe("cat-file readers", () => {
  it("parse headers of present, missing and ambiguous objects, and refuse garbage", () => {
    expect(parseBatchHeader(`${"a".repeat(40)} blob 12`)).toEqual({ name: "a".repeat(40), missing: false, type: "blob", size: 12 });
    expect(parseBatchHeader(":with space.txt missing")).toEqual({ name: ":with space.txt", missing: true });
    expect(parseBatchHeader("abc ambiguous")).toEqual({ name: "abc", missing: true });
    expect(parseBatchHeader("abc blob -1")).toBeUndefined();
    expect(parseBatchHeader("hello")).toBeUndefined();
  });

  it("read objects in order asynchronously, dropping bodies over the limit and answering missing ones", async () => {
    const { repo, small, big } = repoWithBlobs();
    const cat = new CatFile(repo);
    const missing = "1".repeat(40);
    const got = await Promise.all([cat.read(big, 1000), cat.read(small), cat.read(missing), cat.read(small)]);
    cat.close();
    expect(got.map((o) => (o ? [o.oid, o.type, o.size, o.data?.toString()] : null))).toEqual([
      [big, "blob", 200_000, undefined],
      [small, "blob", 6, "small\n"],
      null,
      [small, "blob", 6, "small\n"],
    ]);
  });

  it("read named objects in one synchronous call", () => {
    const { repo } = repoWithBlobs();
    const got = readObjectsSync([":small.txt", ":nope", ":with space.txt", ":missing file.txt"], { cwd: repo });
    expect(got.map((b) => b?.toString() ?? null)).toEqual(["small\n", null, "spaced\n", null]);
  });

  it("refuses a name with a line break (the protocol is line based)", () => {
    const { repo } = repoWithBlobs();
    expect(() => readObjectsSync([":a\nHEAD:small.txt"], { cwd: repo })).toThrow(/line break/);
  });
});
