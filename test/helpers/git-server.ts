// Real git servers on 127.0.0.1 for remote-repository tests: `git daemon` (git://) and
// git's own smart-HTTP CGI (`git http-backend`) behind a node http server that asks for
// Basic authentication and records what it was sent.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createServer as createNetServer, connect } from "node:net";
import type { AddressInfo } from "node:net";

/** A port that was free a moment ago (git daemon cannot be told to pick one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`git daemon did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface GitDaemon {
  port: number;
  url(name: string): string;
  stop(): Promise<void>;
}

/** `git daemon` exporting every repository under `basePath`. */
export async function startGitDaemon(basePath: string, extraArgs: string[] = []): Promise<GitDaemon> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    "git",
    ["daemon", "--export-all", `--base-path=${basePath}`, "--reuseaddr", "--listen=127.0.0.1", `--port=${port}`, "--informative-errors", ...extraArgs, basePath],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.resume();
  await waitForPort(port, Date.now() + 10_000);
  return {
    port,
    url: (name) => `git://127.0.0.1:${port}/${name}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("close", () => resolve());
        child.kill();
      }),
  };
}

export interface HttpGitServer {
  url(name: string): string;
  /** Authorization headers of every request, in order. */
  authorizations: string[];
  stop(): Promise<void>;
}

/** Smart HTTP through `git http-backend`; requests without an Authorization header get 401. */
export async function startHttpGitServer(projectRoot: string): Promise<HttpGitServer> {
  const authorizations: string[] = [];
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization;
    if (!auth) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"' }).end();
      return;
    }
    authorizations.push(auth);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const cgi = spawn("git", ["http-backend"], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: header(req.headers, "content-type"),
        HTTP_CONTENT_ENCODING: header(req.headers, "content-encoding"),
        HTTP_GIT_PROTOCOL: header(req.headers, "git-protocol"),
        REMOTE_USER: "test",
        REMOTE_ADDR: "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    req.pipe(cgi.stdin!);
    const out: Buffer[] = [];
    cgi.stdout!.on("data", (d: Buffer) => out.push(d));
    cgi.on("close", () => {
      const all = Buffer.concat(out);
      const end = all.indexOf("\r\n\r\n");
      const head = all.subarray(0, end).toString("latin1").split("\r\n");
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head) {
        const i = line.indexOf(":");
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === "status") status = Number(v.split(" ")[0]);
        else headers[k] = v;
      }
      res.writeHead(status, headers).end(all.subarray(end + 4));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    authorizations,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

function header(h: IncomingHttpHeaders, name: string): string {
  const v = h[name];
  return Array.isArray(v) ? v.join(", ") : (v ?? "");
}
