// git's credential store: one URL a line, `https://user:password@host`, with the user and
// password percent-encoded (https://git-scm.com/docs/git-credential-store#_storage_format).
// Hand-written files often leave `@` or `#` unencoded, so the host is after the last `@`.
import { byteOffset, eachLine, type ParsedSecret } from "./types.js";

export function parseGitCredentials(text: string): ParsedSecret[] {
  const out: ParsedSecret[] = [];
  eachLine(text, (line, offset) => {
    const m = /^\s*[a-z][a-z0-9+.-]*:\/\//i.exec(line);
    if (!m) return;
    const rest = line.slice(m[0].length);
    const at = rest.lastIndexOf("@");
    if (at < 0) return;
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon < 0 || colon === userinfo.length - 1) return;
    const start = m[0].length + colon + 1;
    const secret = line.slice(start, m[0].length + at);
    out.push({
      ruleId: "git-credentials-password",
      description: "Password or token in git's credential store (.git-credentials)",
      start: offset + byteOffset(line, start),
      end: offset + byteOffset(line, start + secret.length),
      secret,
      severity: "high",
      tags: ["password", "credential-file"],
      password: true,
      stored: true,
    });
  });
  return out;
}
