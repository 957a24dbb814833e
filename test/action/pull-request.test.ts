// The Action on pull_request / pull_request_target: merge-base..head, config from the
// base commit, and one review through a fake GitHub API that re-runs update in place.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTmp, commitFiles, git } from "../helpers/tmp.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";
import { annotations, FakeGitHub, makeOrigin, runAction, runnerCheckout } from "./harness.js";

const api = new FakeGitHub();
beforeAll(() => api.start().then(() => undefined));
afterAll(async () => {
  await api.close();
  cleanupTmp();
});

const PR = 7;

interface PrRepo {
  dev: string;
  url: string;
  base: string;
  secrets: string[];
}

/** main with an old secret; a pull request branch `pr` published as refs/pull/7/head and /merge. */
function prRepo(): PrRepo {
  const { dev, url } = makeOrigin();
  const old = fakePassword();
  commitFiles(dev, { "README.md": "hello\n" }, "init");
  const base = commitFiles(dev, { "old.env": passwordLine(old) + "\n" }, "old secret on main");
  git(dev, "push", "-q", "origin", "main");
  git(dev, "checkout", "-q", "-b", "pr");
  return { dev, url, base, secrets: [old] };
}

/** Publishes the pr branch the way GitHub does: refs/pull/N/head and a merge ref. */
function publishPr(r: PrRepo): string {
  const head = git(r.dev, "rev-parse", "pr");
  git(r.dev, "push", "-q", "--force", "origin", `pr:refs/pull/${PR}/head`);
  git(r.dev, "checkout", "-q", "--detach", r.base);
  git(r.dev, "merge", "-q", "--no-ff", "-m", "merge", head);
  git(r.dev, "push", "-q", "--force", "origin", `HEAD:refs/pull/${PR}/merge`);
  git(r.dev, "checkout", "-q", "pr");
  return head;
}

function prPayload(base: string, head: string) {
  return {
    action: "synchronize",
    number: PR,
    pull_request: { number: PR, base: { sha: base, ref: "main" }, head: { sha: head, ref: "pr" } },
    repository: { default_branch: "main", full_name: "octo/demo" },
  };
}

function requestText(): string {
  return api.requests.map((q) => `${q.method} ${q.url}\n${JSON.stringify(q.headers)}\n${q.body}`).join("\n");
}

