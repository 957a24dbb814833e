// `leakguard rules`: each rule's id, confidence, tags, references and examples count
// (JSON), and counts by confidence and tag (text), through the real CLI.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { parseKeyedTable } from "../../src/config/keyed.js";
import { runCli } from "../helpers/cli.js";
import { tmpDir, writeFiles } from "../helpers/tmp.js";

interface Listed {
  id: string;
  description: string;
  confidence: string;
  tags: string[];
  service?: string;
  references: string[];
  examples: number;
  verify: boolean;
  revoke: boolean;
}

const pack = loadBuiltinRules();

describe("leakguard rules", () => {
  it("lists each rule with its confidence, tags, references and number of examples (--format json)", async () => {
    const r = await runCli(["rules", "--format", "json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Listed[];
    expect(list.map((x) => x.id).sort()).toEqual(pack.map((x) => x.id).sort());
    const byId = new Map(list.map((x) => [x.id, x]));
    for (const rule of pack) {
      const got = byId.get(rule.id)!;
      expect(got.examples, rule.id).toBe((rule.truePositives?.length ?? 0) + (rule.falsePositives?.length ?? 0));
      expect(got.references, rule.id).toEqual(rule.references ?? []);
      expect(got.tags, rule.id).toEqual(rule.tags ?? []);
      expect(got.description, rule.id).toBe(rule.description);
    }
    const keyed = list.filter((x) => x.tags.includes("keyed"));
    expect(keyed.length).toBeGreaterThan(0);
    for (const k of keyed) expect([k.confidence, k.references.length > 0, k.examples > 0], k.id).toEqual(["medium", true, true]);
    expect(byId.get("generic-api-key")!.confidence).toBe("low");
    // A checksum rule reports only valid tokens, at high confidence.
    expect(list.filter((x) => pack.find((p) => p.id === x.id)!.validate).every((x) => x.confidence === "high")).toBe(true);
  });

  it("ends the text listing with counts by confidence and by tag", async () => {
    const [text, json] = await Promise.all([runCli(["rules"]), runCli(["rules", "-f", "json"])]);
    expect(text.code).toBe(0);
    const list = JSON.parse(json.stdout) as Listed[];
    const n = (f: (x: Listed) => boolean) => list.filter(f).length;
    const services = new Set(list.flatMap((x) => (x.service ? [x.service] : []))).size;
    expect(text.stdout).toContain(`\n${list.length} rules for ${services} distinct services (${n((x) => x.verify)} verifiable with --verify, ${n((x) => x.revoke)} revocable by their provider)\n`);
    const conf = ["high", "medium", "low"].map((c) => `${c} ${n((x) => x.confidence === c)}`).join(", ");
    expect(text.stdout).toContain(`by confidence: ${conf}\n`);
    const tagLine = text.stdout.split("\n").find((l) => l.startsWith("by tag: "))!;
    expect(tagLine).toContain(`keyed ${n((x) => x.tags.includes("keyed"))}`);
    expect(tagLine).toContain(`generic ${n((x) => x.tags.includes("generic"))}`);
  });

  it("names each rule's service: a keyed row's id, a rule's service field, else the id's first word; none for generic rules", async () => {
    const r = await runCli(["rules", "--format", "json"]);
    const list = JSON.parse(r.stdout) as Listed[];
    const byId = new Map(list.map((x) => [x.id, x]));
    expect(byId.get("stripe-secret-key")!.service).toBe("stripe");
    expect(byId.get("test-pypi-upload-token")!.service).toBe("pypi");
    for (const x of list.filter((l) => l.tags.includes("generic") || l.tags.includes("private-key"))) expect(x.service, x.id).toBeUndefined();
    const keyed = pack.filter((p) => p.tags?.includes("keyed"));
    for (const k of keyed) expect(byId.get(k.id)!.service, k.id).toBe(k.service);
    // The breadth target: 700+ rules for 550+ distinct services.
    const services = new Set(list.flatMap((x) => (x.service ? [x.service] : [])));
    expect(list.length).toBeGreaterThanOrEqual(700);
    expect(services.size).toBeGreaterThanOrEqual(550);
  });

  it("counts a user's rules with their own examples", async () => {
    const dir = tmpDir();
    const rule = `[[rules]]\nid = "house-token"\ndescription = "House token"\nregex = '''(hst_[0-9a-f]{16})'''\nkeywords = ["hst_"]\ntags = ["house-only"]\nconfidence = "high"\ntruePositives = ["x = hst_0f1e2d3c4b5a6978"]\nfalsePositives = ["x = hst_0f1e", "y"]\n`;
    writeFiles(dir, { "lg.toml": rule });
    const r = await runCli(["rules", "-f", "json", "-c", join(dir, "lg.toml")]);
    expect(r.code).toBe(0);
    const mine = (JSON.parse(r.stdout) as Listed[]).find((x) => x.id === "house-token");
    expect(mine).toMatchObject({ confidence: "high", tags: ["house-only"], examples: 3, references: [], service: "house" });
    const text = await runCli(["rules", "-c", join(dir, "lg.toml")]);
    expect(text.stdout).toMatch(/by tag: .*\bhouse-only 1\b/);
  });
});

describe("leakguard rules test on a keyed service table", () => {
  const row = `[[services]]\nid = "quillsvc"\nname = "Quill"\nkeywords = ["quillsvc"]\nshape = "hex:32"\nreferences = ["https://docs.example.org/quill"]\n`;

  it("runs the rows' generated examples", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "table.toml": row });
    const expanded = parseKeyedTable(row, "table.toml") as Array<{ truePositives: string[]; falsePositives: string[] }>;
    const n = expanded[0].truePositives.length + expanded[0].falsePositives.length;
    const r = await runCli(["rules", "test", join(dir, "table.toml")]);
    expect(r.stdout).toContain(`${n} passed, 0 failed`);
    expect(r.code).toBe(0);
  });

  it("names the file and the service of a bad row in one line, exit 2", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "table.toml": row.replace('shape = "hex:32"', 'shape = "hex:3x"') });
    const r = await runCli(["rules", "test", join(dir, "table.toml")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/table\.toml: service 'quillsvc': shape 'hex:3x'/);
  });
});
