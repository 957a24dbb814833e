// The coded verifiers (AWS SigV4, Google service-account JWT, Azure Shared Key) end to end:
// real files scanned by the CLI with --verify, the providers played by a loopback server
// that checks every signature from the credentials it was given.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import type { Finding } from "../../src/types.js";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeAwsPair, fakeAzureKey, fakeServiceAccount, startFakeProviders, type FakeProviders } from "./fake-providers.js";

let p: FakeProviders;
let dir: string;
const aws = fakeAwsPair();
const azureKey = fakeAzureKey();
const sa = fakeServiceAccount();

beforeAll(async () => {
  p = await startFakeProviders();
  dir = tmpDir();
  writeFiles(dir, {
    "deploy/aws.env": `AWS_ACCESS_KEY_ID=${aws.id}\nREGION=eu-west-1\nAWS_SECRET_ACCESS_KEY=${aws.secret}\n`,
    "src/upload.py": `s3 = boto.connect_s3("${aws.id}", "${aws.secret}")\n`,
    "config/storage.env": `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=${azureKey};EndpointSuffix=core.windows.net"\n`,
    "keys/ci-sa.json": sa.json,
  });
});
afterAll(async () => {
  await p.close();
  cleanupTmp();
});

async function scan(root = dir, extra: NodeJS.ProcessEnv = {}): Promise<Finding[]> {
  const hosts = [`sts.amazonaws.com=${p.base}`, `oauth2.googleapis.com=${p.base}`, `contosodata.blob.core.windows.net=${p.base}`].join(",");
  const r = await runCli(["scan", root, "--verify", "--format", "json"], { env: { LEAKGUARD_VERIFY_HOSTS: hosts, ...extra } });
  expect(r.code, r.stderr).toBe(1);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

const statusOf = (fs: Finding[]) => Object.fromEntries(fs.map((f) => [f.ruleId, f.verification]));

describe("coded verifiers", () => {
  it("are named by built-in rules, whose pairs name built-in rules", () => {
    const rules = loadBuiltinRules();
    const ids = new Set(rules.map((r) => r.id));
    const named = rules.filter((r) => r.verify && "verifier" in r.verify).map((r) => r.id);
    expect(named.sort()).toEqual(["aws-access-key-id", "aws-secret-access-key", "aws-secret-access-key-paired", "azure-storage-account-key", "gcp-service-account-private-key-id", "private-key-pkcs8"]);
    for (const r of rules) for (const p of r.verify?.pair ?? []) expect(ids.has(p), `${r.id} pairs with ${p}`).toBe(true);
  });

  it("live: each provider accepts the signature made with the found secret", async () => {
    p.mode = "normal";
    p.awsKeys.set(aws.id, aws.secret);
    p.azureKeys.set("contosodata", azureKey);
    p.googleKeys.set(sa.email, sa.publicKey);
    p.hits = { aws: 0, google: 0, azure: 0 };
    const s = statusOf(await scan());
    expect(s["aws-access-key-id"]).toMatchObject({ status: "live", identity: { account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci" } });
    expect(s["aws-secret-access-key"]).toMatchObject({ status: "live" });
    // Both halves in one match: no partner needed.
    expect(s["aws-secret-access-key-paired"]).toMatchObject({ status: "live", identity: { account: "123456789012" } });
    expect(s["azure-storage-account-key"]).toMatchObject({ status: "live", identity: { account: "contosodata" } });
    expect(s["private-key-pkcs8"]).toMatchObject({ status: "live", identity: { account: sa.email } });
    expect(s["gcp-service-account-private-key-id"]).toMatchObject({ status: "live", identity: { account: sa.email } });
    // A pair is one question, whichever of its findings asks it.
    expect(p.hits).toEqual({ aws: 1, google: 1, azure: 1 });
  });

  it("invalid: the provider knows the key id or account, but not this secret", async () => {
    p.mode = "normal";
    p.awsKeys.set(aws.id, fakeAwsPair().secret);
    p.azureKeys.set("contosodata", fakeAzureKey());
    p.googleKeys.set(sa.email, fakeServiceAccount().publicKey);
    const s = statusOf(await scan());
    for (const id of ["aws-access-key-id", "aws-secret-access-key", "aws-secret-access-key-paired", "azure-storage-account-key", "private-key-pkcs8", "gcp-service-account-private-key-id"]) {
      expect(s[id], id).toMatchObject({ status: "invalid" });
    }
  });

  it("unknown: the provider is down", async () => {
    p.mode = "down";
    const s = statusOf(await scan());
    for (const id of ["aws-access-key-id", "azure-storage-account-key", "private-key-pkcs8"]) expect(s[id], id).toMatchObject({ status: "unknown", reason: "HTTP 503" });
    p.mode = "normal";
  });

  it("a saved --show-secrets report is re-checked with its pairs: leakguard verify REPORT", async () => {
    p.mode = "normal";
    p.awsKeys.set(aws.id, aws.secret);
    const saved = await runCli(["scan", dir, "--format", "json", "--show-secrets"]);
    expect(saved.code).toBe(1);
    const report = join(tmpDir(), "report.json");
    writeFileSync(report, saved.stdout);
    const r = await runCli(["verify", report, "--format", "json"], { env: { LEAKGUARD_VERIFY_HOSTS: `sts.amazonaws.com=${p.base}` } });
    const s = statusOf((JSON.parse(r.stdout) as { findings: Finding[] }).findings);
    expect(s["aws-access-key-id"]).toMatchObject({ status: "live", identity: { account: "123456789012" } });
    expect(s["aws-secret-access-key"]).toMatchObject({ status: "live" });
  });

  it("not-verifiable, without a request, when the scheme's other half is not beside the secret", async () => {
    const lone = tmpDir();
    const other = fakeAwsPair();
    writeFiles(lone, {
      "id-only.env": `AWS_ACCESS_KEY_ID=${other.id}\n`,
      "secret-only.env": `AWS_SECRET_ACCESS_KEY=${other.secret}\n`,
      "cosmos.env": `COSMOS="AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=${fakeAzureKey()};"\n`,
      "server.pem": JSON.parse(fakeServiceAccount().json).private_key as string,
    });
    p.hits = { aws: 0, google: 0, azure: 0 };
    const fs = await scan(lone);
    expect(fs.map((f) => [f.ruleId, f.verification?.status]).sort()).toEqual([
      ["aws-access-key-id", "not-verifiable"],
      ["aws-secret-access-key", "not-verifiable"],
      ["azure-storage-account-key", "not-verifiable"],
      ["private-key-pkcs8", "not-verifiable"],
    ]);
    expect(fs.find((f) => f.file === "cosmos.env")!.verification!.reason).toBe("no AccountName beside the key");
    expect(p.hits).toEqual({ aws: 0, google: 0, azure: 0 });
  });

  it("sends nothing to a host the scanned text names: Google's token_uri and odd endpoint suffixes are ignored", async () => {
    const d = tmpDir();
    const s2 = fakeServiceAccount();
    writeFiles(d, {
      "sa.json": s2.json.replace("https://oauth2.googleapis.com/token", "https://collector.example/token"),
      "storage.env": `CS="AccountName=contosodata;AccountKey=${fakeAzureKey()};EndpointSuffix=collector.example"\n`,
    });
    p.googleKeys.set(s2.email, s2.publicKey);
    p.hits = { aws: 0, google: 0, azure: 0 };
    const s = statusOf(await scan(d));
    expect(s["private-key-pkcs8"]).toMatchObject({ status: "live" });
    expect(s["azure-storage-account-key"]).toMatchObject({ status: "not-verifiable", reason: "EndpointSuffix is not an Azure cloud" });
    expect(p.hits.azure).toBe(0);
  });
});