describe("pull_request", () => {
  it("reviews the merge-base..head range once, updates on re-run, resolves what disappears", async () => {
    const r = prRepo();
    const s1 = fakePassword();
    // The pull request also tries to silence its own scan: allowlist and ignore file.
    commitFiles(r.dev, { "app/settings.env": "# settings\nNAME=demo\n" + passwordLine(s1) + "\n" }, "add settings");
    commitFiles(r.dev, { ".leakguard.toml": '[extend]\ndisabledRules = ["generic-password"]\n\n[allowlist]\npaths = ["^app/"]\n', ".leakguardignore": "app/settings.env:generic-password\n" }, "quiet please");
    const head = publishPr(r);
    const ws = runnerCheckout(r.url, `refs/pull/${PR}/merge`, 1);
    const inputs = { "github-token": "test-token-123" };
    api.clear();

    const run1 = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(r.base, head), inputs, apiUrl: api.url });
    expect(run1.code, run1.stdout + run1.stderr).toBe(1);
    expect(run1.stdout).toContain(`pull_request #${PR}: ${r.base.slice(0, 12)}..${head.slice(0, 12)} (2 commits)`);
    expect(run1.stdout).toContain(`read from ${r.base.slice(0, 12)}, the commit the change starts from`);
    const ann = annotations(run1.stdout).filter((a) => a.props.file);
    expect(ann.map((a) => `${a.props.file}:${a.props.line}`)).toEqual(["app/settings.env:3"]);
    expect(run1.outputs.findings).toBe("1");

    const posts = api.requests.filter((q) => q.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0].url).toBe(`/repos/octo/demo/pulls/${PR}/reviews`);
    expect(posts[0].headers.authorization).toMatch(/test-token-123$/);
    const review = JSON.parse(posts[0].body);
    expect(review).toMatchObject({ commit_id: head, event: "COMMENT" });
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0]).toMatchObject({ path: "app/settings.env", line: 3, side: "RIGHT" });
    expect(review.comments[0].body).toMatch(/^<!-- leakguard:[0-9a-f]{16} -->/);
    expect(review.comments[0].body).toContain("generic-password");
    expect(api.comments).toHaveLength(1);
    expect(requestText()).not.toContain(s1);

    // Re-run on the same head: no new review, no duplicate comment.
    api.reset();
    const run2 = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(r.base, head), inputs, apiUrl: api.url });
    expect(run2.code).toBe(1);
    expect(api.requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(api.reviews).toHaveLength(1);
    expect(api.comments).toHaveLength(1);

    // A new commit with another secret: the old comment is updated, one new review adds one comment.
    const s2 = fakePassword();
    commitFiles(r.dev, { "more.env": passwordLine(s2) + "\n" }, "more");
    const head2 = publishPr(r);
    const ws2 = runnerCheckout(r.url, `refs/pull/${PR}/merge`, 1);
    api.reset();
    const run3 = await runAction({ workspace: ws2, event: "pull_request", payload: prPayload(r.base, head2), inputs, apiUrl: api.url });
    expect(run3.code, run3.stdout + run3.stderr).toBe(1);
    expect(run3.outputs.findings).toBe("2");
    const patches = api.requests.filter((q) => q.method === "PATCH");
    expect(patches.map((q) => q.url)).toEqual([`/repos/octo/demo/pulls/comments/${api.comments[0].id}`]);
    expect(api.comments[0].body).toContain(head2.slice(0, 12));
    const posts3 = api.requests.filter((q) => q.method === "POST");
    expect(posts3).toHaveLength(1);
    expect(JSON.parse(posts3[0].body).comments.map((c: { path: string; line: number }) => `${c.path}:${c.line}`)).toEqual(["more.env:1"]);
    expect(api.comments).toHaveLength(2);
    expect(api.reviews).toHaveLength(2);
    expect(requestText()).not.toContain(s1);
    expect(requestText()).not.toContain(s2);

    // History rewritten without the settings secret: its comment is marked resolved.
    git(r.dev, "reset", "-q", "--hard", r.base);
    commitFiles(r.dev, { "more.env": passwordLine(s2) + "\n" }, "more, alone");
    const head3 = publishPr(r);
    const ws3 = runnerCheckout(r.url, `refs/pull/${PR}/merge`, 1);
    api.reset();
    const run4 = await runAction({ workspace: ws3, event: "pull_request", payload: prPayload(r.base, head3), inputs, apiUrl: api.url });
    expect(run4.outputs.findings).toBe("1");
    expect(api.requests.filter((q) => q.method === "POST")).toHaveLength(0);
    expect(api.comments[0].body).toContain("no longer found");
    expect(api.comments[0].body).toContain(head3.slice(0, 12));
    expect(api.comments[1].body).toContain(head3.slice(0, 12));
    expect(api.comments).toHaveLength(2);
    expect(requestText()).not.toContain(s2);
    for (const run of [run1, run2, run3, run4]) {
      for (const s of [s1, s2, ...r.secrets]) {
        expect(run.stdout + run.stderr + run.summary).not.toContain(s);
      }
    }
  });

  it("config-from-base: false honours the pull request's own allowlist", async () => {
    const r = prRepo();
    commitFiles(r.dev, { "app/settings.env": passwordLine() + "\n", ".leakguard.toml": '[extend]\ndisabledRules = ["generic-password"]\n' }, "quiet");
    const head = publishPr(r);
    const ws = runnerCheckout(r.url, `refs/pull/${PR}/merge`, 1);
    const withBase = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(r.base, head), inputs: { "comment-on-pr": "false" } });
    expect(withBase.outputs.findings).toBe("1");
    const optOut = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(r.base, head), inputs: { "comment-on-pr": "false", "config-from-base": "false" } });
    expect(optOut.code, optOut.stdout + optOut.stderr).toBe(0);
    expect(optOut.outputs.findings).toBe("0");
  });

  it("a pull request cannot rewrite a file the base config extends, nor redefine a built-in rule", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "README.md": "hello\n" }, "init");
    const extra = "[[rules]]\nid = 'team-marker'\ndescription = 'team marker'\nregex = 'teammarker_[a-z]{8}'\nkeywords = ['teammarker_']\n";
    const base = commitFiles(dev, { ".leakguard.toml": "[extend]\npaths = ['ci/extra.toml']\n", "ci/extra.toml": extra }, "config");
    git(dev, "push", "-q", "origin", "main");
    git(dev, "checkout", "-q", "-b", "pr");
    // The PR rewrites the extended file to redefine the password rule so that it never matches.
    const neutered = "[[rules]]\nid = 'generic-password'\ndescription = 'x'\nregex = 'neverneverx[0-9]{99}'\nkeywords = ['neverneverx']\n";
    commitFiles(dev, { "ci/extra.toml": neutered, "app/settings.env": passwordLine() + "\n" }, "neuter");
    const r: PrRepo = { dev, url, base, secrets: [] };
    const head = publishPr(r);
    const ws = runnerCheckout(url, `refs/pull/${PR}/merge`, 1);
    const res = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(base, head), inputs: { "comment-on-pr": "false" } });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(res.outputs.findings).toBe("1");
    // The same config from the checkout fails: replacing a built-in rule needs disabledRules.
    const own = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(base, head), inputs: { "comment-on-pr": "false", "config-from-base": "false" } });
    expect(own.code).toBe(2);
    expect(own.stdout + own.stderr).toMatch(/rule 'generic-password' has the id of a built-in rule; list it in extend\.disabledRules/);
  });

  it("pull_request_target: head fetched as objects only, never checked out", async () => {
    const r = prRepo();
    const s1 = fakePassword();
    commitFiles(r.dev, { "app/settings.env": passwordLine(s1) + "\n" }, "add settings");
    const head = publishPr(r);
    // pull_request_target checks out the base branch.
    const ws = runnerCheckout(r.url, "refs/heads/main", 1, "main");
    api.clear();
    const run = await runAction({ workspace: ws, event: "pull_request_target", payload: prPayload(r.base, head), inputs: { "github-token": "t" }, apiUrl: api.url });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain(`pull_request_target #${PR}: ${r.base.slice(0, 12)}..${head.slice(0, 12)} (1 commit)`);
    expect(run.outputs.findings).toBe("1");
    expect(git(ws, "rev-parse", "HEAD")).toBe(r.base);
    expect(existsSync(join(ws, "app"))).toBe(false);
    expect(git(ws, "status", "--porcelain")).toBe("");
    expect(git(ws, "for-each-ref", "--format=%(refname)")).toBe("refs/remotes/origin/main");
    const review = JSON.parse(api.requests.find((q) => q.method === "POST")!.body);
    expect(review.comments.map((c: { path: string }) => c.path)).toEqual(["app/settings.env"]);
    expect(requestText()).not.toContain(s1);
  });

  it("base equal to head is an empty range; a refused review does not hide the result", async () => {
    const r = prRepo();
    const ws = runnerCheckout(r.url, "refs/heads/main", 1, "main");
    api.clear();
    const empty = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(r.base, r.base), inputs: { "github-token": "t" }, apiUrl: api.url });
    expect(empty.code, empty.stdout + empty.stderr).toBe(0);
    expect(empty.stdout).toContain("base equals head, nothing to scan");
    expect(empty.outputs).toMatchObject({ findings: "0", "exit-code": "0" });
    expect(api.requests.filter((q) => q.method !== "GET")).toEqual([]);

    commitFiles(r.dev, { "a.env": passwordLine() + "\n" }, "secret");
    const head = publishPr(r);
    const ws2 = runnerCheckout(r.url, `refs/pull/${PR}/merge`, 1);
    const other = new FakeGitHub();
    other.createReviewStatus = 403;
    await other.start();
    try {
      const refused = await runAction({ workspace: ws2, event: "pull_request", payload: prPayload(r.base, head), inputs: { "github-token": "t" }, apiUrl: other.url });
      expect(refused.code).toBe(1);
      expect(refused.outputs.findings).toBe("1");
      expect(refused.stdout).toMatch(/^::warning::leakguard: cannot post the pull request review \(HTTP 403\)/m);
      expect(annotations(refused.stdout).some((a) => a.props.file === "a.env")).toBe(true);
    } finally {
      await other.close();
    }
  });

  it("unknown base commit: exit 2 naming it", async () => {
    const r = prRepo();
    commitFiles(r.dev, { "a.txt": "x\n" }, "work");
    const head = publishPr(r);
    const ws = runnerCheckout(r.url, `refs/pull/${PR}/merge`, 1);
    const missing = "1234567890abcdef1234567890abcdef12345678";
    const run = await runAction({ workspace: ws, event: "pull_request", payload: prPayload(missing, head), inputs: { "comment-on-pr": "false" } });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`::error::leakguard: pull_request #${PR}: base commit ${missing} is not in the checkout and cannot be fetched from origin`);
    expect(run.outputs["exit-code"]).toBe("2");
  });
});
