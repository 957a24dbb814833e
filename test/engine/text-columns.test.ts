// Rows of strings kept as UTF-8 bytes outside the JS heap (src/engine/text-columns.ts):
// every string comes back as it went in, whatever its characters or length, across the
// buffers it spills over.
import { describe, expect, it } from "vitest";
import { TextColumns } from "../../src/engine/text-columns.js";
import { fakePassword } from "../helpers/secrets.js";

describe("text columns", () => {
  it("give back every string of every row, across many buffers and index growth", () => {
    const cols = new TextColumns(2, 4);
    const rows: [string, string][] = [];
    // Non-ASCII, astral characters, empty strings, and rows longer than one buffer.
    const odd = ["", "é", "日本語", "😀x😀", "\u0000nul", "ab".repeat(9 << 19), "ü".repeat(3 << 20)];
    for (let i = 0; i < 20_000; i++) {
      const secret = i % 1000 === 0 ? odd[(i / 1000) % odd.length] : fakePassword();
      rows.push([secret, `KEY_${i}="${secret}"`]);
    }
    for (const r of rows) cols.push(r);
    expect(cols.length).toBe(rows.length);
    rows.forEach(([a, b], i) => {
      if (cols.get(i, 0) !== a || cols.get(i, 1) !== b) expect([cols.get(i, 0), cols.get(i, 1)]).toEqual([a, b]);
    });
  });

  it("refuses a row of the wrong width", () => {
    expect(() => new TextColumns(2).push(["only one"])).toThrow(/2 strings/);
  });
});
