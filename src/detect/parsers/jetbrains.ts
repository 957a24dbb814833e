// JetBrains IDEs' deployment servers (.idea/WebServers.xml): `<fileTransfer ...
// password="...">` stores the password with a fixed, public obfuscation: each UTF-16
// code unit XOR 0xDFAA, written as four hex digits. Reported as an encoded password.
import { passwordAttributes, type ParsedSecret } from "./types.js";

const PASSWORD_ATTR = /(?<=\s)password="([0-9a-fA-F]{4,4096})"/g;

/** The clear text, or undefined when the value is not in the IDE's scheme. */
export function decodeJetBrainsPassword(hex: string): string | undefined {
  if (hex.length % 4 !== 0) return undefined;
  let out = "";
  for (let i = 0; i < hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16) ^ 0xdfaa);
  return /^[\x20-\x7e]+$/.test(out) ? out : undefined;
}

export function parseJetBrainsWebServers(text: string): ParsedSecret[] {
  return passwordAttributes(text, PASSWORD_ATTR).map(({ raw, start, end }) => {
    // A value that does not decode is still a stored password: judged as it stands.
    const clear = decodeJetBrainsPassword(raw);
    return {
      ruleId: "jetbrains-deployment-password",
      description: "Deployment server password saved by a JetBrains IDE (WebServers.xml, reversibly obfuscated)",
      start,
      end,
      secret: raw,
      judge: clear ?? raw,
      ...(clear !== undefined ? { encoding: "jetbrains-xor" } : {}),
      severity: "high",
      tags: ["password", "jetbrains", "encoded-password", "credential-file"],
      password: true,
      stored: true,
    };
  });
}
