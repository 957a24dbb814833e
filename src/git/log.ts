// The pieces of git's history output leakguard reads: raw diff entries (`--raw -z`: the
// blobs a commit changed, per parent for merges), paths as bytes, and commit objects
// (author, date, message), read from the object itself so no free-form text has to be
// delimited in a stream.
import type { CommitMeta } from "../types.js";

export const NULL_OID_RE = /^0+$/;

export interface ChangedEntry {
  /** Path as git stores it (bytes), and decoded for reports. */
  path: string;
  /** New mode ("100644", "100755", "120000", "160000"; "000000" = deleted). */
  mode: string;
  /** New blob id; undefined when the path was deleted. */
  blob?: string;
  /** Blob id in each parent (undefined where the parent lacks the path). */
  parentBlobs: (string | undefined)[];
  /** Status letters (one per parent for merges): A, M, D, T... */
  status: string;
}

/** A commit, its parents and the entries it changed. */
export interface LogCommit {
  id: string;
  parents: string[];
  entries: ChangedEntry[];
}

/** Decodes a path from git's raw bytes: UTF-8 when valid, octal escapes for other bytes. */
export function decodePath(raw: Buffer): string {
  const s = raw.toString("utf8");
  if (!s.includes("\uFFFD") || Buffer.from(s, "utf8").equals(raw)) return s;
  let out = "";
  for (const byte of raw) out += byte < 0x80 ? String.fromCharCode(byte) : "\\" + byte.toString(8).padStart(3, "0");
  return out;
}

/** One raw entry header; undefined when the token is not one. */
export function parseEntryHeader(token: string): Omit<ChangedEntry, "path"> | undefined {
  // ":100644 100644 <old> <new> M" or, for merges, "::m1 m2 m <p1> <p2> <new> MM".
  let colons = 0;
  while (token[colons] === ":") colons++;
  if (colons === 0) return undefined;
  const f = token.slice(colons).split(" ");
  const nModes = colons + 1;
  if (f.length < nModes * 2 + 1) return undefined;
  const mode = f[colons];
  const oids = f.slice(nModes, nModes * 2);
  const status = f[nModes * 2];
  const newOid = oids[colons];
  return {
    mode,
    blob: NULL_OID_RE.test(newOid) ? undefined : newOid,
    parentBlobs: oids.slice(0, colons).map((o) => (NULL_OID_RE.test(o) ? undefined : o)),
    status,
  };
}

/** Author, date and message of a commit, parsed from the raw commit object. */
export function parseCommitObject(id: string, data: Buffer): CommitMeta {
  const sep = data.indexOf("\n\n");
  const headerText = data.toString("utf8", 0, sep < 0 ? data.length : sep);
  let encoding = "utf-8";
  let author = "";
  let email = "";
  let date = "";
  for (const line of headerText.split("\n")) {
    if (line.startsWith("author ")) {
      const m = /^author (.*?) ?<([^>]*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(line);
      if (m) {
        author = m[1];
        email = m[2];
        date = isoDate(Number(m[3]), m[4], Number(m[5]), Number(m[6]));
      } else author = line.slice(7);
    } else if (line.startsWith("encoding ")) encoding = line.slice(9).trim();
  }
  const body = sep < 0 ? Buffer.alloc(0) : data.subarray(sep + 2);
  let message: string;
  try {
    message = new TextDecoder(encoding).decode(body);
  } catch {
    message = body.toString("utf8");
  }
  return { commit: id, author, email, date, message: message.trim() };
}

/** `2024-05-01T12:00:00+02:00`, the commit's own offset (what `git log --format=%aI` prints). */
function isoDate(epoch: number, sign: string, hh: number, mm: number): string {
  const offsetMin = (sign === "-" ? -1 : 1) * (hh * 60 + mm);
  const local = new Date((epoch + offsetMin * 60) * 1000).toISOString().slice(0, 19);
  if (local.startsWith("+") || local.length !== 19) return new Date(epoch * 1000).toISOString();
  return `${local}${sign}${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
}
