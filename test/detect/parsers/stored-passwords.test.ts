// Passwords that tools store for themselves: FileZilla, JetBrains IDEs, WinSCP, DBeaver,
// npm, mail clients, Firefox. Each fake value is encoded at test time the way the tool
// documents it, then found through the real detector (and the CLI for binary files).
import { createCipheriv, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../../src/config/load.js";
import { Detector } from "../../../src/detect/detector.js";
import { decodeJetBrainsPassword } from "../../../src/detect/parsers/jetbrains.js";
import { decodeWinScpPassword } from "../../../src/detect/parsers/winscp.js";
import { decryptDbeaverCredentials } from "../../../src/detect/parsers/dbeaver.js";
import { runCli } from "../../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../../helpers/tmp.js";
import { fakeAwsKeyId, fakePassword, randomFrom } from "../../helpers/secrets.js";
import { jsonFindings } from "../../helpers/report.js";

afterAll(cleanupTmp);

const pack = new Detector(loadBuiltinRules());
const detect = (path: string, text: string) => pack.detect(Buffer.from(text), path);
const summary = (path: string, text: string) => detect(path, text).map((c) => [c.ruleId, c.startLine, c.confidence]);
const weak = () => "pass" + randomFrom("0123456789", 3);
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** JetBrains' WebServers.xml scheme: each UTF-16 unit XOR 0xDFAA, four hex digits. */
const jetbrains = (s: string) => [...s].map((c) => (c.charCodeAt(0) ^ 0xdfaa).toString(16).padStart(4, "0")).join("");

/** WinSCP's simple scheme: flag 0xFF, reserved, length, pad count, pad, user+host+password; each byte ~b XOR 0xA3. */
function winscp(password: string, user: string, host: string): string {
  const text = Buffer.from(user + host + password, "latin1");
  const pad = randomBytes(3);
  const bytes = [0xff, 0x00, text.length, pad.length, ...pad, ...text];
  return bytes.map((b) => ((~b & 0xff) ^ 0xa3).toString(16).padStart(2, "0").toUpperCase()).join("");
}

/** DBeaver's credentials-config.json: AES-128-CBC with its public default key, the IV first. */
function dbeaverFile(json: unknown, key = Buffer.from("babb4a9f774ab853c96c2d653dfe544a", "hex")): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv("aes-128-cbc", key, iv);
  return Buffer.concat([iv, c.update(JSON.stringify(json)), c.final()]);
}

describe("FileZilla", () => {
  it("clear-text and base64 <Pass>, dictionary words included; crypt and template slots are not reported", () => {
    const pw = weak();
    const xml = (pass: string) => `<FileZilla3>\n<Servers><Server>\n<Host>ftp.acme.io</Host>\n${pass}\n</Server></Servers>\n</FileZilla3>\n`;
    expect(summary("filezilla/sitemanager.xml", xml(`<Pass>${pw}</Pass>`))).toEqual([["filezilla-password", 4, "medium"]]);
    const encoded = detect("recentservers.xml", xml(`<Pass encoding="base64">${Buffer.from("Example" + pw + "\n").toString("base64")}</Pass>`));
    expect(encoded.map((c) => [c.ruleId, c.startLine, c.decodedFrom])).toEqual([["filezilla-password", 4, ["base64"]]]);
    const found = detect("sitemanager.xml", xml(`<Pass>password</Pass>`));
    expect(found.map((c) => c.secret)).toEqual(["password"]);
    expect(detect("sitemanager.xml", xml(`<Pass encoding="crypt" pubkey="x">${randomFrom(B64, 40)}</Pass>`))).toEqual([]);
    expect(detect("sitemanager.xml", xml(`<Pass>changeme</Pass>`))).toEqual([]);
    expect(detect("docs/sitemanager.xml", xml(`<Pass>${pw}</Pass>`)).map((c) => c.confidence)).toEqual(["low"]);
  });
});

describe("JetBrains WebServers.xml", () => {
  it("decodes the IDE's XOR obfuscation to judge the password, and reports the encoded value", () => {
    const pw = fakePassword();
    expect(decodeJetBrainsPassword(jetbrains(pw))).toBe(pw);
    const xml = `<project version="4">\n  <component name="WebServers">\n    <webServer id="x" name="prod" url="https://acme.io">\n      <fileTransfer host="ftp.acme.io" port="21" password="${jetbrains(pw)}" username="deploy" />\n`;
    const found = detect(".idea/WebServers.xml", xml);
    expect(found.map((c) => [c.ruleId, c.startLine, c.secret, c.decodedFrom])).toEqual([["jetbrains-deployment-password", 4, jetbrains(pw), ["jetbrains-xor"]]]);
    expect(found[0].tags).toContain("encoded-password");
    expect(detect(".idea/WebServers.xml", xml.replace(jetbrains(pw), jetbrains("changeme")))).toEqual([]);
  });
});

