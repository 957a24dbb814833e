// The file and line context model on its own, and the confidence it feeds.
import { describe, expect, it } from "vitest";
import { fileContext } from "../../../src/detect/context/file-role.js";
import { LineRoles } from "../../../src/detect/context/line-role.js";
import { assessConfidence, type ConfidenceInput } from "../../../src/detect/context/confidence.js";
import { isPlaceholderLogin, weakValueIsReal } from "../../../src/detect/context/weak-values.js";
import type { FileRole, LineRole } from "../../../src/types.js";

describe("file role by path conventions", () => {
  const cases: Array<[string, FileRole]> = [
    [".env", "credential"],
    ["deploy/.env.production", "credential"],
    ["home/.netrc", "credential"],
    [".pgpass", "credential"],
    [".git-credentials", "credential"],
    ["config/master.key", "credential"],
    ["etc/shadow", "credential"],
    ["site/.htpasswd", "credential"],
    [".aws/credentials", "credential"],
    ["app/settings.py", "config"],
    ["config/database.yml", "config"],
    ["wp-config.php", "config"],
    ["docker-compose.override.yml", "config"],
    ["src/main/resources/application-prod.properties", "config"],
    ["server.ini", "config"],
    ["conf/tomcat-users.xml", "config"],
    ["src/main/resources/hibernate.cfg.xml", "config"],
    ["ops/passwords.txt", "credential"],
    ["src/app.ts", "code"],
    ["lib/active_record/base.rb", "code"],
    ["test/models/user_test.rb", "test"],
    ["pkg/client_test.go", "test"],
    ["src/__tests__/login.ts", "test"],
    ["spec/fixtures/users.yml", "test"],
    ["src/login.spec.ts", "test"],
    ["tests/test_api.py", "test"],
    // Test source sets and test projects named by a word "test(s)".
    ["module/jdbc/src/dockerTest/resources/mysql-compose.yaml", "test"],
    ["app/src/integrationTest/resources/application.yml", "test"],
    ["lib/src/testFixtures/java/Keys.java", "test"],
    ["smoke-test/app-smoke-test-redis/config.yml", "test"],
    ["e2e_tests/settings.py", "test"],
    // "test" glued to what the directory holds, and Laravel's model factories.
    ["werkzeug/testsuite/urls.py", "test"],
    ["pkg/testutils/keys.go", "test"],
    ["database/factories/UserFactory.php", "test"],
    ["src/factories/clientFactory.ts", "code"],
    ["src/testament/app.ts", "code"],
    ["latest/config/database.yml", "config"],
    ["contest/app.ts", "code"],
    ["_build/html/_sources/config.rst.txt", "docs"],
    ["openapi.yaml", "docs"],
    ["api/swagger.json", "docs"],
    ["spec/petstore.openapi.yml", "test"],
    ["services/billing-openapi.yaml", "docs"],
    ["config/openapi_client.rb", "code"],
    // Translation catalogs hold interface text.
    ["themes/keycloak/login/messages/messages_en.properties", "docs"],
    ["src/main/resources/ValidationMessages_fr_FR.properties", "docs"],
    ["src/main/resources/messages.properties", "docs"],
    ["resources/lang/en/passwords.php", "docs"],
    ["web/src/locales/de.json", "docs"],
    ["po/fr.po", "docs"],
    // Documentation sites' search indexes (MkDocs, Sphinx).
    ["search/search_index.json", "docs"],
    ["_build/html/searchindex.js", "docs"],
    ["src/main/resources/application_db.properties", "config"],
    ["notes.txt", "data"],
    ["README.md", "docs"],
    ["docs/setup.rst", "docs"],
    ["examples/client.py", "docs"],
    ["guides/source/security.md", "docs"],
    [".env.example", "docs"],
    ["example.env", "docs"],
    ["deploy/sample.docker.env", "docs"],
    ["template.yaml", "config"],
    ["config/database.yml.sample", "docs"],
    ["dump.sql", "code"],
    ["notes.bin", "data"],
  ];
  it.each(cases)("%s is %s", (path, role) => {
    expect(fileContext(path).role).toBe(role);
  });
  it("an example named first keeps its format's comment syntax", () => {
    expect(fileContext("example.env").syntax).toBe("ini");
    expect(fileContext("sample.docker.env").syntax).toBe("ini");
  });
  it("a script without a known extension is code in the language of its #! line", () => {
    const head = (line: string) => Buffer.from(`${line}\nrest\n`);
    expect(fileContext("bin/hub", head("#!/usr/bin/env ruby"))).toEqual({ role: "code", syntax: "ruby" });
    expect(fileContext("plugins/genpass/genpass-apple", head("#!/usr/bin/env zsh"))).toEqual({ role: "code", syntax: "shell" });
    expect(fileContext("tools/run", head("#! /usr/local/bin/python3.11 -u"))).toEqual({ role: "code", syntax: "python" });
    expect(fileContext("scripts/deploy", head("#!/usr/bin/env -S node --no-warnings"))).toEqual({ role: "code", syntax: "c" });
    // A known extension wins; a test stays a test; no #! line, no change.
    expect(fileContext("app.py", head("#!/bin/sh")).syntax).toBe("python");
    expect(fileContext("test/fixtures/run", head("#!/bin/bash")).role).toBe("test");
    expect(fileContext("bin/hub", head("[core]"))).toEqual(fileContext("bin/hub"));
  });
});

