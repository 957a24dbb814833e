// AWS access key id + secret access key: a SigV4-signed sts:GetCallerIdentity, the call
// every IAM identity may make and that changes nothing.
// Signing: https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
// The call: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
import { createHash, createHmac } from "node:crypto";
import { otherStatus, type CodedVerifier, type Outcome, type VerifyInput } from "./coded.js";

const URL_ = "https://sts.amazonaws.com/";
const REGION = "us-east-1";
const SERVICE = "sts";
const BODY = "Action=GetCallerIdentity&Version=2011-06-15";
const CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
const KEY_ID = /^(?:AKIA|ABIA|ACCA|ASIA)[A-Z2-7]{16}$/;

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: string | Buffer, s: string) => createHmac("sha256", key).update(s, "utf8").digest();

/** `20261206T230000Z` and `20261206`. */
export function amzDates(now: Date): { amzDate: string; day: string } {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return { amzDate, day: amzDate.slice(0, 8) };
}

/** The SigV4 signature of a request whose signed headers are content-type, host and x-amz-date. */
export function sigV4Signature(o: { secretKey: string; method: string; host: string; path: string; query: string; body: string; contentType: string; amzDate: string; region: string; service: string }): string {
  const canonical = [o.method, o.path, o.query, `content-type:${o.contentType}`, `host:${o.host}`, `x-amz-date:${o.amzDate}`, "", "content-type;host;x-amz-date", sha256(o.body)].join("\n");
  const scope = `${o.amzDate.slice(0, 8)}/${o.region}/${o.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", o.amzDate, scope, sha256(canonical)].join("\n");
  let key: Buffer = hmac(`AWS4${o.secretKey}`, o.amzDate.slice(0, 8));
  for (const part of [o.region, o.service, "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(toSign, "utf8").digest("hex");
}

const KEY_ID_IN_TEXT = /\b(?:AKIA|ABIA|ACCA|ASIA)[A-Z2-7]{16}\b/;

/** Which of the pair is the key id (the finding may be either rule's, or hold both in its match). */
function keyPair(input: VerifyInput): { id: string; secret: string } | undefined {
  const inMatch = KEY_ID.test(input.secret) ? undefined : KEY_ID_IN_TEXT.exec(input.match)?.[0];
  if (inMatch) return { id: inMatch, secret: input.secret };
  const other = input.partner?.secret;
  if (other === undefined) return undefined;
  if (KEY_ID.test(input.secret)) return { id: input.secret, secret: other };
  if (KEY_ID.test(other)) return { id: other, secret: input.secret };
  return undefined;
}

const xmlField = (body: string, name: string) => new RegExp(`<${name}>([^<]{1,256})</${name}>`).exec(body)?.[1];

function read(status: number, body: string): Outcome {
  if (status === 200) {
    const identity: Record<string, string> = {};
    for (const [k, tag] of [["arn", "Arn"], ["account", "Account"], ["userId", "UserId"]] as const) {
      const v = xmlField(body, tag);
      if (v) identity[k] = v;
    }
    return Object.keys(identity).length ? { status: "live", identity } : { status: "live" };
  }
  // InvalidClientTokenId (no such key), SignatureDoesNotMatch (wrong secret), ExpiredToken.
  if (status === 403 || status === 401 || (status === 400 && /InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken/.test(body))) return { status: "invalid" };
  return otherStatus(status);
}

export const awsSigV4: CodedVerifier = {
  prepare(input, now, route) {
    const pair = keyPair(input);
    if (!pair) return { status: "not-verifiable", reason: "no AWS key id and secret key pair in the same file" };
    const target = new URL(route(URL_));
    const { amzDate, day } = amzDates(now);
    const signature = sigV4Signature({ secretKey: pair.secret, method: "POST", host: target.host, path: target.pathname, query: "", body: BODY, contentType: CONTENT_TYPE, amzDate, region: REGION, service: SERVICE });
    return {
      request: {
        method: "POST",
        url: target.href,
        headers: {
          "user-agent": "leakguard-verify",
          "content-type": CONTENT_TYPE,
          "x-amz-date": amzDate,
          authorization: `AWS4-HMAC-SHA256 Credential=${pair.id}/${day}/${REGION}/${SERVICE}/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${signature}`,
        },
        body: BODY,
      },
      read,
    };
  },
};
