// Revocation from the Action: off by default, backend only from the action inputs, never
// from a file inside a pull request's checkout.
import { createServer, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTmp, commitFiles, git } from "../helpers/tmp.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";
import { makeOrigin, runAction, runnerCheckout } from "./harness.js";

const hits: Array<{ url: string; body: string }> = [];
let server: Server;
let hookUrl = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      hits.push({ url: req.url ?? "", body });
      res.writeHead(202, { "content-type": "application/json" });
      res.end('{"status":"queued"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  hookUrl = typeof addr === "object" && addr ? `http://127.0.0.1:${addr.port}/revoke` : "";
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanupTmp();
});

function revokeToml(auditLog: string): string {
  return [
    `auditLog = ${JSON.stringify(auditLog)}`,
    "[backends.hook]",
    'type = "webhook"',
    `url = ${JSON.stringify(hookUrl)}`,
    'secretEnv = "HOOK_KEY"',
    "retries = 0",
    "[[route]]",
    'rules = ["generic-password"]',
    'backend = "hook"',
    "allowGeneric = true",
    "",
  ].join("\n");
}

describe("revoke", () => {
  it("dry run unless revoke: true; then the operator's webhook gets the finding, never the secret", async () => {
    const { dev, url } = makeOrigin();
    const before = commitFiles(dev, { "README.md": "x\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const secret = fakePassword();
    const after = commitFiles(dev, { "a.env": passwordLine(secret) + "\n" }, "secret");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, undefined, "main");
    const payload = { ref: "refs/heads/main", before, after, repository: { default_branch: "main" } };
    const env = { HOOK_KEY: "signing-key-for-tests" };

    hits.length = 0;
    const dry = await runAction({ workspace: ws, event: "push", payload, env, inputs: { "revoke-config": revokeToml("audit-dry.jsonl") } });
    expect(dry.code, dry.stdout + dry.stderr).toBe(1);
    expect(dry.stdout).toContain("(webhook, dry run)");
    expect(hits).toHaveLength(0);

    const real = await runAction({ workspace: ws, event: "push", payload, env, inputs: { "revoke-config": revokeToml("audit-real.jsonl"), revoke: "true" } });
    expect(real.code, real.stdout + real.stderr).toBe(1);
    expect(hits).toHaveLength(1);
    expect(hits[0].url).toBe("/revoke");
    expect(hits[0].body).toContain("generic-password");
    expect(hits[0].body).not.toContain(secret);
    expect(real.stdout + real.stderr).not.toContain(secret);
  });

  it("refuses a revoke config inside a pull request's checkout", async () => {
    const { dev, url } = makeOrigin();
    const base = commitFiles(dev, { "README.md": "x\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const head = commitFiles(dev, { "a.env": passwordLine() + "\n" }, "secret");
    git(dev, "push", "-q", "origin", "HEAD:refs/pull/1/head");
    const ws = runnerCheckout(url, "refs/pull/1/head", 1);
    writeFileSync(join(ws, "revoke.toml"), revokeToml("audit.jsonl"));
    hits.length = 0;
    const r = await runAction({
      workspace: ws,
      event: "pull_request",
      payload: { pull_request: { number: 1, base: { sha: base, ref: "main" }, head: { sha: head } } },
      inputs: { "revoke-config": "revoke.toml", revoke: "true", "comment-on-pr": "false" },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error::leakguard: input 'revoke-config': revoke.toml is inside the checked-out repository");
    expect(hits).toHaveLength(0);
  });
});