function rolesOf(path: string, text: string): Map<string, LineRole> {
  const data = Buffer.from(text);
  const roles = new LineRoles(data, fileContext(path).syntax);
  const out = new Map<string, LineRole>();
  // Each probe is a marker word; its role is asked at its offset.
  for (const m of text.matchAll(/\bP\d+\b/g)) out.set(m[0], roles.roleAt(Buffer.byteLength(text.slice(0, m.index))));
  return out;
}

describe("line role by comment syntax", () => {
  it("JavaScript: line, trailing and block comments, doc comments, strings holding comment markers", () => {
    const r = rolesOf(
      "a.js",
      [
        "const a = P1; // P2",
        'const url = "http://x/*"; const b = P3;',
        "/* P4",
        "   P5 */ const c = P6;",
        "/**",
        " * P7",
        " */",
        "const t = `multi",
        "// P8 inside a template literal",
        "`;",
      ].join("\n"),
    );
    expect(Object.fromEntries(r)).toEqual({ P1: "code", P2: "comment", P3: "code", P4: "comment", P5: "comment", P6: "code", P7: "docstring", P8: "code" });
  });

  it("Python: comments, docstrings at a statement's start, triple-quoted data after =", () => {
    const r = rolesOf(
      "m.py",
      ['def f():', '    """P1', '    P2"""', '    x = """P3"""', '    y = "#" + P4  # P5'].join("\n"),
    );
    expect(Object.fromEntries(r)).toEqual({ P1: "docstring", P2: "docstring", P3: "code", P4: "code", P5: "comment" });
  });

  it("Ruby doc comments, YAML values with # inside, INI comments only at a line's start", () => {
    expect(Object.fromEntries(rolesOf("user.rb", "#   User.create(password: P1)\nx = P2"))).toEqual({ P1: "comment", P2: "code" });
    expect(Object.fromEntries(rolesOf("c.yml", "a: b#P1\n# P2\nc: P3 # P4"))).toEqual({ P1: "code", P2: "comment", P3: "code", P4: "comment" });
    expect(Object.fromEntries(rolesOf("s.ini", "; P1\nkey = a;P2\n  # P3"))).toEqual({ P1: "comment", P2: "code", P3: "comment" });
  });

  it("Markdown: fenced and indented code are examples, the rest is prose", () => {
    const r = rolesOf("README.md", ["Intro P1", "```sh", "export P2", "```", "After P3", "", "    indented P4"].join("\n"));
    expect(Object.fromEntries(r)).toEqual({ P1: "text", P2: "doc-example", P3: "text", P4: "doc-example" });
  });

  it("lexes only as far as asked", () => {
    const big = "x = 1\n".repeat(100_000) + "/* never closed";
    const roles = new LineRoles(Buffer.from(big), "c");
    expect(roles.roleAt(0)).toBe("code");
    // Asking about line 1 of a 600 KB file must not lex to its end.
    expect((roles as unknown as { pos: number }).pos).toBeLessThan(100);
  });
});

