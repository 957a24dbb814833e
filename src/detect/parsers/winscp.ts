// WinSCP's portable configuration (WinSCP.ini): each `[Sessions\name]` section may hold
// `Password=` (and `ProxyPassword=`, `TunnelPassword=`) in WinSCP's documented "simple"
// obfuscation unless a master password is set: hex bytes, each ~(b XOR 0xA3); a flag
// byte, the length, a skip count, then the user name and host followed by the password.
// Values that do not decode that way (master-password encryption) are not reported, and
// no generic rule guesses at them either.
import { byteOffset, eachLine, type ParsedSecret } from "./types.js";

const MAGIC = 0xa3;
const FLAG = 0xff;

/** The clear text of an obfuscated password stored for `user`@`host`, if it decodes. */
export function decodeWinScpPassword(hex: string, user: string, host: string): string | undefined {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) return undefined;
  const bytes = Buffer.from(hex, "hex").map((b) => ~(b ^ MAGIC) & 0xff);
  let i = 0;
  const flag = bytes[i++];
  let length = flag;
  if (flag === FLAG) {
    i++; // reserved byte
    length = bytes[i++];
  }
  i += bytes[i] + 1; // random padding before the text
  if (i + length > bytes.length) return undefined;
  let text = Buffer.from(bytes.subarray(i, i + length)).toString("latin1");
  if (flag === FLAG) {
    const key = user + host;
    if (!text.startsWith(key)) return undefined;
    text = text.slice(key.length);
  }
  return text && /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

interface Field {
  value: string;
  at: number;
  offset: number;
  line: string;
}

export function parseWinScpIni(text: string): ParsedSecret[] {
  const out: ParsedSecret[] = [];
  let section: Map<string, Field> | undefined;
  const flush = (): void => {
    if (!section) return;
    const host = decodeIni(section.get("hostname")?.value ?? "");
    const user = decodeIni(section.get("username")?.value ?? "");
    const pairs: Array<[string, string, string]> = [
      ["password", user, host],
      ["proxypassword", decodeIni(section.get("proxyusername")?.value ?? ""), decodeIni(section.get("proxyhost")?.value ?? "")],
      ["tunnelpassword", decodeIni(section.get("tunnelusername")?.value ?? ""), decodeIni(section.get("tunnelhostname")?.value ?? "")],
    ];
    for (const [name, u, h] of pairs) {
      const f = section.get(name);
      if (!f) continue;
      // Not in the simple scheme: encrypted with a master password, not reported (the
      // empty judgement drops it), but still read as this format's value.
      const clear = decodeWinScpPassword(f.value, u, h) ?? "";
      out.push({
        ruleId: "winscp-password",
        description: "Session password saved by WinSCP (WinSCP.ini, reversibly obfuscated)",
        start: f.offset + byteOffset(f.line, f.at),
        end: f.offset + byteOffset(f.line, f.at + f.value.length),
        secret: f.value,
        judge: clear,
        encoding: "winscp",
        severity: "high",
        tags: ["password", "winscp", "encoded-password", "credential-file"],
        password: true,
        stored: true,
      });
    }
  };
  eachLine(text, (line, offset) => {
    if (line.startsWith("[")) {
      flush();
      section = /^\[Sessions\\/i.test(line) ? new Map() : undefined;
      return;
    }
    const eq = line.indexOf("=");
    if (!section || eq < 1) return;
    section.set(line.slice(0, eq).trim().toLowerCase(), { value: line.slice(eq + 1).trim(), at: eq + 1 + (line.slice(eq + 1).length - line.slice(eq + 1).trimStart().length), offset, line });
  });
  flush();
  return out;
}

/** WinSCP.ini percent-encodes special characters in values (`%20`). */
function decodeIni(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