describe("WinSCP.ini", () => {
  it("decodes session passwords keyed by user and host; other sections and undecodable values are left alone", () => {
    const pw = weak() + "!";
    const enc = winscp(pw, "deploy", "sftp.acme.io");
    expect(decodeWinScpPassword(enc, "deploy", "sftp.acme.io")).toBe(pw);
    expect(decodeWinScpPassword(enc, "other", "sftp.acme.io")).toBeUndefined();
    const ini = `[Configuration\\Interface]\nConfirmOverwriting=1\n\n[Sessions\\deploy@sftp.acme.io]\nHostName=sftp.acme.io\nUserName=deploy\nPassword=${enc}\n\n[Sessions\\other]\nHostName=h.acme.io\nUserName=x\nPassword=${randomFrom("0123456789ABCDEF", 40)}\n`;
    const found = detect("WinSCP.ini", ini);
    expect(found.map((c) => [c.ruleId, c.startLine, c.secret, c.confidence, c.context.fileRole])).toEqual([["winscp-password", 7, enc, "medium", "credential"]]);
  });
});

describe("DBeaver", () => {
  it("data-sources.xml: the <connection> password attribute, not save-password", () => {
    const xml = `<data-sources>\n<data-source id="pg" provider="postgresql" save-password="true">\n<connection host="db.acme.io" port="5432" user="app" password="password"/>\n</data-source>\n</data-sources>\n`;
    expect(summary("db/dbeaver-data-sources.xml", xml)).toEqual([["dbeaver-password", 3, "medium"]]);
  });
  it("credentials-config.json: decrypted with DBeaver's default key through the CLI; another key is only a binary file", async () => {
    const pw = fakePassword();
    const logins = { "postgres-jdbc-1": { "#connection": { user: "app", password: pw } }, "mysql-2": { "#connection": { user: "ro" } } };
    expect(decryptDbeaverCredentials(dbeaverFile(logins))).toEqual([{ connection: "postgres-jdbc-1", user: "app", password: pw }]);
    const dir = tmpDir();
    writeFiles(dir, { "ws/.metadata/credentials-config.json": dbeaverFile(logins), "other/credentials-config.json": dbeaverFile(logins, randomBytes(16)) });
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const f = jsonFindings(r.stdout);
    expect(f.map((x) => [x.file, x.ruleId, x.confidence])).toEqual([["ws/.metadata/credentials-config.json", "dbeaver-password", "medium"]]);
    expect(r.stdout + r.stderr).not.toContain(pw);
    expect(r.stderr).toMatch(/skipped 2 binary/);
  });
});

describe("npm, mail clients, Firefox, .pgpass", () => {
  it("npm _auth (base64 user:password) and _password after other settings; a placeholder password is not", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    expect(detect(".npmrc", `registry=https://npm.acme.io/\nalways-auth=true\n_auth = ${b64("ci:" + weak())}\n`).map((c) => [c.ruleId, c.startLine])).toEqual([["npmrc-basic-auth", 3]]);
    expect(detect(".npmrc", `email=x@acme.io\n//npm.acme.io/:_password=${b64(weak())}\n`).map((c) => [c.ruleId, c.startLine])).toEqual([["npmrc-password", 2]]);
    expect(detect(".npmrc", `registry=x\n_auth = ${b64("user:password")}\n`)).toEqual([]);
  });
  it("a tool's credential store keeps a dictionary-word password (.pgpass, .esmtprc)", () => {
    expect(summary("db/.pgpass", "#hostname:port:database:username:password\ndb.acme.io:5432:app:root:password\n")).toEqual([["pgpass-password", 2, "medium"]]);
    expect(summary(".esmtprc", `hostname smtp.acme.io:587\nusername "me"\npassword "password"\n`)).toEqual([["mail-client-rc-password", 3, "medium"]]);
  });
  it("Firefox logins.json: the encrypted user name and password of each login", () => {
    const enc = () => "MDoEEPgAAAAAAAAAAAAAAAAAAAEw" + Buffer.from(randomFrom(B64, 42)).toString("base64");
    const json = `{"logins":[{\n"hostname":"https://git.acme.io",\n"encryptedUsername":"${enc()}",\n"encryptedPassword":"${enc()}"\n}]}`;
    expect(summary("profile/logins.json", json)).toEqual([
      ["firefox-saved-password", 3, "medium"],
      ["firefox-saved-password", 4, "medium"],
    ]);
  });
});

