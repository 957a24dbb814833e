// The Action with `verify: true`: each finding's provider status reaches its annotation
// (live an error, the rest warnings, with the reason for unknown) and the job summary.
// A loopback server plays api.github.com; LEAKGUARD_VERIFY_HOSTS routes the checks there.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupTmp, commitFiles, git } from "../helpers/tmp.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { annotations, makeOrigin, runAction, runnerCheckout } from "./harness.js";

let server: Server;
let base = "";
const live = fakeGithubToken();
const dead = fakeGithubToken();
const flaky = fakeGithubToken();

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    if (auth === `token ${live}`) return res.writeHead(200, { "content-type": "application/json" }).end('{"login":"octo-ci"}');
    if (auth === `token ${flaky}`) return res.writeHead(502).end();
    res.writeHead(401).end("{}");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  cleanupTmp();
});

describe("Action verify input", () => {
  it("puts each finding's status in its annotation and in the job summary", async () => {
    const { dev, url } = makeOrigin();
    const before = commitFiles(dev, { "README.md": "hello\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const after = commitFiles(dev, { "ci/live.env": `GH_TOKEN=${live}\n`, "ci/dead.env": `GH_TOKEN=${dead}\n`, "ci/flaky.env": `GH_TOKEN=${flaky}\n` }, "tokens");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, undefined, "main");
    const payload = { ref: "refs/heads/main", before, after, created: false, deleted: false, forced: false, repository: { default_branch: "main", full_name: "octo/demo" } };

    const r = await runAction({ workspace: ws, event: "push", payload, inputs: { verify: "true" }, env: { LEAKGUARD_VERIFY_HOSTS: `api.github.com=${base}` } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const byFile = Object.fromEntries(annotations(r.stdout).filter((a) => a.props.file).map((a) => [a.props.file, a]));
    expect(byFile["ci/live.env"]).toMatchObject({ level: "error" });
    expect(byFile["ci/live.env"].message).toContain("[live]");
    expect(byFile["ci/dead.env"]).toMatchObject({ level: "warning" });
    expect(byFile["ci/dead.env"].message).toContain("[invalid]");
    expect(byFile["ci/flaky.env"].message).toContain("[unknown: HTTP 502]");

    expect(r.summary).toContain("Checked with the providers: 1 live, 1 unknown, 1 invalid.");
    expect(r.summary).toMatch(/<th>Verification<\/th>/);
    expect(r.summary).toContain("<strong>live</strong>");
    expect(r.summary).toContain("unknown (HTTP 502)");
    for (const s of [live, dead, flaky]) {
      expect(r.summary).not.toContain(s);
      expect(r.stdout).not.toContain(s);
    }
  });
});
