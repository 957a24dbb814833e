// Shared by the package suites: the packed tarball, an environment with only Node, npm
// and git (none of this checkout's node_modules/.bin, no npm_* variables from `npm test`),
// and a stand-in for re2's prebuilt-binary download.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { ROOT, runProcess, type RunResult } from "../helpers/cli.js";
import { GIT_ENV } from "../helpers/tmp.js";

export const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/**
 * re2's install script downloads its binary from the project's GitHub releases and
 * compiles from source when it cannot (minutes). CI runners reach GitHub; a test machine
 * may not, so the tests serve this checkout's own build of the same re2 version the same
 * way (RE2_DOWNLOAD_MIRROR is re2's documented switch for a mirror).
 */
export async function startRe2Mirror(): Promise<{ url: string; close: () => Promise<void> }> {
  // Quality 1: the default (11) takes many seconds on a 20 MB binary.
  const artifact = brotliCompressSync(readFileSync(join(ROOT, "node_modules/re2/build/Release/re2.node")), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 1 },
  });
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith(".br")) {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(artifact);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      // npm keeps connections alive; close would wait for them.
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${port}`, close };
}

/** The environment a fresh machine would have: no checkout binaries on PATH, no npm_* from a parent npm. */
export function consumerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === "INIT_CWD" || k === "NODE_OPTIONS" || k.startsWith("VITEST")) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(":")
    .filter((p) => p && !p.includes("node_modules"))
    .join(":");
  return { ...env, ...GIT_ENV, HUSKY: "", ...extra };
}

/** Runs a command for a consumer; these involve npm installs, so the limit is generous. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  // runProcess adds NO_COLOR etc. on top of process.env; pass a full env to replace it.
  return runProcess(cmd, args, { cwd, env: { ...Object.fromEntries(Object.keys(process.env).map((k) => [k, undefined])), ...env }, timeoutMs: 15 * 60_000 });
}
