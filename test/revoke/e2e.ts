// Shared set-up for the end-to-end revocation tests: a GitHub-shaped server, a webhook
// receiver, and a scanned directory with an operator config outside it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { json, startServer, type TestServer } from "./servers.js";

export const KEY_ENV = "LEAKGUARD_E2E_HOOK_KEY";
export const env = { [KEY_ENV]: "e2e-signing-key", LEAKGUARD_REVOKE_CONFIG: "" };

export interface Servers {
  github: TestServer;
  hook: TestServer;
}

/** Registers the servers' lifecycle hooks in the calling test file. */
export function useServers(): Servers {
  const s = {} as Servers;
  beforeAll(async () => {
    s.github = await startServer((req, res) => (req.headers.authorization ? json(res, 403, {}) : res.writeHead(202).end()));
    s.hook = await startServer((req, res) => json(res, 200, { status: req.headers["idempotency-key"] ? "revoked" : "failed" }));
  });
  afterAll(async () => {
    await s.github.close();
    await s.hook.close();
  });
  afterEach(() => {
    s.github.requests.length = 0;
    s.hook.requests.length = 0;
    cleanupTmp();
  });
  return s;
}

export interface Fixture {
  repo: string;
  ops: string;
  config: string;
  audit: string;
  token: string;
  password: string;
}

/** A directory with one GitHub token (twice) and one password, and an operator dir outside it. */
export function fixture(s: Servers, backends = ""): Fixture {
  const { github, hook } = s;
  const repo = tmpDir("leakguard-revoke-repo-");
  const ops = tmpDir("leakguard-revoke-ops-");
  const token = fakeGithubToken();
  const password = fakePassword();
  writeFiles(repo, { "app/config.js": `export const token = "${token}";\n`, "deploy/.env": passwordLine(password) + "\n", "copy.js": `const t = "${token}";\n` });
  const config = join(ops, "revoke.toml");
  writeFileSync(
    config,
    `auditLog = "audit.jsonl"
repository = "acme/api"

[backends.github]
type = "github"
baseUrl = "${github.url}/api/v3"

[backends.hook]
type = "webhook"
url = "${hook.url}/leak"
secretEnv = "${KEY_ENV}"
${backends}
[[route]]
tags = ["github"]
backend = "github"

[[route]]
rules = ["generic-password"]
backend = "hook"
allowGeneric = true
`,
  );
  return { repo, ops, config, audit: join(ops, "audit.jsonl"), token, password };
}

export function sentToGithub(s: Servers): string[] {
  return s.github.requests.flatMap((r) => (JSON.parse(r.body) as { credentials: string[] }).credentials);
}
