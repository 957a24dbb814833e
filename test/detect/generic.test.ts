// The generic assignment detector across syntaxes, and what it must not report.
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Detector } from "../../src/detect/detector.js";
import { credentialKind, genericValueIsSecret, isPlaceholder, looksLikeIdentifier } from "../../src/detect/placeholders.js";
import { fakePassword, fakeToken, randomFrom } from "../helpers/secrets.js";

const pack = new Detector(loadBuiltinRules());
const found = (text: string) => pack.detect(Buffer.from(text), "f");
/** The generic passwords found in `text` as the file at `path`. */
const passwordsIn = (text: string, path: string) => pack.detect(Buffer.from(text), path).filter((c) => c.ruleId === "generic-password").map((c) => c.secret);
const token = () => fakeToken(28);

describe("generic assignments in every common syntax", () => {
  const pw = fakePassword();
  const tk = token();
  const positives: Array<[string, string, string]> = [
    ["env", `DB_PASSWORD=${pw}`, pw],
    ["env export", `export API_SECRET="${tk}"`, tk],
    ["yaml", `  password: ${pw}`, pw],
    ["yaml quoted", `client_secret: "${tk}"`, tk],
    ["json", `{"apiKey": "${tk}"}`, tk],
    ["ini/properties", `db.password = ${pw}`, pw],
    ["toml", `secret_key = "${tk}"`, tk],
    ["python", `AUTH_TOKEN = '${tk}'`, tk],
    ["js", `const accessToken = "${tk}";`, tk],
    ["ts object", `  clientSecret: '${tk}',`, tk],
    ["go", `apiKey := "${tk}"`, tk],
    ["java", `private static final String DB_PASSWORD = "${pw}";`, pw],
    ["ruby hash", `:password => "${pw}"`, pw],
    ["php array", `'password' => '${pw}',`, pw],
    ["c#", `public string ClientSecret = "${tk}";`, tk],
    ["xml attribute", `<connection password="${pw}" />`, pw],
    ["xml element", `<apiKey>${tk}</apiKey>`, tk],
    ["appSettings", `<add key="ApiSecret" value="${tk}" />`, tk],
    ["cli flag", `mysql --password=${pw} -h db`, pw],
    ["cli flag spaced", `tool --api-key ${tk}`, tk],
    ["url", `postgres://app:${pw.replace(/!/g, "")}@db.internal:5432/app`, pw.replace(/!/g, "")],
    ["url with a percent-encoded password", `postgres://app:${encodeURIComponent(`${pw}@#`)}@db.internal:5432/app`, encodeURIComponent(`${pw}@#`)],
    ["connection string", `Server=db;User Id=sa;Password=${pw};`, pw],
    ["php define with symbols", `define('AUTH_KEY', '${tk}(>M%0|${pw}');`, `${tk}(>M%0|${pw}`],
    ["python setdefault", `os.environ.setdefault("DB_PASSWORD", "${pw}")`, pw],
    ["base64 Kubernetes secret value", `  password: ${Buffer.from(pw).toString("base64")}`, Buffer.from(pw).toString("base64")],
    ["quoted word-and-digits password", `  "sshPassphrase": "Robo${pw.slice(0, 4)}42",`, `Robo${pw.slice(0, 4)}42`],
    ["hard-coded comparison", `if api_token == "${tk}":`, tk],
  ];
  for (const [name, line, secret] of positives) {
    it(`reports ${name}`, () => {
      const f = found(line);
      expect(f.map((c) => c.secret), line).toContain(secret);
    });
  }

  const negatives: Array<[string, string]> = [
    ["changeme", `password = "changeme"`],
    ["env reference", "password: ${DB_PASSWORD}"],
    ["shell reference", `export API_KEY="$API_KEY"`],
    ["process.env", `const apiKey = process.env.API_KEY;`],
    ["os.environ", `SECRET_KEY = os.environ["SECRET_KEY"]`],
    ["template", `token: "{{ .Values.token }}"`],
    ["angle placeholder", `api_key = "<YOUR_API_KEY>"`],
    ["xxxx", `api_key = "xxxxxxxxxxxxxxxxxxxxxxxx"`],
    ["stars", `password = "********"`],
    ["docs example", `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`],
    ["uuid", `session_token = "3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b8a7f"`],
    ["md5 hash", `password_hash = "5f4dcc3b5aa765d61d8327deb882cf99"`],
    ["lockfile integrity", `"integrity": "sha512-Yv4Xq9LmT2vZp8rWn4sKc6yHdQm8zT4pL2vXk9rWn7sBc5yHd=="`],
    ["identifier", `password = userPassword`],
    ["dotted config", `secret_key = settings.SECRET_KEY`],
    ["function call", `token = getToken(request)`],
    ["comparison", `if (password == confirmPassword) {`],
    ["key name only", `const TOKEN_HEADER = "Authorization";`],
    ["public key name", `public_key = "${token()}"`],
    ["key id", `access_key_id = "${token()}"`],
    ["not a credential key", `monkey = "${token()}"`],
    ["sequential", `api_key = "abcdefghijklmnop1234"`],
    ["url without password", `DATABASE_URL=postgres://db.internal:5432/app`],
    ["url placeholder", `postgres://user:password@localhost:5432/db`],
    // RFC 3986's user-info is percent-encoded: "påssword" with its accents escaped.
    ["url percent-encoded placeholder", `>>> url_parse("http://%C3%BCser:p%C3%A5ssword@xn--n3h.net/")`],
    ["minified comparison", `(n.referrerPolicy=e.referrerPolicy),n.credentials=e.crossOrigin===\`use-credentials\`?\`include\`:e.crossOrigin`],
    ["storage key names", `const widthStorageKey = "@adminSidebarWidth";\nconst pinnedStorageKey = "@pinnedCollections";`],
    ["HISTIGNORE list", `export HISTIGNORE="ls:cd:cd -:pwd:exit:date:* --help"`],
    ["completion description", `          "passwd:Change your LastPass password"`],
    ["RFC 7617 example", `headers={"Authorization": "Basic ${Buffer.from("Aladdin:open sesame").toString("base64")}"}`],
    ["base64 of a weak password", `  password: ${Buffer.from("password").toString("base64")}`],
    ["base64 of a demo value", `  node.session.auth.password: ${Buffer.from("demo").toString("base64")}`],
    ["foo placeholder", `kubectl --token=foo/system:masters get pods`],
    ["compose command substitution", `--password="$$(cat /run/secrets/db-password)"`],
    ["shell alternate value", `case "\${MVNW_PASSWORD:+has-password}" in`],
    ["string array of key names", `const words = ["password", "passphrase", "passcode"];`],
    ["camelCase field name literal", `CHALLENGE_PASSWORD: "challengePassword",`],
    ["plain lower-case word", `password: "peanuts",`],
    ["prose", `token: "Use the access token from your account settings page"`],
    ["non-ASCII text", `"token_here": "分析器预期在此处找到与标记匹配的内容"`],
    ["test value", `private static final String USER_PASSWORD = "PASSWORD_TEST9879879";`],
    ["leakguard fingerprint", `  fingerprint: conf/a.env:generic-password:47e79b8ee8ae8361@0a1b2c3d4e5f`],
    ["punctuation only", `USER = PASSWORD = "%!*'();:@&=+$,/?#[] "`],
    ["dictionary password with digits", `subversion_password: Password123!`],
    ["leet-spelled password", `password: B0bP4ssw0rd`],
    ["weak word with digits", `self.vault_password = "hunter42"`],
    ["constant name", `password = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"`],
    ["option name", `update_password: on_create`],
    ["template slot", `vcenter_password: @VMWARE_PASSWORD`],
    ["printf template", `self._omit_token = '__omit_place_holder__%s' % sha1(os.urandom(64)).hexdigest()`],
    ["log label", `[sudo via ansible, key=abc] password: debug2: channel 2: written 67 to efd 11`],
    ["lower-case words", `clientId: "urn:k8s:secret:oidc-client:client_id"`],
    ["comparison with a member path", `if not self.dialect_set_by_tag and token == Comment.Special:`],
    ["escaped line breaks", String.raw`Password: "multiline\nmysecret\ntest",`],
    ["regex class with a count", String.raw`const PASSWORD_ATTR = /(?<=\s)password="([0-9a-fA-F]{4,4096})"/g;`],
    ["interleaved sequence", `AccessKey: "A1B2C3D4E5F6G7H8I9J0",`],
    ["timestamp", `"password_expires_at": "2016-11-06T15:32:17.000000"`],
    ["ternary of constants", `params.type == 'recovery' ? 'PASSWORD_RECOVERY' : 'SIGNED_IN',`],
    ["env() reference", `secret_key = "env(SECRET_VALUE)"`],
    ["passkey name", `GoTrueAdminPasskeyApi: 'passkey-admin',`],
    ["hyphenated word as password", `confirmPassword: 'non-matching',`],
    ["csrf token in a form", `<input type="hidden" name="authenticity_token" value="7qWb-Xo1_hsC6oovfBsJFLGPUl2EhkSWPbJhWANwgaJWBDl1vxd9VNqXTNAe" />`],
    ["base64 of a sentence", `jwtSecretKey: "${Buffer.from("my-secret-key-which-should-be-changed-in-production\n").toString("base64")}"`],
    ["bracketed doc slot", `curl --user neo4j:[PASSWORD] http://localhost:7474/db/data/`],
    ["dependency version range", `"symfony/password-hasher": "^6.4|^7.0",`],
    ["class constant", `    case Password::INVALID_USER:`],
    ["interface text keys", `t.jsx(O,{searchPlaceholderKey:"realm-settings:clientProfileSearch",helpKey:"clients-help:dedicatedScopeExplain"})`],
    ["string concatenation", `            '--password='.$config['password'],`],
    ["validation rules", `    'password' => 'required|confirmed|min:8',`],
    ["namespaced class name", String.raw`    'auth.password.tokens' => 'Illuminate\Contracts\Auth\TokenRepository',`],
    ["source file's hash in a tool's cache", String.raw`{"src\/Auth\/Middleware\/RequirePassword.php":"${randomFrom("0123456789abcdef", 32)}"}`],
  ];
  it("reports a bcrypt hash as a password hash, not as a generic password", () => {
    const hash = "$2b$12$" + randomFrom("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 53);
    expect(found(`password = "${hash}"`).map((c) => [c.ruleId, c.secret])).toEqual([["bcrypt-hash", hash]]);
  });

  for (const [name, line] of negatives) {
    it(`does not report ${name}`, () => {
      expect(found(line), line).toEqual([]);
    });
  }
});

describe("weak passwords in config files", () => {
  const inCompose = (text: string) => pack.detect(Buffer.from(text), "docker-compose.yml").filter((c) => c.ruleId === "generic-password");
  it("a service's documented default (its key's own word) is not reported; another weak value is", () => {
    expect(inCompose("    environment:\n      POSTGRES_PASSWORD: postgres\n      MYSQL_ROOT_PASSWORD: root\n")).toEqual([]);
    expect(inCompose("    environment:\n      MYSQL_ROOT_PASSWORD: rootroot\n").map((c) => c.secret)).toEqual(["rootroot"]);
  });
  it("a weak value naming the service its path sets up is its demo default; another weak value is still reported", () => {
    const env = "    environment:\n      MYSQL_PASSWORD: wordpress\n      MYSQL_ROOT_PASSWORD: somewordpress\n";
    expect(passwordsIn(env, "wordpress-mysql/compose.yaml")).toEqual(["somewordpress"]);
    expect(passwordsIn("keystore_password: cassandra\n", "databases/cassandra/files/cassandra.yaml")).toEqual([]);
    expect(passwordsIn(env, "deploy/compose.yaml").sort()).toEqual(["somewordpress", "wordpress"]);
  });
  it("sudoers' NOPASSWD tag names no password", () => {
    expect(pack.detect(Buffer.from("      line: '%admin ALL=(ALL) NOPASSWD: ALL'\n"), "security/main.yml")).toEqual([]);
  });
  it("a change-it marker is a placeholder, like changeme", () => {
    expect(inCompose("    environment:\n      FIRST_SUPERUSER_PASSWORD: changethis\n      KEYSTORE_PASSWORD: changeit\n")).toEqual([]);
  });
});

describe("bare values in code are expressions", () => {
  it("a member chain or an instance variable assigned in Ruby, Python, PHP or C-like code is not reported", () => {
    const ruby = "def digest\n  password_cost = cost.to_i\n  scrambled_password = @use_411\n  password = STDIN.gets.chomp\n  user_password = user&.password_digest\nend\n";
    expect(passwordsIn(ruby, "lib/secure_password.rb")).toEqual([]);
    // Rakefile and Gemfile are Ruby, not extensionless config files.
    expect(passwordsIn(ruby, "Rakefile")).toEqual([]);
    expect(passwordsIn("  $password = $request->input_value;\n", "app/Auth.php")).toEqual([]);
    expect(passwordsIn("    db_password = config.database.value\n", "app/settings.py")).toEqual([]);
  });
  it("literals in code, bare values in shell and config files, and strings holding assignments are still reported", () => {
    const pw = fakePassword();
    expect(passwordsIn(`  password = "${pw}"\n`, "lib/a.rb")).toEqual([pw]);
    expect(passwordsIn(`password = "${pw}"\n`, "Rakefile")).toEqual([pw]);
    expect(passwordsIn(`var c = "Server=db;User Id=sa;Password=${pw};";\n`, "src/Db.cs")).toEqual([pw]);
    expect(passwordsIn(`DB_PASSWORD=@${pw}\n`, "deploy.sh")).toEqual([`@${pw}`]);
    expect(passwordsIn(`password: ${pw}\n`, "config/app.yml")).toEqual([pw]);
  });
});

describe("placeholder heuristics", () => {
  it("classifies keys", () => {
    expect(credentialKind("DB_PASSWORD")).toBe("password");
    expect(credentialKind("apiKey")).toBe("secret");
    expect(credentialKind("client_secret")).toBe("secret");
    expect(credentialKind("monkey")).toBeUndefined();
    expect(credentialKind("token_type")).toBeUndefined();
    expect(credentialKind("public_key")).toBeUndefined();
    // A GPG key named bare is its id or fingerprint; a private or secret one is a secret.
    expect(credentialKind("GITHUB_CLI_ARCHIVE_GPG_KEY")).toBeUndefined();
    expect(credentialKind("pgpKey")).toBeUndefined();
    expect(credentialKind("GPG_PRIVATE_KEY")).toBe("secret");
    expect(credentialKind("gpg_secret_key")).toBe("secret");
  });
  it("recognises placeholders and identifiers", () => {
    expect(isPlaceholder("your-api-key-here")).toBe(true);
    expect(isPlaceholder("12345678abc")).toBe(true);
    expect(looksLikeIdentifier("userPassword")).toBe(true);
    expect(looksLikeIdentifier("x9Kq2LmTz")).toBe(false);
    expect(genericValueIsSecret({ value: "hunter2", key: "password", passwordLike: true, entropy: 2.8 })).toBe(false);
  });
});

describe("keys whose last word is a credential word after a service name", () => {
  const tk = token();
  // Spelled by people, not generated: `<name>_key`, `<name>KEY`, `<name>_auth`, any case.
  const positives = [
    `pastebin_key=${tk}`,
    `uplead_key: "${tk}"`,
    `ip2locationKEY = '${tk}'`,
    `  "privateKEY": "${tk}",`,
    `const apiSecret = "${tk}";`,
    `WIDGETCO_AUTH=${tk}`,
    `widgetcoAuth: '${tk}'`,
    `MAILER_KEY ?= ${tk}`,
    `WIDGETCO_KEY_2=${tk}`,
    `mailer_key_v2: "${tk}"`,
  ];
  for (const line of positives) {
    it(`reports ${line.trim().split(/[ =:]/)[0]}`, () => {
      expect(found(line).map((c) => c.secret), line).toContain(tk);
    });
  }

  const negatives = [
    `cache_key = "${tk}"`,
    `  sortKey: "${tk}",`,
    `key = "${tk}"`,
    `auth: "${tk}"`,
    `idempotency_key = "${tk}"`,
    `pastebin_key = pastebinKeyFromEnv`,
    `pastebin_key_id = "${tk}"`,
    `author = "${tk}"`,
    `const TOKEN_CHARS = "A-Za-z0-9_+/=~.-";`,
    `$customKey = "validation.custom.{$attribute}.{$lowerRule}";`,
  ];
  for (const line of negatives) {
    it(`does not report ${line.trim().slice(0, 24)}`, () => {
      expect(found(line), line).toEqual([]);
    });
  }

  it("names a credential by the key's last word", () => {
    expect(credentialKind("pastebin_key")).toBe("secret");
    expect(credentialKind("ip2locationKEY")).toBe("secret");
    expect(credentialKind("stripeAuth")).toBe("secret");
    expect(credentialKind("cache_key")).toBeUndefined();
    expect(credentialKind("key")).toBeUndefined();
    expect(credentialKind("auth")).toBeUndefined();
    expect(credentialKind("pastebin_key_2")).toBe("secret");
    expect(credentialKind("cache_key_2")).toBeUndefined();
    expect(credentialKind("key_2")).toBeUndefined();
  });
});

describe("extensionless scripts, read by their #! line", () => {
  const scan = (path: string, text: string) => pack.detect(Buffer.from(text), path).map((c) => [c.ruleId, c.confidence]);
  it("a Ruby script's bare names and its comments are not reported; a shell script's literal password is", () => {
    expect(scan("bin/hub", `#!/usr/bin/env ruby\n  password = askpass\n  @password = GHI.config 'github.password'\n`)).toEqual([]);
    expect(scan("plugins/genpass/genpass-apple", `#!/usr/bin/env zsh\n# Example password: xudmec-4ambyj-tavric-mumpub-mydVop-bypjyp\n`)).toEqual([["generic-password", "low"]]);
    const pw = fakePassword();
    expect(scan("bin/backup", `#!/bin/bash\nexport PGPASSWORD="${pw}"\npg_dump app > app.sql\n`)).toEqual([["generic-password", "medium"]]);
  });
});
