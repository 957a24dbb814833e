// The floor: walk the same tree and read every file, with no detection at all.
import fg from "fast-glob";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = process.argv[2];
let bytes = 0;
let files = 0;
for await (const p of fg.stream("**", { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ["**/.git/**"] })) {
  bytes += readFileSync(join(root, String(p))).length;
  files++;
}
process.stdout.write(JSON.stringify({ files, bytes }) + "\n");
