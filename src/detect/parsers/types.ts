import type { Severity } from "../../types.js";

/** A credential a format parser found: byte offsets of the secret in the file. */
export interface ParsedSecret {
  ruleId: string;
  description: string;
  start: number;
  end: number;
  secret: string;
  severity: Severity;
  tags: string[];
  /** The value may be weak (a chosen password): placeholders are still dropped. */
  password: boolean;
  /**
   * A tool reads the value to log in (a credential store, not a template): only empty
   * values, references, template slots and masks are dropped (see storedValueIsReal).
   */
  stored?: boolean;
  /** The clear text when the file holds it encoded (base64, a fixed-key obfuscation): judged instead of `secret`, never reported. */
  judge?: string;
  /** How the stored value is encoded, when it is (reported as `decodedFrom`). */
  encoding?: string;
}

export type CredentialParser = (text: string) => ParsedSecret[];

/** Calls `fn` with each line and its byte offset (the text is decoded as UTF-8). */
export function eachLine(text: string, fn: (line: string, offset: number) => void): void {
  let offset = 0;
  for (const raw of text.split("\n")) {
    fn(raw.replace(/\r$/, ""), offset);
    offset += Buffer.byteLength(raw) + 1;
  }
}

export function byteOffset(line: string, index: number): number {
  return Buffer.byteLength(line.slice(0, index));
}

/** The five predefined XML entities and numeric references. */
export function unescapeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (all, hex: string, dec: string, name: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()] ?? all;
  });
}

/** A `password="..."` attribute's value (matched by `attr`, group 1) and its byte span. */
export interface AttributeValue {
  raw: string;
  start: number;
  end: number;
}

/** Every `password="..."` attribute value in an XML file a tool writes one element per line. */
export function passwordAttributes(text: string, attr: RegExp): AttributeValue[] {
  const out: AttributeValue[] = [];
  eachLine(text, (line, offset) => {
    if (!line.includes("password=")) return;
    for (const m of line.matchAll(attr)) {
      const raw = m[1];
      const at = (m.index ?? 0) + m[0].length - 1 - raw.length;
      out.push({ raw, start: offset + byteOffset(line, at), end: offset + byteOffset(line, at + raw.length) });
    }
  });
  return out;
}
