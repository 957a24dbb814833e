// Which arguments are remote repositories, what git and reports get from them, and the
// environment that carries credentials instead of the command line.
import { describe, expect, it } from "vitest";
import { looksLikeRemote, parseRemoteUrl, redactUrls, remoteEnv, tokenFor } from "../../src/git/clone.js";
import { fakeToken } from "../helpers/secrets.js";

describe("remote URLs", () => {
  it("tells URLs and scp-like addresses from local paths", () => {
    for (const url of ["https://example.com/o/r.git", "ssh://git@example.com/o/r", "git://127.0.0.1:9418/r.git", "file:///srv/r.git", "git@example.com:o/r.git", "example.com:o/r.git"]) {
      expect(looksLikeRemote(url), url).toBe(true);
    }
    for (const path of [".", "repo", "./a:b", "dir/x:y", "/abs/path", "C:\\repo"]) expect(looksLikeRemote(path), path).toBe(false);
  });

  it("takes the password out of an https URL into Basic authentication", () => {
    const pw = fakeToken();
    const r = parseRemoteUrl(`https://bob:${pw}@example.com/o/r.git`);
    expect(r.url).toBe("https://example.com/o/r.git");
    expect(r.display).toBe("https://example.com/o/r.git");
    expect(r.basicAuth).toBe(`bob:${pw}`);
  });

  it("keeps the ssh user for git but not in what reports show", () => {
    expect(parseRemoteUrl("ssh://git@example.com/o/r.git")).toMatchObject({ scheme: "ssh", url: "ssh://git@example.com/o/r.git", display: "ssh://example.com/o/r.git" });
    expect(parseRemoteUrl("git@example.com:o/r.git")).toMatchObject({ scheme: "ssh", url: "git@example.com:o/r.git", display: "example.com:o/r.git" });
  });

  it("refuses transports that run commands or are not repositories", () => {
    expect(() => parseRemoteUrl("ext::sh -c touch% /tmp/x")).toThrow(/ext:: URLs are not allowed/);
    expect(() => parseRemoteUrl("ftp://example.com/r.git")).toThrow(/unsupported transport 'ftp'/);
    expect(() => parseRemoteUrl(`ssh://git:${fakeToken()}@example.com/r`)).toThrow(/passwords in ssh URLs/);
  });

  it("strips userinfo from every URL in a message", () => {
    const pw = fakeToken();
    expect(redactUrls(`fatal: repository 'https://u:${pw}@example.com/r/' not found`)).toBe("fatal: repository 'https://example.com/r/' not found");
  });

  it("allows only the URL's transport and scopes the credential header to its host", () => {
    const token = fakeToken(36);
    const env = remoteEnv(parseRemoteUrl("https://example.com/o/r.git"), token);
    const pairs = Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]);
    expect(pairs).toContainEqual(["protocol.allow", "never"]);
    expect(pairs).toContainEqual(["protocol.https.allow", "always"]);
    expect(pairs).toContainEqual(["http.https://example.com/.extraHeader", `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`]);
    // git:// and file:// never carry it.
    expect(JSON.stringify(remoteEnv(parseRemoteUrl("git://example.com/r.git"), token))).not.toContain("Authorization");
  });

  it("sends GITHUB_TOKEN only to the GitHub host", () => {
    const env = { GITHUB_TOKEN: fakeToken(36) };
    expect(tokenFor(parseRemoteUrl("https://github.com/o/r.git"), undefined, env)).toBe(env.GITHUB_TOKEN);
    expect(tokenFor(parseRemoteUrl("https://gitlab.example.com/o/r.git"), undefined, env)).toBeUndefined();
    expect(tokenFor(parseRemoteUrl("https://ghe.example.com/o/r.git"), undefined, { ...env, GITHUB_SERVER_URL: "https://ghe.example.com" })).toBe(env.GITHUB_TOKEN);
  });
});