describe("confidence from rule, value and context", () => {
  const base: ConfidenceInput = {
    generic: true,
    checksumValid: false,
    prefixed: false,
    tags: ["generic", "password"],
    strength: "weak",
    fileRole: "credential",
    lineRole: "code",
  };
  it("a weak literal password in a credential or config file is medium; in tests, docs and comments low", () => {
    expect(assessConfidence(base)).toBe("medium");
    expect(assessConfidence({ ...base, fileRole: "config" })).toBe("medium");
    expect(assessConfidence({ ...base, fileRole: "test" })).toBe("low");
    expect(assessConfidence({ ...base, fileRole: "docs", lineRole: "doc-example" })).toBe("low");
    expect(assessConfidence({ ...base, fileRole: "code", lineRole: "comment", strength: "strong" })).toBe("low");
  });
  it("generic values on code lines are medium; random-looking ones in credential files high", () => {
    expect(assessConfidence({ ...base, fileRole: "code", strength: "strong" })).toBe("medium");
    expect(assessConfidence({ ...base, fileRole: "code", strength: "fair" })).toBe("medium");
    expect(assessConfidence({ ...base, fileRole: "data", strength: "fair", lineRole: "docstring" })).toBe("low");
    expect(assessConfidence({ ...base, strength: "strong" })).toBe("high");
  });
  it("checksummed and prefixed provider tokens are high everywhere; expired tokens low", () => {
    const provider = { ...base, generic: false, tags: ["github"], strength: "strong" as const };
    expect(assessConfidence({ ...provider, checksumValid: true, fileRole: "test" })).toBe("high");
    expect(assessConfidence({ ...provider, prefixed: true, fileRole: "docs", lineRole: "doc-example" })).toBe("high");
    expect(assessConfidence({ ...provider })).toBe("medium");
    expect(assessConfidence({ ...provider, base: "low" })).toBe("low");
    expect(assessConfidence({ ...provider, checksumValid: true, expired: true })).toBe("low");
  });
  it("URL credentials: a weak password on a real host is medium, on a local or example host low", () => {
    const url = { ...base, tags: ["generic", "password", "url"], fileRole: "code" as const };
    expect(assessConfidence(url)).toBe("medium");
    expect(assessConfidence({ ...url, placeholderHost: true })).toBe("low");
  });
});

describe("weak values and placeholder logins", () => {
  it("keeps weak real passwords, drops documented placeholders", () => {
    for (const v of ["admin123", "root", "pass123", "qwerty99"]) expect(weakValueIsReal(v, "")).toBe(true);
    for (const v of ["changeme", "password", "<password>", "${DB_PASSWORD}", "xxx", "***", "example", "your_password", "secret", "12"]) {
      expect(weakValueIsReal(v, "")).toBe(false);
    }
  });
  it("drops a value that is one of its key's own words (an image's default), keeps others", () => {
    for (const [key, v] of [["POSTGRES_PASSWORD", "postgres"], ["MYSQL_ROOT_PASSWORD", "root"], ["RABBITMQ_DEFAULT_PASS", "rabbitmq"], ["adminPassword", "Admin"]]) {
      expect(weakValueIsReal(v, "", key), `${key}=${v}`).toBe(false);
    }
    for (const [key, v] of [["MYSQL_ROOT_PASSWORD", "rootroot"], ["POSTGRES_PASSWORD", "postgres1"], ["DB_PASSWORD", "root"], ["ADMIN_PASSWORD", "hunter22"]]) {
      expect(weakValueIsReal(v, "", key), `${key}=${v}`).toBe(true);
    }
  });
  it("local, reserved and bare hosts and placeholder users", () => {
    expect(isPlaceholderLogin("app", "cluster0.mongodb.net")).toBe(false);
    expect(isPlaceholderLogin("app", "db.corp.acme.io")).toBe(false);
    for (const [u, h] of [["app", "localhost"], ["app", "127.0.0.1"], ["app", "db.example.com"], ["app", "db"], ["user", "db.acme.io"], ["app", "svc.test"]]) {
      expect(isPlaceholderLogin(u, h)).toBe(true);
    }
  });
});
