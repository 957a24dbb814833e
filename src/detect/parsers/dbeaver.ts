// DBeaver's saved connections. Older versions keep them in data-sources.xml, the password
// as a `password="..."` attribute of `<connection>`; since 6.1.3 they live in
// credentials-config.json, encrypted with AES-128-CBC under a key fixed in DBeaver's
// source (the IV is the file's first 16 bytes), so anyone can read them
// (https://dbeaver.com/docs/dbeaver/Admin-Manage-Connections/#connection-credentials).
import { createDecipheriv } from "node:crypto";
import { passwordAttributes, unescapeXml, type ParsedSecret } from "./types.js";

/** DBeaver's built-in key for credentials-config.json (public: it ships in every copy). */
const DEFAULT_KEY = Buffer.from("babb4a9f774ab853c96c2d653dfe544a", "hex");

const PASSWORD_ATTR = /(?<=\s)password="([^"]{1,1024})"/g;

export function parseDbeaverDataSources(text: string): ParsedSecret[] {
  return passwordAttributes(text, PASSWORD_ATTR).map(({ raw, start, end }) => ({
    ruleId: "dbeaver-password",
    description: "Database password saved by DBeaver (data-sources.xml)",
    start,
    end,
    secret: raw,
    judge: unescapeXml(raw),
    severity: "high",
    tags: ["password", "dbeaver", "credential-file"],
    password: true,
    stored: true,
  }));
}

export interface StoredLogin {
  connection: string;
  user?: string;
  password: string;
}

/** The logins in a credentials-config.json encrypted with DBeaver's default key; [] if it is not one. */
export function decryptDbeaverCredentials(data: Buffer): StoredLogin[] {
  if (data.length < 32 || (data.length - 16) % 16 !== 0) return [];
  let json: unknown;
  try {
    const decipher = createDecipheriv("aes-128-cbc", DEFAULT_KEY, data.subarray(0, 16));
    json = JSON.parse(Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8"));
  } catch {
    return []; // another key (a user-set master password) or not DBeaver's file
  }
  if (!json || typeof json !== "object") return [];
  const out: StoredLogin[] = [];
  for (const [connection, entry] of Object.entries(json as Record<string, unknown>)) {
    const auth = (entry as { "#connection"?: { user?: unknown; password?: unknown } } | null)?.["#connection"];
    if (auth && typeof auth.password === "string" && auth.password) {
      out.push({ connection, password: auth.password, ...(typeof auth.user === "string" ? { user: auth.user } : {}) });
    }
  }
  return out;
}
