// Every revoke path, asserting the planted secrets reach no output, log or report.
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, type RunResult } from "../helpers/cli.js";
import { tmpDir } from "../helpers/tmp.js";
import { env, fixture, KEY_ENV, sentToGithub, useServers } from "./e2e.js";

const s = useServers();

describe("secrets stay out of every output", () => {
  it("no revoke path prints, logs or reports the planted secrets", async () => {
    const f = fixture(s, `
[backends.script]
type = "command"
argv = ["${join(tmpDir(), "revoke.sh")}"]
includeSecret = true

[backends.hook2]
type = "webhook"
url = "${s.hook.url}/with-secret"
secretEnv = "${KEY_ENV}"
includeSecret = true
`);
    const scriptPath = readFileSync(f.config, "utf8").match(/argv = \["(.*)"\]/)![1];
    writeFileSync(scriptPath, "#!/bin/sh\ncat\ncat >&2 < /dev/null\necho \"$LEAKGUARD_SECRET_HASH\"\nexit 0\n");
    chmodSync(scriptPath, 0o755);
    writeFileSync(f.config, readFileSync(f.config, "utf8") + `\n[[route]]\ntags = ["github"]\nbackend = "script"\n\n[[route]]\nrules = ["generic-password"]\nbackend = "hook2"\nallowGeneric = true\n`);
    const report = join(f.ops, "report.json");
    const sarif = join(f.ops, "report.sarif");
    const shown = join(f.ops, "shown.json");
    const outputs: RunResult[] = [];
    const run = async (args: string[]) => {
      const r = await runCli(args, { env });
      outputs.push(r);
      return r;
    };
    await run(["scan", f.repo, "--threads", "1", "--revoke-config", f.config]);
    await run(["scan", f.repo, "--threads", "1", "--revoke-config", f.config, "-f", "json", "-o", report]);
    await run(["scan", f.repo, "--threads", "1", "--revoke-config", f.config, "-f", "sarif", "-o", sarif, "--revoke"]);
    await run(["revoke", report, "--revoke-config", f.config, "--revoke"]);
    // The clear-text report itself is what --show-secrets asks for; the revoke run reading it must not echo it.
    await runCli(["scan", f.repo, "--threads", "1", "-f", "json", "--show-secrets", "-o", shown], { env });
    rmAudit(f.audit);
    await run(["revoke", shown, "--revoke-config", f.config]);
    await run(["revoke", shown, "--revoke-config", f.config, "--revoke"]);
    await run(["scan", f.repo, "--threads", "1", "--revoke-config", f.config, "--revoke", "-f", "csv"]);

    expect(sentToGithub(s)).toContain(f.token); // the secret did reach the backends that need it
    expect(outputs.some((o) => /revoke: revoked github-pat .* via script/.test(o.stderr))).toBe(true);
    const texts = [...outputs.flatMap((o) => [o.stdout, o.stderr]), readFileSync(f.audit, "utf8"), readFileSync(report, "utf8"), readFileSync(sarif, "utf8")];
    for (const t of texts) {
      expect(t).not.toContain(f.token);
      expect(t).not.toContain(f.password);
    }
  });
});

function rmAudit(path: string): void {
  // Start over so the --show-secrets report is really sent again through every backend.
  if (existsSync(path)) writeFileSync(path, "");
}

