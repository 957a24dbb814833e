// Credential-file parsers, password hashes, key stores and JWT expiry, through the real
// detector (and the CLI for binary key stores).
import { createHmac } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../../src/config/load.js";
import { Detector } from "../../../src/detect/detector.js";
import { parsePgpass } from "../../../src/detect/parsers/pgpass.js";
import { parseGitCredentials } from "../../../src/detect/parsers/git-credentials.js";
import { runCli } from "../../helpers/cli.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "../../helpers/tmp.js";
import { fakePassword, randomFrom } from "../../helpers/secrets.js";
import { jsonFindings } from "../../helpers/report.js";

afterAll(cleanupTmp);

const pack = new Detector(loadBuiltinRules());
const detect = (path: string, text: string) => pack.detect(Buffer.from(text), path);
// Three different digits: a repeated one lowers the value's entropy, and the .pgpass test
// expects one exact strength for the strong variant.
const weak = () => "pass" + [..."0123456789"].sort(() => Math.random() - 0.5).slice(0, 3).join("");
const CRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

describe(".pgpass", () => {
  it("reads the password field, with escaped colons, and skips comments and placeholders", () => {
    const pw = weak();
    const text = `# local\nlocalhost:5432:app:root:${pw}\ndb.acme.io:*:*:ops:a\\:b${pw}\nhost:5432:db:me:changeme\n`;
    expect(parsePgpass(text).map((p) => p.secret)).toEqual([pw, `a\\:b${pw}`, "changeme"]);
    const found = detect("home/.pgpass", text);
    expect(found.map((c) => [c.ruleId, c.startLine, c.secret, c.confidence])).toEqual([
      ["pgpass-password", 2, pw, "medium"],
      // Three character classes and ten characters: a strong password, so high.
      ["pgpass-password", 3, `a\\:b${pw}`, "high"],
    ]);
    expect(found[0].startColumn).toBe("localhost:5432:app:root:".length + 1);
  });
  it("only for files named .pgpass", () => {
    expect(detect("notes.txt", `localhost:5432:app:root:${weak()}\n`)).toEqual([]);
  });
});

describe(".git-credentials", () => {
  it("reads user:password@host URLs, unencoded @ and # included", () => {
    const pw = weak() + "#@1";
    expect(parseGitCredentials(`https://me%40acme.io:${pw}@github.com\nhttps://nouser.example\n`).map((p) => p.secret)).toEqual([pw]);
    const found = detect(".git-credentials", `https://bob:${pw}@git.acme.io\n`);
    // Letters, digits and symbols: medium or, when random enough, high; never below the default.
    expect(found.map((c) => [c.ruleId, c.secret, c.confidence !== "low"])).toEqual([["git-credentials-password", pw, true]]);
  });
});

describe("weak passwords where they are settings", () => {
  it(".netrc over several lines, .env, wp-config.php; not in tests or docs", () => {
    const pw = weak();
    expect(detect(".netrc", `machine imap.acme.io\n  login me\n  password ${pw}\n`).map((c) => [c.ruleId, c.secret, c.confidence])).toEqual([
      ["netrc-password", pw, "medium"],
    ]);
    expect(detect("wp-config.php", `define( 'DB_PASSWORD', '${pw}' );`).map((c) => [c.secret, c.confidence])).toEqual([[pw, "medium"]]);
    expect(detect("wp-config.php", `define( 'DB_PASSWORD', 'password_here' );`)).toEqual([]);
    expect(detect(".env", `DB_PASSWORD=${pw}`).map((c) => c.confidence)).toEqual(["medium"]);
    expect(detect(".env", `# DB_PASSWORD=${pw}`)).toEqual([]);
    expect(detect("application.properties", `spring.datasource.password=\${DB_PASS:${pw}}`)).toEqual([]);
    expect(detect("test/fixtures/.env", `DB_PASSWORD=${pw}`)).toEqual([]);
    expect(detect("src/db.js", `const password = "${pw}";`)).toEqual([]);
  });
  it("URL credentials: a weak password on a real host in code is medium; localhost and example hosts are not reported", () => {
    const pw = weak();
    expect(detect("src/db.js", `const url = "mongodb://app:${pw}@cluster0.acme-db.net/prod";`).map((c) => [c.ruleId, c.confidence])).toEqual([
      ["url-credentials", "medium"],
    ]);
    expect(detect("src/db.js", `const url = "mongodb://app:${pw}@localhost/prod";`)).toEqual([]);
    // A random-looking one on an example host may be reported, but only at low.
    const strong = fakePassword().replace(/!/g, "");
    expect(detect("src/db.js", `const url = "postgres://app:${strong}@db.example.com/x";`).every((c) => c.confidence === "low")).toBe(true);
  });
});

