// Revocation drills and notifications, against real loopback servers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeGithubToken } from "../helpers/secrets.js";

let server: Server;
let base = "";
const bodies: { url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      bodies.push({ url: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"revoked"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanupTmp();
});

function opsConfig(dir: string): string {
  const path = join(dir, "ops.toml");
  writeFiles(dir, {
    "ops.toml": [
      `auditLog = "audit.jsonl"`,
      `[backends.hook]\ntype = "webhook"\nurl = "${base}/hook"\nsecretEnv = "DRILL_KEY"`,
      `[backends.slack]\ntype = "notify"\nformat = "slack"\nurl = "${base}/slack"`,
      `[backends.teams]\ntype = "notify"\nformat = "teams"\nurl = "${base}/teams"`,
      `[[route]]\nrules = ["github-pat"]\nbackend = "hook"`,
      `[[route]]\nrules = ["github-pat"]\nbackend = "slack"`,
      `[[route]]\nrules = ["github-pat"]\nbackend = "teams"`,
    ].join("\n\n"),
  });
  return path;
}

describe("revoke drill", () => {
  it("times a canary through every route to each backend's acknowledgement, as one JSON record", async () => {
    const dir = tmpDir();
    const token = fakeGithubToken();
    bodies.length = 0;
    const r = await runCli(["revoke", "drill", "--rule", "github-pat", "--token", token, "--revoke-config", opsConfig(dir), "--json"], { env: { DRILL_KEY: "k" } });
    expect(r.code, r.stderr).toBe(0);
    const rec = JSON.parse(r.stdout) as { ruleId: string; backends: { backend: string; outcome: string; timeToAckMs: number }[] };
    expect(rec.ruleId).toBe("github-pat");
    expect(rec.backends.map((b) => [b.backend, b.outcome]).sort()).toEqual([
      ["hook", "revoked"],
      ["slack", "queued"],
      ["teams", "queued"],
    ]);
    for (const b of rec.backends) expect(b.timeToAckMs).toBeGreaterThanOrEqual(0);
    expect(bodies.map((b) => b.url).sort()).toEqual(["/hook", "/slack", "/teams"]);
  });

  it("refuses an unknown rule or a missing token with one line", async () => {
    const dir = tmpDir();
    const bad = await runCli(["revoke", "drill", "--rule", "nope", "--token", "x", "--revoke-config", opsConfig(dir)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule 'nope'/);
    expect((await runCli(["revoke", "drill", "--rule", "github-pat", "--revoke-config", opsConfig(dir)])).stderr).toMatch(/--token/);
  });
});

describe("notifications", () => {
  it("post Slack and Teams payloads with no secret, not even a prefix", async () => {
    const dir = tmpDir();
    const token = fakeGithubToken();
    writeFiles(dir, { "src/app.env": `TOKEN=${token}\n` });
    bodies.length = 0;
    const r = await runCli(["scan", join(dir, "src"), "--revoke", "--revoke-config", opsConfig(dir)], { env: { DRILL_KEY: "k" } });
    expect(r.code, r.stderr).toBe(1);
    const slack = JSON.parse(bodies.find((b) => b.url === "/slack")!.body) as { text: string };
    expect(slack.text).toMatch(/^leakguard: .* in app\.env:1; fingerprint app\.env:github-pat:/);
    const teams = JSON.parse(bodies.find((b) => b.url === "/teams")!.body) as { type: string; attachments: { contentType: string; content: { body: { text: string }[] } }[] };
    expect(teams.type).toBe("message");
    expect(teams.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(teams.attachments[0].content.body[0].text).toBe(slack.text);
    for (const b of bodies.filter((x) => x.url !== "/hook")) expect(b.body).not.toContain(token.slice(4, 12));
  });
});