describe("values in code and shell profiles", () => {
  it("a literal password in a login call, weak or not; not in tests, not from a variable", () => {
    const pw = "acme" + weak();
    const js = `function q() {\n  conn.login('ops@acme.io', '${pw}', cb);\n}\n`;
    expect(summary("web/js/salesforce.js", js)).toEqual([["generic-login-call", 2, "medium"]]);
    expect(summary("test/salesforce.test.js", js).map((c) => c[2])).toEqual(["low"]);
    expect(detect("web/mail.py", `server.login("ops@acme.io", password)\n`)).toEqual([]);
  });
  it("an AWS secret key right after its key id, on the next line too", () => {
    const secret = randomFrom(B64.slice(0, 62), 30) + "/" + randomFrom(B64.slice(0, 62), 9);
    const py = `db = aws_lib.connect("${fakeAwsKeyId()}", \n"${secret}")\n`;
    const found = detect("cloud/upload.py", py).filter((c) => c.ruleId === "aws-secret-access-key-paired");
    expect(found.map((c) => [c.startLine, c.secret])).toEqual([[2, secret]]);
  });
  it("a password that holds a slot word is still one unless every word names the setting", () => {
    expect(summary(".bash_profile", `export RDS_PASSWORD='monkey-pass'\n`)).toEqual([["generic-password", 1, "medium"]]);
    expect(detect("config", `IRC_PASS=irc_pass\n`)).toEqual([]);
    expect(detect(".env", `DB_PASSWORD=db_password\nMAIL_PASSWORD=your-password\n`)).toEqual([]);
  });
});

describe("cloud CLI key files: the documented secret, not the identifier beside it", () => {
  it(".s3cfg, .boto and .tugboat", () => {
    const id = randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 20);
    const secret = randomFrom(B64.slice(0, 62), 40);
    expect(summary("home/.s3cfg", `[default]\naccess_key = ${id}\nsecret_key = ${secret}\nhost_base = s3.amazonaws.com\n`)).toEqual([["s3cmd-secret-key", 3, "high"]]);
    expect(summary(".boto", `[Credentials]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`)).toEqual([["aws-secret-access-key", 3, "medium"]]);
    const hex = () => randomFrom("0123456789abcdef", 32);
    expect(summary("cloud/.tugboat", `---\nauthentication:\n  client_key: ${hex()} # id\n  api_key: ${hex()}\n`)).toEqual([["tugboat-api-key", 4, "high"]]);
    expect(detect(".s3cfg", `secret_key = \${S3_SECRET}\n`)).toEqual([]);
  });
});

describe(".netrc, .my.cnf and XML settings", () => {
  it(".netrc tokens across lines: a UUID API key (Heroku's) and a quoted or dictionary-word password; macro bodies and comments are not entries", () => {
    const uuid = [8, 4, 4, 4, 12].map((n) => randomFrom("0123456789abcdef", n)).join("-");
    const text = `# logins\nmachine api.heroku.com\n  login me@acme.io\n  password ${uuid}\nmachine ftp.acme.io login me password "two words"\nmachine x.acme.io login me password password\nmacdef init\npassword ${weak()}\n\n`;
    expect(detect(".netrc", text).map((c) => [c.ruleId, c.startLine, c.secret])).toEqual([
      ["netrc-password", 4, uuid],
      ["netrc-password", 5, "two words"],
      ["netrc-password", 6, "password"],
    ]);
  });
  it("a bare weak password in a credential file (.my.cnf) and in an XML element of a config file (Maven settings.xml)", () => {
    expect(summary(".my.cnf", `[client]\nuser=root\npassword=${"mysql" + weak()}\n`)).toEqual([["generic-password", 3, "medium"]]);
    expect(summary(".m2/settings.xml", `<settings><servers><server>\n<id>nexus</id>\n<password>${"deploy" + weak()}</password>\n</server></servers></settings>\n`)).toEqual([
      ["generic-xml-secret", 3, "medium"],
    ]);
    expect(detect("src/main/App.xml", `<password>${weak()}</password>\n`)).toEqual([]);
  });
});

describe("keys about a password, not holding one", () => {
  it("timestamps of a password change in a credential file are not passwords", () => {
    expect(detect("profile/logins.json", `{"logins":[{\n"timePasswordChanged": 1515902314887,\n"timesUsed": 1\n}]}`)).toEqual([]);
  });
});
