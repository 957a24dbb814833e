// A loopback server that plays AWS STS, Google's token endpoint and Azure Blob storage,
// checking each request's signature the way the provider does, from the credentials the
// test registered: SigV4 recomputed from the known secret key, the JWT checked with the
// public key, Shared Key recomputed from the account key. Written from the providers'
// documentation, apart from src/ (a shared mistake would otherwise pass).
import { createHash, createHmac, createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomFrom } from "../helpers/secrets.js";

export type ProviderMode = "normal" | "down";

export interface FakeProviders {
  base: string;
  mode: ProviderMode;
  /** Requests seen, by provider. */
  hits: { aws: number; google: number; azure: number };
  awsKeys: Map<string, string>;
  googleKeys: Map<string, KeyObject>;
  azureKeys: Map<string, string>;
  close(): Promise<void>;
}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function fakeAwsPair(): { id: string; secret: string } {
  return { id: "AKIA" + randomFrom(B32, 16), secret: randomFrom(B64, 40) };
}

export function fakeAzureKey(): string {
  return randomBytes(64).toString("base64");
}

/** A service account key file as Google issues it (field order included), and its public key. */
export function fakeServiceAccount(project = "billing-prod-3121"): { json: string; email: string; keyId: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const email = `ci-${randomFrom("abcdefghijklmnop", 6)}@${project}.iam.gserviceaccount.com`;
  const keyId = randomBytes(20).toString("hex");
  const doc = {
    type: "service_account",
    project_id: project,
    private_key_id: keyId,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: email,
    client_id: String(100000000000000000000n + BigInt(Math.floor(Math.random() * 1e9))),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
  };
  return { json: JSON.stringify(doc, null, 2) + "\n", email, keyId, publicKey };
}

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/** SigV4 as AWS documents it, over the headers the request says it signed. */
function awsCheck(req: IncomingMessage, body: string, keys: Map<string, string>): { status: number; body: string } {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? "");
  const err = (code: string) => ({ status: 403, body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code></Error></ErrorResponse>` });
  if (!m) return err("IncompleteSignature");
  const [, id, day, region, service, signed, signature] = m;
  const secret = keys.get(id);
  if (!secret) return err("InvalidClientTokenId");
  const names = signed.split(";");
  const url = new URL(req.url ?? "/", "http://x");
  const canonical = [req.method, url.pathname, url.search.slice(1), ...names.map((h) => `${h}:${String(req.headers[h]).trim()}`), "", signed, sha256(body)].join("\n");
  const amzDate = String(req.headers["x-amz-date"]);
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${day}/${region}/${service}/aws4_request\n${sha256(canonical)}`;
  const k = ["aws4_request"].reduce(
    (key, part) => createHmac("sha256", key).update(part).digest(),
    [region, service].reduce((key, part) => createHmac("sha256", key).update(part).digest(), createHmac("sha256", "AWS4" + secret).update(day).digest()),
  );
  const expected = createHmac("sha256", k).update(toSign).digest("hex");
  if (expected !== signature || !names.includes("host") || amzDate.slice(0, 8) !== day) return err("SignatureDoesNotMatch");
  if (!/Action=GetCallerIdentity/.test(body)) return err("InvalidAction");
  return {
    status: 200,
    body: `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLEUSER</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
  };
}

/** The JWT bearer grant: RS256 signature checked with the account's public key. */
function googleCheck(body: string, keys: Map<string, KeyObject>): { status: number; body: string } {
  const bad = (d: string) => ({ status: 400, body: JSON.stringify({ error: "invalid_grant", error_description: d }) });
  const form = new URLSearchParams(body);
  if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return { status: 400, body: '{"error":"unsupported_grant_type"}' };
  const [h, c, s] = (form.get("assertion") ?? "").split(".");
  if (!h || !c || !s) return bad("Invalid JWT");
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { alg: string };
  const claims = JSON.parse(Buffer.from(c, "base64url").toString()) as { iss: string; aud: string; iat: number; exp: number; scope?: string };
  const key = keys.get(claims.iss);
  if (!key) return bad("Invalid grant: account not found");
  if (header.alg !== "RS256" || !verify("sha256", Buffer.from(`${h}.${c}`), key, Buffer.from(s, "base64url"))) return bad("Invalid JWT Signature.");
  const now = Date.now() / 1000;
  if (claims.aud !== "https://oauth2.googleapis.com/token" || claims.exp - claims.iat > 3600 || claims.iat > now + 60 || claims.exp < now || !claims.scope) return bad("Invalid JWT: claims");
  return { status: 200, body: JSON.stringify({ access_token: "ya29.fake", expires_in: 299, token_type: "Bearer" }) };
}

/** Shared Key for Blob, version 2015-02-21 and later. */
function azureCheck(req: IncomingMessage, keys: Map<string, string>): { status: number; body: string } {
  const fail = { status: 403, body: "<Error><Code>AuthenticationFailed</Code></Error>" };
  const m = /^SharedKey ([a-z0-9]+):(.+)$/.exec(req.headers.authorization ?? "");
  if (!m) return fail;
  const [, account, signature] = m;
  const key = keys.get(account);
  if (!key) return fail;
  const url = new URL(req.url ?? "/", "http://x");
  const std = ["content-encoding", "content-language", "content-length", "content-md5", "content-type", "date", "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range"];
  const stdValues = std.map((h) => (h === "content-length" && req.headers[h] === "0" ? "" : String(req.headers[h] ?? "")));
  const ms = Object.keys(req.headers)
    .filter((h) => h.startsWith("x-ms-"))
    .sort()
    .map((h) => `${h}:${String(req.headers[h])}\n`)
    .join("");
  const q = [...new Set(url.searchParams.keys())].sort().map((k) => `\n${k}:${url.searchParams.getAll(k).sort().join(",")}`).join("");
  const toSign = `${req.method}\n${stdValues.join("\n")}\n${ms}/${account}${url.pathname}${q}`;
  const expected = createHmac("sha256", Buffer.from(key, "base64")).update(toSign, "utf8").digest("base64");
  if (expected !== signature) return fail;
  if (url.searchParams.get("restype") !== "service" || url.searchParams.get("comp") !== "properties") return { status: 400, body: "" };
  return { status: 200, body: "<StorageServiceProperties/>" };
}

export async function startFakeProviders(): Promise<FakeProviders> {
  const state: Omit<FakeProviders, "base" | "close"> = { mode: "normal", hits: { aws: 0, google: 0, azure: 0 }, awsKeys: new Map(), googleKeys: new Map(), azureKeys: new Map() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const which = req.headers.authorization?.startsWith("SharedKey") ? "azure" : req.headers.authorization?.startsWith("AWS4") ? "aws" : "google";
      state.hits[which]++;
      if (state.mode === "down") return res.writeHead(503).end();
      const out = which === "aws" ? awsCheck(req, body, state.awsKeys) : which === "azure" ? azureCheck(req, state.azureKeys) : googleCheck(body, state.googleKeys);
      res.writeHead(out.status, { "content-type": out.body.startsWith("{") ? "application/json" : "text/xml" }).end(out.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const providers = Object.assign(state, {
    base,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  }) as FakeProviders;
  return providers;
}

/** Public keys are what the provider keeps; tests register them by account. */
export function publicKeyOf(pem: string): KeyObject {
  return createPublicKey(pem);
}
