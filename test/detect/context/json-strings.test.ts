// JSON string values are unescaped before detection in JSON files and notebooks.
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../../src/config/load.js";
import { Detector } from "../../../src/detect/detector.js";
import { fakePassword, fakeToken } from "../../helpers/secrets.js";

const pack = new Detector(loadBuiltinRules());

function notebook(lines: string[]): string {
  return JSON.stringify({ cells: [{ cell_type: "code", source: lines }], metadata: {}, nbformat: 4 }, null, 1);
}

describe("JSON string unescaping", () => {
  it("finds an assignment inside a notebook's escaped source line, at that line", () => {
    const tk = fakeToken(28);
    const text = notebook(["import os\n", `API_KEY = "${tk}"\n`, "print(1)\n"]);
    const found = pack.detect(Buffer.from(text), "analysis.ipynb");
    expect(found.map((c) => [c.ruleId, c.secret, c.decodedFrom, c.startLine])).toEqual([["generic-api-key", tk, ["json"], text.split("\n").findIndex((l) => l.includes(tk)) + 1]]);
    expect(found[0].confidence).toBe("medium");
  });

  it("finds a password in a JSON document stored as a string value", () => {
    const pw = fakePassword();
    const text = JSON.stringify({ settings: JSON.stringify({ db: { password: pw } }) });
    expect(pack.detect(Buffer.from(text), "export.json").map((c) => c.secret)).toEqual([pw]);
  });

  it("leaves other files' escaped strings alone", () => {
    const text = notebook([`API_KEY = "${fakeToken(28)}"\n`]);
    expect(pack.detect(Buffer.from(text), "notes.txt")).toEqual([]);
  });
});
