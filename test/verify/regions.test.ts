// Regional hosts: a Datadog API key works only on its own site. The key is asked on the
// rule's host, then on each other region while the answer is invalid; loopback servers
// play the sites (one where the key lives, the rest refusing it).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Verifier } from "../../src/verify/verifier.js";
import type { Finding, VerifySpec } from "../../src/types.js";
import { randomFrom } from "../helpers/secrets.js";

const rule = loadBuiltinRules().find((r) => r.id === "datadog-api-key")!;
const spec = rule.verify as VerifySpec;
const key = randomFrom("0123456789abcdef", 32);

interface Site {
  server: Server;
  base: string;
  answer: number;
  hits: number;
}

async function site(answer: number): Promise<Site> {
  const s = { answer, hits: 0 } as Site;
  s.server = createServer((req, res) => {
    s.hits++;
    const ok = req.headers["dd-api-key"] === key && s.answer === 200;
    res.writeHead(ok ? 200 : s.answer === 200 ? 403 : s.answer, { "content-type": "application/json" }).end(ok ? '{"valid":true}' : '{"errors":["Forbidden"]}');
  });
  await new Promise<void>((r) => s.server.listen(0, "127.0.0.1", r));
  s.base = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  return s;
}

let home: Site;
let elsewhere: Site;
beforeAll(async () => {
  home = await site(200);
  elsewhere = await site(403);
});
afterAll(async () => {
  for (const s of [home, elsewhere]) {
    s.server.closeAllConnections();
    await new Promise((r) => s.server.close(r));
  }
});

function finding(): Finding {
  return {
    ruleId: rule.id, description: "", file: "dd.env", location: "file", startLine: 1, endLine: 1, startColumn: 1, endColumn: 1, secret: key, match: key,
    entropy: 4, severity: "high", tags: [], confidence: "high", context: { fileRole: "config", lineRole: "code" }, fingerprint: "x", secretHash: key,
  };
}

/** Every site on `elsewhere` but `homeHost`. */
function hostsWithHome(homeHost: string | undefined): Map<string, string> {
  const all = [new URL(spec.url).host, ...spec.regions!];
  return new Map(all.map((h) => [h, h === homeHost ? home.base : elsewhere.base]));
}

async function verify(homeHost: string | undefined) {
  home.hits = elsewhere.hits = 0;
  const f = finding();
  await new Verifier({ hosts: hostsWithHome(homeHost) }).verifyAll([f], [rule]);
  return f.verification!;
}

describe("regional hosts", () => {
  it("the Datadog rule names every other site", () => {
    expect(spec.regions).toEqual(expect.arrayContaining(["api.datadoghq.eu", "api.us3.datadoghq.com", "api.us5.datadoghq.com", "api.ap1.datadoghq.com", "api.ddog-gov.com"]));
  });

  it("live on the key's own site, which the identity names; no site asked after it", async () => {
    const v = await verify("api.datadoghq.eu");
    expect(v).toMatchObject({ status: "live", identity: { region: "api.datadoghq.eu" } });
    expect(home.hits).toBe(1);
    expect(elsewhere.hits).toBe(1 + spec.regions!.indexOf("api.datadoghq.eu"));
  });

  it("live on the rule's own host without asking any region", async () => {
    const v = await verify("api.datadoghq.com");
    expect(v.status).toBe("live");
    expect(v.identity?.region).toBeUndefined();
    expect(elsewhere.hits).toBe(0);
  });

  it("invalid only when every site refuses it; unknown when one could not say", async () => {
    expect((await verify(undefined)).status).toBe("invalid");
    expect(elsewhere.hits).toBe(1 + spec.regions!.length);
    home.answer = 503;
    const v = await verify("api.ap1.datadoghq.com");
    home.answer = 200;
    expect(v).toMatchObject({ status: "unknown", reason: "HTTP 503" });
  });
});