describe("FileZilla and WordPress", () => {
  it("decodes FileZilla's base64 password to judge it", () => {
    const real = Buffer.from(fakePassword()).toString("base64");
    expect(detect("sitemanager.xml", `<Pass encoding="base64">${real}</Pass>`).map((c) => c.ruleId)).toEqual(["filezilla-password"]);
    expect(detect("sitemanager.xml", `<Pass encoding="base64">${Buffer.from("changeme").toString("base64")}</Pass>`)).toEqual([]);
  });
  it("reports every WordPress key and salt, including salts holding template-like characters", () => {
    const salt = () => randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()-_[]{}<>~+=,.;:/?|", 60) + "#{<>";
    const names = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"];
    const text = names.map((n) => `define('${n}', '${salt()}');`).join("\n");
    expect(detect("wp-config.php", text).map((c) => c.ruleId)).toEqual(names.map(() => "wordpress-auth-key"));
  });
});

describe("password hashes", () => {
  const sha512 = () => "$6$" + randomFrom(CRYPT, 16) + "$" + randomFrom(CRYPT, 86);
  it("a shadow line is medium; the same hash in a test fixture or a comment is low", () => {
    const h = sha512();
    expect(detect("etc/shadow", `ops:${h}:19000:0:99999:7:::`).map((c) => [c.ruleId, c.secret, c.confidence, c.severity, c.tags])).toEqual([
      ["sha512crypt-hash", h, "medium", "medium", ["password-hash"]],
    ]);
    expect(detect("spec/fixtures/shadow", `ops:${h}:19000:0:99999:7:::`).map((c) => c.confidence)).toEqual(["low"]);
    expect(detect("lib/auth.py", `# e.g. ${h}`).map((c) => c.confidence)).toEqual(["low"]);
  });
  it("htpasswd apr1 lines", () => {
    const h = "$apr1$" + randomFrom(CRYPT, 8) + "$" + randomFrom(CRYPT, 22);
    expect(detect(".htpasswd", `admin:${h}\n`).map((c) => c.ruleId)).toEqual(["apr1-hash"]);
  });
});

describe("JWT", () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const jwt = (header: object, payload: object) => {
    const head = `${b64(header)}.${b64(payload)}`;
    return `${head}.${createHmac("sha256", randomFrom(CRYPT, 16)).update(head).digest("base64url")}`;
  };
  const now = Math.floor(Date.now() / 1000);
  it("an expired token is low with expired: true; a live one is not expired", () => {
    const claims = { sub: randomFrom(CRYPT, 12), iss: "https://login.acme.io/" };
    const [old] = detect("src/client.ts", `const t = "${jwt({ alg: "HS256", typ: "JWT" }, { ...claims, exp: now - 3600 })}";`);
    expect([old.ruleId, old.confidence, old.expired]).toEqual(["jwt", "low", true]);
    const [live] = detect("src/client.ts", `const t = "${jwt({ alg: "HS256", typ: "JWT" }, { ...claims, exp: now + 3600 })}";`);
    expect([live.ruleId, live.confidence, live.expired]).toEqual(["jwt", "high", undefined]);
  });
  it("a live token in a test or in the docs is low: a test suite signs its own with a test key", () => {
    const t = jwt({ alg: "HS256", typ: "JWT" }, { sub: randomFrom(CRYPT, 12), exp: now + 3600 });
    const line = `req.Header.Set("Authorization", "${t}")`;
    expect(detect("apis/record_crud_test.go", line).map((c) => [c.ruleId, c.confidence])).toEqual([["jwt", "low"]]);
    expect(detect("docs/auth.md", `    curl -H "Authorization: ${t}" https://api.acme.io/`).map((c) => [c.ruleId, c.confidence])).toEqual([["jwt", "low"]]);
    expect(detect("apis/client.go", line).map((c) => [c.ruleId, c.confidence])).toEqual([["jwt", "high"]]);
  });
  it("an unsigned (alg: none) token is not a credential", () => {
    const t = jwt({ alg: "none", typ: "JWT" }, { sub: randomFrom(CRYPT, 12), exp: now + 3600 });
    expect(detect("src/client.ts", `const t = "${t}";`).filter((c) => c.ruleId === "jwt")).toEqual([]);
  });
});

