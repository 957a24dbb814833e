// Mean time to revoke: a scan that finds 100 distinct leaked GitHub tokens, with a webhook
// backend on a loopback receiver. Runs the built CLI (dist/) as a child process.
//   node bench/revoke.mjs [--runs N] [--tokens N]
// Prints a markdown table. Targets: every acknowledgement within 1 s of detection, and the
// first request within 100 ms of detection (the moment revokeFindings is called, which the
// audit log records as detected_at).
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";

const BIN = fileURLToPath(new URL("../../dist/bin.cjs", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt("--runs", 5);
const TOKENS = opt("--tokens", 100);
const KEY = randomBytes(16).toString("hex");

// GitHub-format tokens with a valid CRC32 checksum, generated now: none is real.
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function fakeToken() {
  const bytes = randomBytes(60);
  let random = "";
  for (let i = 0; i < 30; i++) random += B62[bytes.readUInt16LE(i * 2) % 62];
  let v = crc32(Buffer.from(random)) >>> 0;
  let sum = "";
  while (v > 0) {
    sum = B62[v % 62] + sum;
    v = Math.floor(v / 62);
  }
  return `ghp_${random}${sum.padStart(6, "0")}`;
}

function startReceiver() {
  const hits = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const body = Buffer.concat(chunks).toString("utf8");
      const want = "sha256=" + createHmac("sha256", KEY).update(body).digest("hex");
      const ok = req.headers["x-leakguard-signature-256"] === want;
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: ok ? "revoked" : "failed" }), () => hits.push({ at, ackAt: Date.now(), ok }));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, hits, url: `http://127.0.0.1:${server.address().port}/leak` })));
}

function runCli(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

async function oneRun(receiver) {
  const dir = mkdtempSync(join(tmpdir(), "leakguard-bench-revoke-"));
  try {
    const repo = join(dir, "repo");
    const ops = join(dir, "ops");
    mkdirSync(repo);
    mkdirSync(ops);
    for (let i = 0; i < TOKENS; i++) writeFileSync(join(repo, `service-${i}.js`), `// config\nexport const token = "${fakeToken()}";\n`);
    const config = join(ops, "revoke.toml");
    writeFileSync(
      config,
      `auditLog = "audit.jsonl"\n\n[backends.hook]\ntype = "webhook"\nurl = "${receiver.url}"\nsecretEnv = "BENCH_HOOK_KEY"\n\n[[route]]\ntags = ["github"]\nbackend = "hook"\n`,
    );
    receiver.hits.length = 0;
    const started = Date.now();
    const r = await runCli(["scan", repo, "--revoke", "--revoke-config", config, "--format", "json", "--output", join(ops, "report.json")], {
      BENCH_HOOK_KEY: KEY,
    });
    const exited = Date.now();
    const audit = readFileSync(join(ops, "audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const revoked = audit.filter((e) => e.outcome === "revoked").length;
    if (receiver.hits.length !== TOKENS || revoked !== TOKENS || receiver.hits.some((h) => !h.ok)) {
      throw new Error(`expected ${TOKENS} signed webhooks and revocations, got ${receiver.hits.length} / ${revoked} (exit ${r.code}): ${r.stderr.slice(-500)}`);
    }
    const detected = Date.parse(audit[0].detected_at);
    const firstRequest = Math.min(...receiver.hits.map((h) => h.at));
    const lastAck = Math.max(...receiver.hits.map((h) => h.ackAt));
    return {
      total: lastAck - started,
      scan: detected - started,
      revoke: lastAck - detected,
      first: firstRequest - detected,
      exit: exited - started,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const receiver = await startReceiver();
const results = [];
await oneRun(receiver); // warm-up (file cache, first process start)
for (let i = 0; i < RUNS; i++) results.push(await oneRun(receiver));
receiver.server.close();

const stat = (key) => {
  const v = results.map((r) => r[key]);
  return { mean: v.reduce((a, b) => a + b, 0) / v.length, min: Math.min(...v), max: Math.max(...v) };
};
const rows = [
  ["process start -> detection (scan of " + TOKENS + " files)", "scan", ""],
  ["detection -> first webhook request", "first", "< 100 ms"],
  ["detection -> last webhook acknowledgement", "revoke", "< 1000 ms"],
  ["process start -> last webhook acknowledgement", "total", ""],
  ["process start -> exit", "exit", ""],
];
console.log(`\n### Time to revoke ${TOKENS} distinct leaked tokens (webhook on loopback, ${RUNS} runs, node ${process.version})\n`);
console.log("| measure | mean (ms) | min (ms) | max (ms) | target |");
console.log("|---|---:|---:|---:|---|");
for (const [label, key, target] of rows) {
  const s = stat(key);
  const verdict = target ? ` ${target} ${s.max < Number(target.replace(/\D/g, "")) ? "✓" : "✗"}` : "";
  console.log(`| ${label} | ${s.mean.toFixed(0)} | ${s.min} | ${s.max} |${verdict} |`);
}
