// Paired verification: a secret checked together with the nearest finding of its partner
// rule in the same file and commit, through a template's {{partner}} / {{basic:...}}.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPartners } from "../../src/verify/pair.js";
import { Verifier } from "../../src/verify/verifier.js";
import type { Finding, RuleSpec } from "../../src/types.js";
import { fakeToken } from "../helpers/secrets.js";

function finding(ruleId: string, secret: string, file: string, line: number, commit?: string): Finding {
  return {
    ruleId,
    description: ruleId,
    file,
    location: "file",
    startLine: line,
    endLine: line,
    startColumn: 1,
    endColumn: 2,
    secret,
    match: secret,
    entropy: 4,
    severity: "high",
    tags: [],
    confidence: "high",
    fingerprint: `${file}:${ruleId}:${line}`,
    secretHash: `${ruleId}:${secret}`,
    ...(commit ? { commit } : {}),
  };
}

describe("findPartners", () => {
  const pairOf = (id: string) => (id === "client-secret" ? ["client-id"] : undefined);

  it("takes the nearest partner finding in the same file and commit", () => {
    const ids = [finding("client-id", "id-top", "a.env", 1), finding("client-id", "id-near", "a.env", 10), finding("client-id", "id-other-file", "b.env", 9)];
    const secret = finding("client-secret", "s", "a.env", 9);
    const inCommit = finding("client-secret", "s2", "a.env", 9, "c0ffee");
    const lone = finding("client-secret", "s3", "c.env", 1);
    const got = findPartners([...ids, secret, inCommit, lone], pairOf);
    expect(got.get(secret)?.secret).toBe("id-near");
    // The same path in another commit (or none) is another chunk.
    expect(got.has(inCommit)).toBe(false);
    expect(got.has(lone)).toBe(false);
    expect(got.size).toBe(1);
  });

  it("breaks a tie by the earlier line", () => {
    const fs = [finding("client-id", "below", "a.env", 7), finding("client-id", "above", "a.env", 3), finding("client-secret", "s", "a.env", 5)];
    expect(findPartners(fs, pairOf).get(fs[2])?.secret).toBe("above");
  });
});

describe("a template that pairs", () => {
  let server: Server;
  let base = "";
  const accepted = new Set<string>();
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      const auth = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
      res.writeHead(accepted.has(auth) ? 200 : 401, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const idRule: RuleSpec = { id: "client-id", description: "id", regex: "x", keywords: ["x"] };
  const secretRule: RuleSpec = {
    id: "client-secret",
    description: "secret",
    regex: "x",
    keywords: ["x"],
    verify: { method: "POST", url: "https://auth.provider.test/oauth/token", headers: { Authorization: "Basic {{basic:partner:secret}}" }, body: "grant_type=client_credentials", pair: ["client-id"] },
  };

  it("sends the id with its secret: live for the right id, invalid for another, not-verifiable alone", async () => {
    const [id1, id2, s1, s2, s3] = [fakeToken(20), fakeToken(20), fakeToken(40), fakeToken(40), fakeToken(40)];
    accepted.clear();
    accepted.add(`${id1}:${s1}`);
    accepted.add(`${id1}:${s2}`);
    const fs = [
      finding("client-id", id1, "app/.env", 1),
      finding("client-secret", s1, "app/.env", 2),
      finding("client-id", id2, "other/.env", 1),
      finding("client-secret", s2, "other/.env", 2),
      finding("client-secret", s3, "lone/.env", 1),
    ];
    hits = 0;
    await new Verifier({ hosts: new Map([["auth.provider.test", base]]) }).verifyAll(fs, [idRule, secretRule]);
    expect(fs.map((f) => f.verification!.status)).toEqual(["not-verifiable", "live", "not-verifiable", "invalid", "not-verifiable"]);
    expect(fs[4].verification!.reason).toBe("no client-id in the same file as client-secret");
    expect(hits).toBe(2);
  });
});
