// Issue #12 item 16: on a pull request, .leakguardignore and the baseline are read from the
// base commit: entries there suppress, entries the pull request adds do not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, tmpDir, writeFiles } from "../helpers/tmp.js";
import { annotations, FakeGitHub, makeOrigin, runAction, runnerCheckout } from "../action/harness.js";

const api = new FakeGitHub();
beforeAll(() => api.start().then(() => undefined));
afterAll(async () => {
  await api.close();
  cleanupTmp();
});

const PR = 9;

/** The fingerprint leakguard gives `line` in file `path` (no @commit: every commit). */
async function fingerprintOf(path: string, line: string): Promise<string> {
  const dir = tmpDir();
  writeFiles(dir, { [path]: line + "\n" });
  const r = await runCli(["scan", dir, "--format", "json", "--threads", "1"]);
  const [f] = jsonFindings(r.stdout);
  expect(f?.fingerprint).toMatch(/^app\/\w+\.env:generic-password:[0-9a-f]{16}$/);
  return f.fingerprint;
}

function payload(base: string, head: string) {
  return {
    action: "synchronize",
    number: PR,
    pull_request: { number: PR, base: { sha: base, ref: "main" }, head: { sha: head, ref: "pr" } },
    repository: { default_branch: "main", full_name: "octo/demo" },
  };
}

/**
 * main suppresses `known` (in `file` on the base commit); the pull request adds `known`
 * and `fresh`, and tries to suppress `fresh` by editing the same file.
 */
async function runPr(file: (fps: string[]) => Record<string, string>, inputs: Record<string, string> = {}) {
  const known = passwordLine();
  const fresh = passwordLine();
  const fpKnown = await fingerprintOf("app/known.env", known);
  const fpFresh = await fingerprintOf("app/fresh.env", fresh);
  const { dev, url } = makeOrigin();
  commitFiles(dev, { "README.md": "hello\n" }, "init");
  const base = commitFiles(dev, file([fpKnown]), "suppress the known secret");
  git(dev, "push", "-q", "origin", "main");
  git(dev, "checkout", "-q", "-b", "pr");
  const head = commitFiles(dev, { "app/known.env": known + "\n", "app/fresh.env": fresh + "\n", ...file([fpKnown, fpFresh]) }, "secrets");
  git(dev, "push", "-q", "--force", "origin", `pr:refs/pull/${PR}/head`);
  const ws = runnerCheckout(url, `refs/pull/${PR}/head`, 1);
  const run = await runAction({ workspace: ws, event: "pull_request", payload: payload(base, head), inputs: { "comment-on-pr": "false", ...inputs } });
  return { run, files: annotations(run.stdout).flatMap((a) => (a.props.file ? [a.props.file] : [])).sort() };
}

describe("pull_request suppression from the base commit", () => {
  it("reads .leakguardignore from the base commit, not from the pull request", async () => {
    const { run, files } = await runPr((fps) => ({ ".leakguardignore": fps.join("\n") + "\n" }));
    expect(run.outputs.findings, run.stdout + run.stderr).toBe("1");
    expect(files).toEqual(["app/fresh.env"]);
  }, 120_000);

  it("reads the baseline from the base commit, not from the pull request", async () => {
    const { run, files } = await runPr((fps) => ({ "baseline.json": JSON.stringify({ version: 1, fingerprints: fps }) }), { baseline: "baseline.json" });
    expect(run.outputs.findings, run.stdout + run.stderr).toBe("1");
    expect(files).toEqual(["app/fresh.env"]);
  }, 120_000);
});
