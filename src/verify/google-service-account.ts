// Google service account key (the JSON key file): a JWT signed with the private key (RS256)
// exchanged for an access token at Google's token endpoint, as the OAuth 2.0 server-to-
// server flow does. A live check mints a short-lived token that is never used.
// https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { otherStatus, type CodedVerifier, type Outcome, type VerifyInput } from "./coded.js";

/** Fixed: the key file's own token_uri is scanned text and never decides where a key goes. */
const TOKEN_URL = "https://oauth2.googleapis.com/token";
const SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only";
const EMAIL = /"client_email"\s*:\s*"([^"\s@]{1,128}@[a-z0-9.-]{1,128})"/;
const KEY_ID = /^[0-9a-f]{40}$/;

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** The PEM as written in the JSON file: `\n` escapes become line breaks. */
function privateKey(text: string): KeyObject | undefined {
  try {
    const key = createPrivateKey(text.replace(/\\n/g, "\n").replace(/\\r/g, ""));
    return key.asymmetricKeyType === "rsa" ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The key (the PEM finding), the account and key id, from this finding and its partner. */
function parts(input: VerifyInput): { key: KeyObject; email: string; kid?: string } | Outcome {
  const sides = [input, ...(input.partner ? [input.partner] : [])];
  const pem = sides.find((s) => s.secret.includes("PRIVATE KEY-----"));
  if (!pem) return { status: "not-verifiable", reason: "no service account private key in the same file" };
  const email = sides.map((s) => EMAIL.exec(s.match)?.[1]).find(Boolean);
  if (!email) return { status: "not-verifiable", reason: "no client_email beside the private key" };
  const key = privateKey(pem.secret);
  if (!key) return { status: "not-verifiable", reason: "not a readable RSA private key" };
  const kid = sides.map((s) => s.secret).find((s) => KEY_ID.test(s));
  return { key, email, ...(kid ? { kid } : {}) };
}

export function serviceAccountJwt(key: KeyObject, email: string, now: Date, kid?: string): string {
  const iat = Math.floor(now.getTime() / 1000);
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) }));
  const claims = b64url(JSON.stringify({ iss: email, scope: SCOPE, aud: TOKEN_URL, iat, exp: iat + 300 }));
  return `${head}.${claims}.${b64url(sign("sha256", Buffer.from(`${head}.${claims}`), key))}`;
}

function read(email: string): (status: number, body: string) => Outcome {
  return (status, body) => {
    if (status === 200 && body.includes('"access_token"')) return { status: "live", identity: { account: email } };
    // invalid_grant: unknown key or signature, deleted or disabled account; invalid_client alike.
    if ((status === 400 || status === 401) && /"error"\s*:\s*"(?:invalid_grant|invalid_client|unauthorized_client)"/.test(body)) return { status: "invalid" };
    return otherStatus(status);
  };
}

export const googleServiceAccount: CodedVerifier = {
  prepare(input, now, route) {
    const p = parts(input);
    if ("status" in p) return p;
    const assertion = serviceAccountJwt(p.key, p.email, now, p.kid);
    return {
      request: {
        method: "POST",
        url: route(TOKEN_URL),
        headers: { "user-agent": "leakguard-verify", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
      },
      read: read(p.email),
    };
  },
};
