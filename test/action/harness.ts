// Runs the built Action entry (dist/lib/action.js) as a real child process with the
// environment a GitHub runner provides, and a real HTTP server standing in for the
// GitHub REST API that records every request.
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { git, tmpDir } from "../helpers/tmp.js";

export const ENTRY = fileURLToPath(new URL("../../dist/lib/action.js", import.meta.url));
export const ZEROS = "0".repeat(40);

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses the GITHUB_OUTPUT file (`name<<DELIM\nvalue\nDELIM` blocks, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = lines[i].match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join("\n");
    } else {
      const kv = lines[i].match(/^([^=]+)=(.*)$/);
      if (kv) out[kv[1]] = kv[2];
    }
  }
  return out;
}

export interface RunActionOptions {
  workspace: string;
  event: string;
  payload: unknown;
  inputs?: Record<string, string>;
  apiUrl?: string;
  repository?: string;
  /** Extra environment (e.g. a webhook signing key a revoke config names). */
  env?: Record<string, string>;
}

export function runAction(o: RunActionOptions): Promise<ActionRun> {
  const dir = tmpDir("leakguard-runner-");
  const eventPath = join(dir, "event.json");
  const outputPath = join(dir, "output");
  const summaryPath = join(dir, "summary.md");
  writeFileSync(eventPath, JSON.stringify(o.payload));
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  // Only what a runner sets: nothing of the test process's own GITHUB_*/INPUT_* leaks in.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k)) env[k] = v;
  Object.assign(env, {
    NO_COLOR: "1",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: o.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: o.apiUrl ?? "http://127.0.0.1:9/unused",
    GITHUB_REPOSITORY: o.repository ?? "octo/demo",
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_RUN_ID: "1001",
    RUNNER_TEMP: dir,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
  });
  Object.assign(env, o.env ?? {});
  // @actions/core reads INPUT_<NAME> upper-cased with hyphens kept.
  for (const [k, v] of Object.entries(o.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY], { cwd: o.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputPath, "utf8")),
        summary: readFileSync(summaryPath, "utf8"),
      });
    });
  });
}

/** The `::error file=...,line=...::message` workflow commands on stdout. */
export function annotations(stdout: string): Array<{ level: string; props: Record<string, string>; message: string }> {
  const out = [];
  for (const m of stdout.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)) {
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? "").trim().split(",").filter(Boolean)) {
      const i = kv.indexOf("=");
      props[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1).replace(/%2C/g, ","));
    }
    out.push({ level: m[1], props, message: m[3] });
  }
  return out;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

interface StoredComment {
  id: number;
  pull_request_review_id: number;
  pull_number: number;
  path: string;
  line: number;
  side: string;
  commit_id: string;
  body: string;
  user: { login: string; type: string };
}

interface StoredReview {
  id: number;
  pull_number: number;
  commit_id: string;
  event: string;
  body: string;
  user: { login: string; type: string };
}

/** The review endpoints of the GitHub REST API, in memory, recording every request. */
export class FakeGitHub {
  requests: RecordedRequest[] = [];
  comments: StoredComment[] = [];
  reviews: StoredReview[] = [];
  /** Status to answer POST .../reviews with (to test refusals). */
  createReviewStatus = 200;
  private nextId = 100;
  private server?: Server;
  url = "";

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    const addr = this.server.address();
    if (!addr || typeof addr === "string") throw new Error("no address");
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Forgets recorded requests (keeps stored reviews and comments). */
  reset(): void {
    this.requests = [];
  }

  /** Forgets everything: a fresh pull request. */
  clear(): void {
    this.requests = [];
    this.comments = [];
    this.reviews = [];
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      this.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      const url = new URL(req.url ?? "/", "http://x");
      const bot = { login: "github-actions[bot]", type: "Bot" };
      let m: RegExpMatchArray | null;
      if (req.method === "GET" && (m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/))) {
        return send(200, this.comments.filter((c) => c.pull_number === Number(m![1])));
      }
      if (req.method === "GET" && (m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/))) {
        return send(200, this.reviews.filter((r) => r.pull_number === Number(m![1])));
      }
      if (req.method === "POST" && (m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/))) {
        if (this.createReviewStatus !== 200) return send(this.createReviewStatus, { message: "refused" });
        const b = JSON.parse(body) as { commit_id: string; event: string; body: string; comments?: Array<{ path: string; line: number; side: string; body: string }> };
        if (!b.commit_id || !b.event) return send(422, { message: "commit_id and event are required" });
        const review: StoredReview = { id: this.nextId++, pull_number: Number(m[1]), commit_id: b.commit_id, event: b.event, body: b.body, user: bot };
        this.reviews.push(review);
        for (const c of b.comments ?? []) {
          if (!c.path || !Number.isInteger(c.line)) return send(422, { message: "path and line are required" });
          this.comments.push({ id: this.nextId++, pull_request_review_id: review.id, pull_number: review.pull_number, commit_id: b.commit_id, user: bot, ...c });
        }
        return send(200, review);
      }
      if (req.method === "PATCH" && (m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/comments\/(\d+)$/))) {
        const c = this.comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: "Not Found" });
        c.body = (JSON.parse(body) as { body: string }).body;
        return send(200, c);
      }
      send(404, { message: "Not Found" });
    });
  }
}

/** A bare "origin" and a developer clone that pushes to it. */
export function makeOrigin(): { origin: string; dev: string; url: string } {
  const origin = tmpDir("leakguard-origin-");
  git(origin, "init", "-q", "--bare", "-b", "main");
  const dev = tmpDir("leakguard-dev-");
  git(dev, "init", "-q", "-b", "main");
  git(dev, "config", "user.name", "Test Author");
  git(dev, "config", "user.email", "author@example.com");
  git(dev, "config", "commit.gpgsign", "false");
  const url = `file://${origin}`;
  git(dev, "remote", "add", "origin", url);
  return { origin, dev, url };
}

/**
 * What actions/checkout leaves behind: a repository whose `origin` is the bare repo,
 * with `ref` fetched (to `depth` commits, or all) and checked out detached.
 */
export function runnerCheckout(url: string, ref: string, depth?: number, branch?: string): string {
  const ws = tmpDir("leakguard-ws-");
  git(ws, "init", "-q", "-b", "main");
  git(ws, "remote", "add", "origin", url);
  const d = depth ? [`--depth=${depth}`] : [];
  if (!depth) git(ws, "fetch", "-q", "--no-tags", "origin", "+refs/heads/*:refs/remotes/origin/*");
  const local = branch ? `refs/remotes/origin/${branch}` : "refs/remotes/checkout";
  git(ws, "fetch", "-q", "--no-tags", ...d, "origin", `+${ref}:${local}`);
  git(ws, "checkout", "-q", "--detach", local);
  if (!branch) git(ws, "update-ref", "-d", local);
  return ws;
}
