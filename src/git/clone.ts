// Remote repositories: which arguments are URLs, how they are shown, and the mirror clone
// leakguard scans. Credentials never reach a command line (where `ps` shows them) or a
// report: userinfo is taken out of the URL and, with a token, handed to git as an HTTP
// header through the environment, scoped to the URL's own host.
import { UsageError } from "../types.js";
import { GitError, runGit } from "./process.js";

export type RemoteScheme = "https" | "http" | "ssh" | "git" | "file";

export interface RemoteUrl {
  scheme: RemoteScheme;
  /** What git is given: the URL without a password (ssh keeps its user name, which is no secret). */
  url: string;
  /** What reports and logs show: no userinfo at all. */
  display: string;
  /** `user[:password]` taken out of an http(s) URL, sent as Basic authentication. */
  basicAuth?: string;
}

/** `user@host:path` (scp-like ssh syntax): a colon before any slash, not a drive letter. */
const SCP_LIKE = /^(?:([^@/\s]+)@)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?!\/\/)(.+)$/;
const URL_LIKE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** True when `arg` names a remote repository rather than a local path. */
export function looksLikeRemote(arg: string): boolean {
  if (URL_LIKE.test(arg) || /^[A-Za-z][A-Za-z0-9+.-]*::/.test(arg)) return true;
  const scp = SCP_LIKE.exec(arg);
  // `C:\x` and `./a:b` stay local paths; git treats a path with a slash before the colon as local too.
  return scp !== null && scp[2].length > 1 && !arg.slice(0, arg.indexOf(":")).includes("/");
}

/** Any URL in `text` without its userinfo: for every message that may quote one. */
export function redactUrls(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s]*@/g, "$1");
}

/**
 * Parses a remote URL; UsageError for transports leakguard does not clone (`ext::` runs
 * commands, and helpers such as `fd::` are not repositories).
 */
export function parseRemoteUrl(arg: string): RemoteUrl {
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(arg)) throw new UsageError(`${redactUrls(arg).split("::")[0]}:: URLs are not allowed (only https, http, ssh, git, file and user@host:path)`);
  const m = URL_LIKE.exec(arg);
  if (!m) {
    const scp = SCP_LIKE.exec(arg);
    if (!scp) throw new UsageError(`${redactUrls(arg)}: not a repository URL`);
    return { scheme: "ssh", url: arg, display: `${scp[2]}:${scp[3]}` };
  }
  const scheme = m[1].toLowerCase();
  if (!["https", "http", "ssh", "git", "file"].includes(scheme)) throw new UsageError(`${redactUrls(arg)}: unsupported transport '${scheme}' (use https, http, ssh, git or file)`);
  let u: URL;
  try {
    u = new URL(arg);
  } catch {
    throw new UsageError(`${redactUrls(arg)}: not a valid URL`);
  }
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  const display = u.href;
  if (scheme === "ssh") {
    // ssh authenticates with keys: the user name stays (it is part of the address), a password never.
    if (password) throw new UsageError(`${display}: passwords in ssh URLs are not supported (use an ssh key or agent)`);
    if (user) u.username = encodeURIComponent(user);
    return { scheme, url: u.href, display };
  }
  if ((user || password) && (scheme === "git" || scheme === "file")) throw new UsageError(`${display}: ${scheme}:// URLs take no user name or password`);
  return { scheme: scheme as RemoteScheme, url: display, display, ...(user || password ? { basicAuth: `${user}:${password}` } : {}) };
}

/**
 * The token for this remote: an explicit one, else GITHUB_TOKEN, but that only for the
 * GitHub host this run talks to (github.com, or GITHUB_SERVER_URL's on Enterprise), so a
 * CI token never goes to another server.
 */
export function tokenFor(remote: RemoteUrl, explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (explicit) return explicit;
  if (!env.GITHUB_TOKEN || (remote.scheme !== "https" && remote.scheme !== "http")) return undefined;
  const githubHost = env.GITHUB_SERVER_URL ? new URL(env.GITHUB_SERVER_URL).host : "github.com";
  return new URL(remote.url).host === githubHost ? env.GITHUB_TOKEN : undefined;
}

/**
 * Environment for every git process that talks to the remote (the clone, and lazy blob
 * fetches later): only this URL's transport is allowed, and the credentials, if any, go
 * as an `Authorization` header for this URL's host only (GIT_CONFIG_* variables are read
 * by git like `-c`, but live in the environment, not in the argument list).
 */
export function remoteEnv(remote: RemoteUrl, token?: string): NodeJS.ProcessEnv {
  const config: [string, string][] = [
    ["protocol.allow", "never"],
    [`protocol.${remote.scheme}.allow`, "always"],
    // Mirrors never recurse into submodules; this keeps a hostile .gitmodules inert if a later step would.
    ["submodule.recurse", "false"],
  ];
  const basic = remote.basicAuth ?? (token ? `x-access-token:${token}` : undefined);
  if (basic && (remote.scheme === "https" || remote.scheme === "http")) {
    const origin = new URL(remote.url).origin + "/";
    config.push([`http.${origin}.extraHeader`, `Authorization: Basic ${Buffer.from(basic).toString("base64")}`]);
  }
  const env: NodeJS.ProcessEnv = { GIT_CONFIG_COUNT: String(config.length), GIT_PROTOCOL_FROM_USER: "0" };
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return env;
}

export interface CloneOptions {
  /** `--filter=blob:none`: blobs are fetched when read (servers without filters send them all). */
  blobless: boolean;
  env: NodeJS.ProcessEnv;
}

/** `git clone --mirror` into `dir` (which must not exist or be empty); GitError with a redacted message on failure. */
export async function mirrorClone(remote: RemoteUrl, dir: string, o: CloneOptions): Promise<void> {
  const args = ["clone", "--mirror", "--quiet", "--no-hardlinks", ...(o.blobless ? ["--filter=blob:none"] : []), "--", remote.url, dir];
  try {
    await runGit(args, { cwd: process.cwd(), env: o.env });
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    throw new GitError(["clone"], err.code, redactUrls(err.stderr.split("\n").filter((l) => !/^warning: filtering not recognized/.test(l)).join("\n")));
  }
}
