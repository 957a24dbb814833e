// History scans hand changed files to worker threads in batches (only the changed middles
// of the two versions travel): the findings must be the ones the in-process scan gives,
// with the same line numbers, whatever the thread count.
import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { runCli } from "../helpers/cli.js";
import { loadedPackage, runCliLoaded } from "../helpers/loaded-modules.js";
import { cleanupTmp, initRepo } from "../helpers/tmp.js";
import { fakeGithubToken, passwordLine, randomFrom } from "../helpers/secrets.js";
import type { JsonFinding } from "../helpers/report.js";

afterAll(cleanupTmp);

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const pemBody = () => Array.from({ length: 12 }, () => randomFrom(B64, 64));

async function findings(repo: string, threads: number): Promise<string[]> {
  const r = await runCli(["git", repo, "--format", "json", "--threads", String(threads), "--confidence", "low"]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code}: ${r.stderr}`);
  const list = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
  return list.map((f) => `${f.ruleId} ${f.file}:${f.startLine}-${f.endLine} @${f.message}`).sort();
}

/** A history of 126 commits, the early ones with secrets, big enough for worker threads (over 4 MB). */
function historyRepo(): string {
  const repo = initRepo();
  const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `const ${tag}${i} = compute(${i}); // unchanged`);
  const head = filler(400, "h");
  const tail = filler(400, "t");
  const token = fakeGithubToken();
  const pw = passwordLine();
  const pem = pemBody();
  const keyFile = (body: string[]) => ["-----BEGIN RSA PRIVATE KEY-----", ...body, "-----END RSA PRIVATE KEY-----", ""].join("\n");
  const commits: { message: string; files: Record<string, string> }[] = [];
  commits.push({ message: "start", files: { "src/f3.js": [...head, "export const v = 0;", ...tail, ""].join("\n") } });
  // A token inserted deep in a long file: its line number comes back through the middle's offset.
  commits.push({ message: "token", files: { "src/f3.js": [...head, `const gh = "${token}";`, "export const v = 0;", ...tail, ""].join("\n") } });
  // The token moves down within the file: carried along, not reported again.
  commits.push({ message: "move", files: { "src/f3.js": [...head, "export const v = 0;", `const gh = "${token}";`, ...tail, ""].join("\n") } });
  // A small file added, and a password added to a config file.
  commits.push({ message: "config", files: { "app.env": `HOST=db\n${pw}\n` } });
  // A key added, then one line inside its block replaced: the edit only matches as the whole block.
  commits.push({ message: "key", files: { "deploy/id_rsa.txt": keyFile(pem) } });
  const edited = [...pem];
  edited[6] = randomFrom(B64, 64);
  commits.push({ message: "key edit", files: { "deploy/id_rsa.txt": keyFile(edited) } });
  // Later commits, each editing a file in its middle and adding a 40 KB one (4.8 MB in
  // all, past the size that starts the workers): history is read newest first, so by the
  // time the commits above are reached the scan has moved to the worker threads.
  for (let i = 0; i < 120; i++) {
    const name = `src/g${i % 30}.js`;
    const added = Array.from({ length: 1000 }, (_, j) => `const b${i}_${j} = compute(${j}); // added`).join("\n");
    commits.push({ message: `edit ${i}`, files: { [name]: [...head, `export const v = ${i};`, ...tail, ""].join("\n"), [`src/big${i}.js`]: `${added}\n` } });
  }

  let stream = "";
  let t = 1_700_000_000;
  for (const c of commits) {
    t += 60;
    stream += `commit refs/heads/main\ncommitter Test Author <author@example.com> ${t} +0000\ndata ${Buffer.byteLength(c.message)}\n${c.message}\n`;
    for (const [path, content] of Object.entries(c.files)) stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
    stream += "\n";
  }
  execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: stream });
  return repo;
}

describe("leakguard git with worker threads", () => {
  it("reports what the in-process scan reports, on the same lines", async () => {
    const repo = historyRepo();
    const inline = await findings(repo, 1);
    // 4 threads: 4 diff processes, the main thread and one worker (see the next test).
    const pooled = await findings(repo, 4);
    expect(pooled).toEqual(inline);
    expect(inline.filter((f) => f.includes("src/f3.js"))).toEqual([expect.stringMatching(new RegExp(`^github-pat src/f3\\.js:401-401 @token$`))]);
    expect(inline.some((f) => f.includes("app.env:2-2 @config"))).toBe(true);
    const keys = inline.filter((f) => f.includes("deploy/id_rsa.txt"));
    expect(keys.map((f) => f.split(" @")[1]).sort()).toEqual(["key", "key edit"]);
  });

  it("keeps detection on the main thread up to 3 threads (git's diff processes take the other cores) and starts workers from 4", async () => {
    const repo = historyRepo();
    const two = await runCliLoaded(["git", repo, "--threads", "2", "--confidence", "low"]);
    expect(two.code, two.stderr).toBe(1);
    expect(loadedPackage(two, "piscina")).toBe(false);
    const four = await runCliLoaded(["git", repo, "--threads", "4", "--confidence", "low"]);
    expect(four.code, four.stderr).toBe(1);
    expect(loadedPackage(four, "piscina")).toBe(true);
  }, 120_000);

  it("finishes a commit too big to hold as patches (over 32 MB): its last files are read blob by blob, their secrets found", async () => {
    const repo = initRepo();
    const line = "const value = compute(alpha, beta, gamma, delta); // filler line of a big import\n";
    const filler = line.repeat(Math.ceil(100_000 / line.length));
    let stream = `commit refs/heads/main\ncommitter Test Author <author@example.com> 1700000000 +0000\ndata 6\nimport\n`;
    for (let i = 0; i < 400; i++) {
      const body = `// file ${i}\n${filler}`;
      stream += `M 100644 inline imported/f${String(i).padStart(3, "0")}.js\ndata ${body.length}\n${body}\n`;
    }
    const secret = `${passwordLine()}\n`;
    stream += `M 100644 inline zz/app.env\ndata ${secret.length}\n${secret}\n\n`;
    execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: stream, maxBuffer: 1 << 28 });
    const r = await runCli(["git", repo, "--format", "json", "--threads", "2"], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    const found = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    expect(found.map((f) => `${f.ruleId} ${f.file}:${f.startLine}`)).toEqual(["generic-password zz/app.env:1"]);
    expect(r.stderr).toMatch(/scanned 401 blobs/);
  }, 120_000);
});
