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
