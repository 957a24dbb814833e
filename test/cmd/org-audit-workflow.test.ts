// The reusable organisation-audit workflow, read as GitHub reads it: its shape (list,
// matrix of shards, merge), its inputs, and every leakguard flag it calls exists in the
// built CLI.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ROOT, runCli } from "../helpers/cli.js";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
  outputs?: Record<string, string>;
}
interface Workflow {
  on: { workflow_call: { inputs: Record<string, { required?: boolean; type: string }>; secrets: Record<string, { required?: boolean }> } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = readFileSync(join(ROOT, ".github/workflows/org-audit.yml"), "utf8");
const wf = parse(text) as Workflow;

/** Each `leakguard <command> ...` call in a run script (continuation lines joined). */
function leakguardCalls(run: string): { command: string; words: string[] }[] {
  return run
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("leakguard "))
    .map((l) => {
      const words = l.split(/\s+/);
      return { command: words[1], words: words.slice(2) };
    });
}

describe("org-audit workflow", () => {
  it("is a reusable workflow with list, matrix scan and merge jobs", () => {
    const call = wf.on.workflow_call;
    expect(call.inputs.org).toMatchObject({ required: true, type: "string" });
    expect(call.inputs.shards.type).toBe("number");
    expect(call.secrets.token.required).toBe(true);
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(Object.keys(wf.jobs)).toEqual(["list", "scan", "merge"]);
    expect(wf.jobs.scan.needs).toBe("list");
    expect(wf.jobs.scan.strategy?.matrix?.shard).toBe("${{ fromJSON(needs.list.outputs.shards) }}");
    expect(wf.jobs.list.outputs?.shards).toMatch(/steps\.split\.outputs\.shards/);
    expect(wf.jobs.merge.needs).toEqual(["list", "scan"]);
    const uploads = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith("actions/upload-artifact")));
    expect(uploads.length).toBe(3);
    for (const u of uploads) expect(u.uses).toBe("actions/upload-artifact@v4");
    const mergeRun = wf.jobs.merge.steps.map((s) => s.run ?? "").join("\n");
    for (const f of ["json", "sarif", "html"]) expect(mergeRun).toContain(`--format ${f}`);
    expect(mergeRun).toContain("GITHUB_STEP_SUMMARY");
  });

  it("references only inputs it declares, and passes them to scripts through env, never inline", () => {
    const declared = new Set(Object.keys(wf.on.workflow_call.inputs));
    for (const m of text.matchAll(/inputs\.([A-Za-z0-9_-]+)/g)) expect(declared, m[1]).toContain(m[1]);
    for (const job of Object.values(wf.jobs)) for (const s of job.steps) if (s.run) expect(s.run).not.toMatch(/\$\{\{\s*inputs\./);
  });

  it("calls only leakguard commands and flags that exist", async () => {
    const calls = Object.values(wf.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? leakguardCalls(s.run) : [])));
    expect(new Set(calls.map((c) => c.command))).toEqual(new Set(["shard", "github", "merge"]));
    const help = new Map<string, string>();
    for (const cmd of new Set(calls.map((c) => c.command))) {
      const r = await runCli([cmd, "--help"]);
      expect(r.code).toBe(0);
      help.set(cmd, r.stdout);
    }
    for (const c of calls) {
      for (const [i, w] of c.words.entries()) {
        if (!w.startsWith("--")) continue;
        expect(help.get(c.command), `leakguard ${c.command} ${w}`).toMatch(new RegExp(`(^|\\s)${w}(\\s|,|$)`, "m"));
        if (w === "--format") expect(help.get(c.command)).toContain(`"${c.words[i + 1]}"`);
      }
    }
  });
});
