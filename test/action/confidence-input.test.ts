// The Action's `confidence` input: the same threshold as the CLI's --confidence (default
// medium), findings below it counted, `low` the audit mode; a bad level is a usage error.
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTmp, commitFiles, git } from "../helpers/tmp.js";
import { fakePassword, passwordLine, randomFrom } from "../helpers/secrets.js";
import { annotations, makeOrigin, runAction, runnerCheckout } from "./harness.js";

afterAll(cleanupTmp);

const repoInfo = { default_branch: "main", full_name: "octo/demo" };

function reported(stdout: string): string[] {
  return annotations(stdout)
    .filter((a) => a.props.title?.startsWith("leakguard"))
    .map((a) => `${a.props.file}:${a.props.line}`)
    .sort();
}

describe("Action input 'confidence'", () => {
  it("defaults to medium, low reports test fixtures too, and a bad level exits 2", async () => {
    const { dev, url } = makeOrigin();
    const before = commitFiles(dev, { "README.md": "hello\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    // A password in a test fixture is low; a weak one in a committed .env is medium.
    const weak = "pass" + randomFrom("0123456789", 3);
    const after = commitFiles(dev, { "test/fixtures/app.env": passwordLine(fakePassword()) + "\n", "app.env": passwordLine(weak) + "\n" }, "secrets");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, undefined, "main");
    const payload = { ref: "refs/heads/main", before, after, created: false, deleted: false, forced: false, repository: repoInfo };

    const dflt = await runAction({ workspace: ws, event: "push", payload });
    expect(dflt.code, dflt.stdout + dflt.stderr).toBe(1);
    expect(reported(dflt.stdout)).toEqual(["app.env:1"]);
    expect(dflt.outputs.findings).toBe("1");

    const audit = await runAction({ workspace: ws, event: "push", payload, inputs: { confidence: "low" } });
    expect(reported(audit.stdout)).toEqual(["app.env:1", "test/fixtures/app.env:1"]);

    const high = await runAction({ workspace: ws, event: "push", payload, inputs: { confidence: "high" } });
    expect(high.code, high.stdout + high.stderr).toBe(0);

    const bad = await runAction({ workspace: ws, event: "push", payload, inputs: { confidence: "loud" } });
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toMatch(/input 'confidence'.*loud/);
  });
});
