// PostgreSQL's password file: `hostname:port:database:username:password` a line, `\:` and
// `\\` escaped, `#` comments (https://www.postgresql.org/docs/current/libpq-pgpass.html).
import { byteOffset, eachLine, type ParsedSecret } from "./types.js";

/** Splits on unescaped colons, keeping each field's start index. */
function fields(line: string): Array<{ text: string; at: number }> {
  const out: Array<{ text: string; at: number }> = [];
  let at = 0;
  for (let i = 0; i <= line.length; i++) {
    if (line[i] === "\\") i++;
    else if (i === line.length || line[i] === ":") {
      out.push({ text: line.slice(at, i), at });
      at = i + 1;
    }
  }
  return out;
}

export function parsePgpass(text: string): ParsedSecret[] {
  const out: ParsedSecret[] = [];
  eachLine(text, (line, offset) => {
    if (!line.trim() || line.trimStart().startsWith("#")) return;
    const f = fields(line);
    if (f.length !== 5 || !f[4].text) return;
    const pw = f[4];
    out.push({
      ruleId: "pgpass-password",
      description: "Password in a PostgreSQL .pgpass entry",
      start: offset + byteOffset(line, pw.at),
      end: offset + byteOffset(line, pw.at + pw.text.length),
      secret: pw.text,
      severity: "high",
      tags: ["password", "credential-file"],
      password: true,
      stored: true,
    });
  });
  return out;
}
