// .netrc / _netrc (netrc(5); https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html):
// whitespace-separated tokens `machine NAME`, `default`, `login NAME`, `password STRING`,
// `account STRING`, `macdef NAME` (its body runs to the next blank line). curl and others
// accept a double-quoted password. The password is what the client logs in with, so a
// dictionary word or an API key that looks like a UUID (Heroku's) is reported too.
import { type ParsedSecret } from "./types.js";

const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

export function parseNetrc(text: string): ParsedSecret[] {
  const out: ParsedSecret[] = [];
  let expectPassword = false;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const word = m[1] ?? m[2];
    if (m[2] === "macdef") {
      // The macro's body is not netrc tokens: skip to the blank line that ends it.
      const end = text.indexOf("\n\n", TOKEN.lastIndex);
      TOKEN.lastIndex = end < 0 ? text.length : end + 2;
      expectPassword = false;
      continue;
    }
    if (m[2] !== undefined && m[2].startsWith("#") && (m.index === 0 || text[m.index - 1] === "\n")) {
      const nl = text.indexOf("\n", m.index);
      TOKEN.lastIndex = nl < 0 ? text.length : nl + 1; // a comment line (most clients accept them)
      continue;
    }
    if (expectPassword) {
      const at = m.index + (m[1] !== undefined ? 1 : 0);
      out.push({
        ruleId: "netrc-password",
        description: "Password in a .netrc entry",
        start: Buffer.byteLength(text.slice(0, at)),
        end: Buffer.byteLength(text.slice(0, at + word.length)),
        secret: word,
        severity: "high",
        tags: ["password", "credential-file"],
        password: true,
        stored: true,
      });
      expectPassword = false;
      continue;
    }
    expectPassword = m[2] === "password";
  }
  TOKEN.lastIndex = 0;
  return out;
}