describe("key stores and password databases", () => {
  it("reports a Java keystore and a KeePass database by magic bytes as sensitive files, still counted as binary", { timeout: 60_000 }, async () => {
    const dir = tmpDir();
    const body = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256));
    writeFiles(dir, {
      "conf/server.bin": Buffer.concat([Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]), body]),
      "vault.kdbx": Buffer.concat([Buffer.from([0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]), body]),
      "img.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), body]),
    });
    const r = await runCli(["scan", dir, "--format", "json", "--no-default-excludes"]);
    expect(jsonFindings(r.stdout).map((f) => [f.file, f.ruleId, f.confidence, f.description])).toEqual([
      ["conf/server.bin", "sensitive-file", "medium", "Java keystore committed as a file"],
      ["vault.kdbx", "sensitive-file", "medium", "KeePass database committed as a file"],
    ]);
    expect(r.stderr).toMatch(/skipped 3 binary/);

    // The pre-commit framework's `leakguard staged FILE...` sees them too.
    const staged = await runCli(["staged", "vault.kdbx", "img.png"], { cwd: dir });
    expect(staged.code).toBe(1);
    expect(staged.stdout + staged.stderr).toMatch(/vault\.kdbx/);
    expect(staged.stdout + staged.stderr).toMatch(/sensitive-file/);
  });
});

describe("key stores in git", () => {
  const body = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 53) % 256));
  const keePass = () => Buffer.concat([Buffer.from([0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]), body, Buffer.from(fakePassword())]);

  it("history reports a key store once, in the commit that added it, and staged sees a staged one", { timeout: 60_000 }, async () => {
    const repo = initRepo();
    const added = commitFiles(repo, { "secrets/team.kdbx": keePass(), "logo.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), body]) }, "add vault");
    commitFiles(repo, { "README.md": "notes\n" }, "unrelated");
    const r = await runCli(["git", repo, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    expect(jsonFindings(r.stdout).map((f) => [f.file, f.ruleId, f.commit])).toEqual([["secrets/team.kdbx", "sensitive-file", added]]);
    expect(r.stderr).toMatch(/skipped 2 binary/);

    writeFiles(repo, { "backup/old.kdbx": keePass() });
    git(repo, "add", "backup/old.kdbx");
    const staged = await runCli(["staged", "--format", "json"], { cwd: repo });
    expect(staged.code, staged.stderr).toBe(1);
    expect(jsonFindings(staged.stdout).map((f) => [f.file, f.ruleId])).toEqual([["backup/old.kdbx", "sensitive-file"]]);
  });
});

describe("more credential files", () => {
  it("mail clients' rc files (`password VALUE`), run-together PHP names, Robo 3T and Firefox profiles", () => {
    const pw = weak();
    expect(detect(".msmtprc", `account default\nhost smtp.acme.io\npassword ${pw}\n`).map((c) => [c.ruleId, c.secret, c.confidence])).toEqual([
      ["mail-client-rc-password", pw, "medium"],
    ]);
    // The rc file is what the client logs in with: a dictionary word is the password; a template slot is not.
    expect(detect(".msmtprc", `password "password"\n`).map((c) => c.secret)).toEqual(["password"]);
    for (const slot of ["changeme", "<password>", "${SMTP_PASSWORD}", "***"]) expect(detect(".msmtprc", `password "${slot}"\n`)).toEqual([]);
    expect(detect(".fetchmailrc", `poll pop.acme.io protocol pop3 user "me" password "${pw} x"\n`).map((c) => c.secret)).toEqual([`${pw} x`]);
    expect(detect("web/config.php", `$dbpasswd = '${pw}';`).map((c) => [c.secret, c.confidence])).toEqual([[pw, "medium"]]);
    expect(detect("db/robomongo.json", `{"userPassword" : "${pw}"}`).map((c) => [c.secret, c.context.fileRole, c.confidence])).toEqual([[pw, "credential", "medium"]]);
    // NSS's SDR header (all-zero key id), then random IV and ciphertext.
    // The first characters carry the DER length, so they differ with the password's length.
    for (const header of ["MDoEEPgAAAAAAAAAAAAAAAAAAAEw", "MFIEEPgAAAAAAAAAAAAAAAAAAAEw"]) {
      const enc = header + Buffer.from(randomFrom(CRYPT, 42)).toString("base64");
      expect(detect("profile/logins.json", `{"logins":[{"encryptedPassword":"${enc}"}]}`).map((c) => [c.ruleId, c.confidence])).toEqual([["firefox-saved-password", "medium"]]);
    }
  });
});
