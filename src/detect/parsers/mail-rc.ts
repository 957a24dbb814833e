// Mail clients' rc files: msmtp (`password VALUE`, https://marlam.de/msmtp/msmtp.html),
// esmtp (`password "VALUE"`) and fetchmail (`... password "VALUE"`,
// https://www.fetchmail.info/fetchmail-man.html): the keyword, blanks, the value.
import { byteOffset, eachLine, type ParsedSecret } from "./types.js";

const PASSWORD = /(?:^|\s)(?:password|passwd|pass)\s+(?:"((?:[^"\\]|\\.){1,128})"|'([^']{1,128})'|([^\s"']{1,128}))/g;

export function parseMailRc(text: string): ParsedSecret[] {
  const out: ParsedSecret[] = [];
  eachLine(text, (line, offset) => {
    if (line.trimStart().startsWith("#")) return;
    for (const m of line.matchAll(PASSWORD)) {
      const secret = m[1] ?? m[2] ?? m[3];
      const at = (m.index ?? 0) + m[0].length - secret.length - (m[3] === undefined ? 1 : 0);
      out.push({
        ruleId: "mail-client-rc-password",
        description: "Password in a mail client's rc file (msmtp, esmtp, fetchmail)",
        start: offset + byteOffset(line, at),
        end: offset + byteOffset(line, at + secret.length),
        secret,
        severity: "high",
        tags: ["password", "credential-file"],
        password: true,
        stored: true,
      });
    }
  });
  return out;
}
