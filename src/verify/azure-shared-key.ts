// Azure Storage account key from a connection string (AccountName=...;AccountKey=...): a
// Shared Key-signed Get Blob Service Properties, a read of the account's settings.
// Signing: https://learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-shared-key
// The call: https://learn.microsoft.com/en-us/rest/api/storageservices/get-blob-service-properties
import { createHmac } from "node:crypto";
import { otherStatus, type CodedVerifier, type Outcome } from "./coded.js";

const VERSION = "2021-12-02";
/** The public and sovereign clouds: the host stays Microsoft's whatever the text says. */
const SUFFIXES = new Set(["core.windows.net", "core.chinacloudapi.cn", "core.usgovcloudapi.net"]);

/**
 * The Shared Key string to sign of a GET without body or conditional headers: the verb,
 * eleven empty standard headers, the x-ms- headers, then the account and sorted query.
 */
export function sharedKeyStringToSign(account: string, path: string, query: URLSearchParams, msHeaders: Record<string, string>): string {
  const headers = Object.keys(msHeaders)
    .sort()
    .map((k) => `${k}:${msHeaders[k]}\n`)
    .join("");
  const params = [...query.keys()]
    .sort()
    .map((k) => `\n${k.toLowerCase()}:${query.getAll(k).join(",")}`)
    .join("");
  return ["GET", ...Array<string>(11).fill(""), ""].join("\n") + headers + `/${account}${path}` + params;
}

export function sharedKeySignature(key: string, stringToSign: string): string {
  return createHmac("sha256", Buffer.from(key, "base64")).update(stringToSign, "utf8").digest("base64");
}

function read(account: string): (status: number) => Outcome {
  return (status) => (status === 200 ? { status: "live", identity: { account } } : status === 403 || status === 401 ? { status: "invalid" } : otherStatus(status));
}

export const azureSharedKey: CodedVerifier = {
  prepare(input, now, route) {
    const account = /(?:^|;)\s*AccountName=([a-z0-9]{3,24})\s*(?:;|$)/i.exec(input.match)?.[1]?.toLowerCase();
    if (!account) return { status: "not-verifiable", reason: "no AccountName beside the key" };
    const suffix = /;\s*EndpointSuffix=([A-Za-z0-9.]+)/.exec(input.match)?.[1]?.toLowerCase() ?? "core.windows.net";
    if (!SUFFIXES.has(suffix)) return { status: "not-verifiable", reason: "EndpointSuffix is not an Azure cloud" };
    const target = new URL(route(`https://${account}.blob.${suffix}/?restype=service&comp=properties`));
    const ms = { "x-ms-date": now.toUTCString(), "x-ms-version": VERSION };
    const signature = sharedKeySignature(input.secret, sharedKeyStringToSign(account, target.pathname, target.searchParams, ms));
    return {
      request: { method: "GET", url: target.href, headers: { "user-agent": "leakguard-verify", ...ms, authorization: `SharedKey ${account}:${signature}` } },
      read: read(account),
    };
  },
};
