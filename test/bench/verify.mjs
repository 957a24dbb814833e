// Verification throughput: 1,000 distinct GitHub-format tokens, checked with --verify
// against a loopback server that plays api.github.com and answers each request in 20 ms.
// Target: under 5 s with the default limits (8 requests per host in flight).
import { createServer } from "node:http";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { crc32 } from "node:zlib";
import { BIN, WORK, fmt, rng } from "./lib.mjs";

const N = Number(process.env.BENCH_VERIFY_N ?? 1000);
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const base62 = (n, w) => {
  let out = "";
  for (let v = n >>> 0; v > 0; v = Math.floor(v / 62)) out = B62[v % 62] + out;
  return out.padStart(w, "0");
};
const rand = rng(7);
const token = () => {
  let r = "";
  for (let i = 0; i < 30; i++) r += B62[Math.floor(rand() * 62)];
  return `ghp_${r}${base62(crc32(Buffer.from(r)), 6)}`;
};

const dir = join(WORK, "verify-tree");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const lines = Array.from({ length: N }, (_, i) => `TOKEN_${i}=${token()}`);
writeFileSync(join(dir, "tokens.env"), lines.join("\n") + "\n");

let requests = 0;
const server = createServer((req, res) => {
  requests++;
  setTimeout(() => res.writeHead(requests % 2 ? 200 : 401, { "content-type": "application/json" }).end('{"login":"bench"}'), 20);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const started = performance.now();
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [BIN, "scan", dir, "--verify", "--format", "json", "--output", "/dev/null", "--threads", "1"], {
    env: { ...process.env, LEAKGUARD_VERIFY_HOSTS: `api.github.com=${base}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  child.on("close", (c) => {
    if (c !== 1) console.error(err);
    resolve(c);
  });
});
const seconds = (performance.now() - started) / 1000;
server.close();
console.log(`\n### leakguard --verify, ${N} distinct tokens, loopback provider answering in 20 ms\n`);
console.log("| what | seconds | requests |");
console.log("|---|---:|---:|");
console.log(`| scan + verify (exit ${code}) | ${fmt(seconds)} | ${requests} |`);
console.log(`\nverify of ${N} findings: ${fmt(seconds)} s (target < 5 s)`);
if (code !== 1) process.exit(1);
