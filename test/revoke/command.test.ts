import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRevokeConfig } from "../../src/revoke/config.js";
import { revokeFindings } from "../../src/revoke/index.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir } from "../helpers/tmp.js";
import { makeFinding } from "./findings.js";

afterEach(() => cleanupTmp());

/** A process that is gone or a zombie (killed, not yet reaped) is not alive. */
function alive(pid: string): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Writes an executable sh script into a fresh temp dir. */
function script(body: string): { dir: string; path: string } {
  const dir = tmpDir();
  const path = join(dir, "revoke.sh");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return { dir, path };
}

function cfgFor(argv: string[], dir: string, extra: Record<string, unknown> = {}) {
  return parseRevokeConfig(
    { auditLog: "audit.jsonl", backends: { cmd: { type: "command", argv, timeoutMs: 2000, ...extra } }, route: [{ rules: ["github-pat"], backend: "cmd" }] },
    "ops.toml",
    dir,
  );
}

const log = () => undefined;

describe("command backend", () => {
  it("runs the executable without a shell, the event on stdin, exit 0 = revoked", async () => {
    const { dir, path } = script(`cat > "$1/event-$LEAKGUARD_SECRET_HASH.json"; echo "$LEAKGUARD_RULE_ID" > "$1/rule.txt"; exit 0`);
    const tok = fakeGithubToken();
    const f = makeFinding(tok);
    // An argument with shell syntax stays one literal argument.
    const summary = await revokeFindings([f], { execute: true, config: cfgFor([path, dir, "$(touch pwned)"], dir), log });
    expect(summary.revoked).toBe(1);
    const event = JSON.parse(readFileSync(join(dir, `event-${f.secretHash}.json`), "utf8")) as Record<string, unknown>;
    expect(event).toMatchObject({ ruleId: "github-pat", fingerprint: f.fingerprint, secretHash: f.secretHash });
    expect(event.secret).toBeUndefined();
    expect(readFileSync(join(dir, "rule.txt"), "utf8").trim()).toBe("github-pat");
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    expect(readFileSync(join(dir, "audit.jsonl"), "utf8")).toMatch(/"outcome":"revoked".*"backendType":"command"|"backendType":"command".*"outcome":"revoked"/);
  });

  it("passes the secret only with includeSecret, and never prints what the script prints", async () => {
    const { dir, path } = script(`cat > "$1/event.json"; cat "$1/event.json"; cat "$1/event.json" >&2`);
    const tok = fakeGithubToken();
    const lines: string[] = [];
    await revokeFindings([makeFinding(tok)], { execute: true, config: cfgFor([path, dir], dir, { includeSecret: true }), log: (l) => lines.push(l) });
    expect((JSON.parse(readFileSync(join(dir, "event.json"), "utf8")) as { secret: string }).secret).toBe(tok);
    expect(lines.join("\n")).not.toContain(tok);
  });

  it("a non-zero exit fails; so does a missing executable", async () => {
    const { dir, path } = script("exit 3");
    const failed = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor([path], dir), log });
    expect(failed.failed).toBe(1);
    expect(failed.actions[0].detail).toBe("exit 3");
    const missing = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor([join(dir, "nope")], dir), log });
    expect(missing.failed).toBe(1);
    expect(missing.actions[0].detail).toMatch(/cannot run .*ENOENT/);
  });

  it("kills a command that outlives its timeout, with what it started", async () => {
    const { dir, path } = script(`sleep 30 & echo $! > "$1/sleep.pid"; wait`);
    const started = Date.now();
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor([path, dir], dir, { timeoutMs: 300 }), log });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(summary.failed).toBe(1);
    expect(summary.actions[0].detail).toBe("timed out after 300 ms");
    const pid = readFileSync(join(dir, "sleep.pid"), "utf8").trim();
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });

  it("a script that ignores stdin still counts by its exit code", async () => {
    const { dir, path } = script("exit 0");
    const findings = Array.from({ length: 6 }, () => makeFinding(fakeGithubToken()));
    const summary = await revokeFindings(findings, { execute: true, config: cfgFor([path], dir), log });
    expect(summary.revoked).toBe(6);
  });
});
