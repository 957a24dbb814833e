// Git LFS pointer files (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md).
// A blob recognised as a pointer is skipped unscanned, so recognition must be strict: a
// file that only starts like a pointer can carry anything after that first line.

/** The spec's version line; `hawser` is the pre-release name the spec still accepts. */
const VERSION = /^version https:\/\/(?:git-lfs\.github\.com|hawser\.github\.com)\/spec\/v1$/;
/** Extension lines (`ext-<priority>-<name> sha256:<hex>`), which come before `oid`. */
const EXTENSION = /^ext-[0-9]-[a-z0-9]+ sha256:[0-9a-f]{64}$/;
const OID = /^oid sha256:[0-9a-f]{64}$/;
const SIZE = /^size (?:0|[1-9][0-9]{0,18})$/;
/** A pointer is a few short lines; anything longer is not one. */
const MAX_POINTER_BYTES = 1024;

/**
 * True only when `data` is a whole pointer: the version line, optional extension lines,
 * `oid`, `size`, each ending in `\n`, and nothing else.
 */
export function isLfsPointer(data: Uint8Array): boolean {
  if (data.length === 0 || data.length > MAX_POINTER_BYTES || data[data.length - 1] !== 0x0a) return false;
  const lines = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1").slice(0, -1).split("\n");
  if (lines.length < 3 || !VERSION.test(lines[0])) return false;
  const tail = lines.length - 2;
  for (let i = 1; i < tail; i++) if (!EXTENSION.test(lines[i])) return false;
  return OID.test(lines[tail]) && SIZE.test(lines[tail + 1]);
}
