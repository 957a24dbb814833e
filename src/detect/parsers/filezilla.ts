// FileZilla's saved sites and recent servers (sitemanager.xml, recentservers.xml, and
// filezilla.xml of old versions): `<Pass>` holds the password in clear text (before 3.26)
// or base64-encoded (`encoding="base64"`); `encoding="crypt"` values are encrypted with a
// master password and left alone (https://wiki.filezilla-project.org/Site_Manager).
import { byteOffset, eachLine, unescapeXml, type ParsedSecret } from "./types.js";

const PASS = /<Pass(?:\s+encoding="([\w-]*)")?\s*>([^<]{1,1024})<\/Pass>/g;

export function parseFileZilla(text: string): ParsedSecret[] {
  const out: ParsedSecret[] = [];
  eachLine(text, (line, offset) => {
    for (const m of line.matchAll(PASS)) {
      const encoding = (m[1] ?? "").toLowerCase();
      if (encoding && encoding !== "base64" && encoding !== "plain") continue;
      const raw = m[2];
      const clear = encoding === "base64" ? decodeBase64Text(raw) : unescapeXml(raw);
      if (clear === undefined) continue;
      const at = (m.index ?? 0) + m[0].length - "</Pass>".length - raw.length;
      out.push({
        ruleId: "filezilla-password",
        description: "Saved FTP password in a FileZilla site manager or recent-servers file (clear text or base64, not encrypted)",
        start: offset + byteOffset(line, at),
        end: offset + byteOffset(line, at + raw.length),
        secret: raw,
        judge: clear,
        ...(encoding === "base64" ? { encoding: "base64" } : {}),
        severity: "high",
        tags: ["password", "filezilla", "credential-file"],
        password: true,
        stored: true,
      });
    }
  });
  return out;
}

/** base64 that decodes to printable text (`echo pass | base64` keeps the newline). */
function decodeBase64Text(raw: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw.trim())) return undefined;
  const text = Buffer.from(raw.trim(), "base64").toString("utf8").replace(/\r?\n$/, "");
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}
