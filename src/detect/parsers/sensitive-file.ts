// Binary files that are themselves secrets: key stores and password databases. They are
// skipped as binary like any other, and reported by name and magic bytes.
import { createHash } from "node:crypto";
import type { Candidate, FileRole } from "../../types.js";
import { assessConfidence } from "../context/confidence.js";
import { decryptDbeaverCredentials } from "./dbeaver.js";

interface Kind {
  label: string;
  /** Leading bytes, when the format has a signature. */
  magic?: number[][];
  /** File name endings that name the format. */
  names?: RegExp;
}

const KINDS: Kind[] = [
  // Java KeyStore and JCE KeyStore (the JDK's sun.security.provider.JavaKeyStore magic).
  { label: "Java keystore", magic: [[0xfe, 0xed, 0xfe, 0xed], [0xce, 0xce, 0xce, 0xce]], names: /\.(?:jks|keystore|jceks)$/i },
  // KeePass 2.x (.kdbx) and 1.x (.kdb): signature 1 then signature 2.
  { label: "KeePass database", magic: [[0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5], [0x03, 0xd9, 0xa2, 0x9a, 0x65, 0xfb, 0x4b, 0xb5]], names: /\.kdbx?$/i },
  // PKCS#12 is plain DER (RFC 7292): a SEQUENCE, recognised by name only.
  { label: "PKCS#12 key store", names: /\.(?:p12|pfx)$/i },
];

function startsWith(data: Buffer, magic: number[]): boolean {
  return data.length >= magic.length && magic.every((b, i) => data[i] === b);
}

/** The kind of key store or password database, by magic bytes, else by name. */
export function sensitiveFileKind(path: string, data: Buffer): string | undefined {
  for (const k of KINDS) if (k.magic?.some((m) => startsWith(data, m))) return k.label;
  for (const k of KINDS) if (k.names?.test(path) && (!k.magic || data.length === 0 || data[0] === 0x30)) return k.label;
  // PKCS#12 by name must still look like DER; a text file named x.p12 is something else.
  return undefined;
}

/** A `sensitive-file` finding for the whole file; its "secret" is the content's digest. */
export function sensitiveFileCandidate(kind: string, data: Buffer, fileRole: FileRole): Candidate {
  const digest = "sha256:" + createHash("sha256").update(data).digest("hex");
  const context = { fileRole, lineRole: "code" as const };
  const tags = ["sensitive-file"];
  return {
    ruleId: "sensitive-file",
    description: `${kind} committed as a file`,
    startLine: 1,
    endLine: 1,
    startColumn: 1,
    endColumn: 1,
    secret: digest,
    match: kind,
    lineText: "",
    entropy: 0,
    severity: "medium",
    tags,
    confidence: assessConfidence({ generic: false, checksumValid: false, prefixed: false, base: "medium", tags, strength: "fair", ...context }),
    context,
  };
}

/**
 * Findings for a binary file: a key store or password database as a whole, or the logins
 * of a DBeaver credentials-config.json, which DBeaver's fixed key decrypts.
 */
export function binaryFileCandidates(path: string, data: Buffer, fileRole: FileRole): Candidate[] {
  if (path.endsWith("credentials-config.json")) {
    const logins = decryptDbeaverCredentials(data);
    if (logins.length) return logins.map((l) => storedLoginCandidate(l.password, fileRole));
  }
  const kind = sensitiveFileKind(path, data);
  return kind ? [sensitiveFileCandidate(kind, data, fileRole)] : [];
}

function storedLoginCandidate(password: string, fileRole: FileRole): Candidate {
  const context = { fileRole, lineRole: "code" as const };
  const tags = ["password", "dbeaver", "encoded-password", "credential-file"];
  return {
    ruleId: "dbeaver-password",
    description: "Database password saved by DBeaver (credentials-config.json, encrypted with DBeaver's public default key)",
    startLine: 1,
    endLine: 1,
    startColumn: 1,
    endColumn: 1,
    secret: password,
    match: "credentials-config.json (AES, DBeaver's default key)",
    lineText: "",
    entropy: 0,
    severity: "high",
    tags,
    decodedFrom: ["dbeaver-aes"],
    confidence: assessConfidence({ generic: false, checksumValid: false, prefixed: false, base: "medium", tags, strength: "fair", ...context }),
    context,
  };
}
