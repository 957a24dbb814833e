// What kind of file a path names, from naming conventions alone (no content): the same
// value means different things in a .netrc, a unit test and a README.
import type { FileRole } from "../../types.js";
import { keyWords } from "../placeholders.js";

/** Comment syntax families; see line-role.ts. */
export type Syntax = "c" | "php" | "hash" | "python" | "ruby" | "shell" | "ini" | "sql" | "xml" | "markdown" | "none";

export interface FileContext {
  role: FileRole;
  syntax: Syntax;
}

/** An API description (OpenAPI, Swagger): its values are the requests' and responses' examples. */
const API_SPEC = /^(?:openapi|swagger)(?:[._-][\w.-]*)?\.(?:ya?ml|json)$|[._-](?:openapi|swagger)\.(?:ya?ml|json)$/i;
/** Translation catalogs: their values are the interface's text ("Invalid password: ..."). */
const L10N_DIRS = new Set("i18n l10n locale locales lang langs languages translation translations".split(" "));
const L10N_FILE = /^(?:(?:[\w-]*messages|strings|labels|texts?|[\w-]*bundle)(?:_[a-z]{2,3}(?:_[A-Z]{2})?)?\.properties|[^/]+\.(?:po|pot|xliff|xlf)|localizable\.strings)$/i;
/** A documentation site's full-text search index (MkDocs, Sphinx): the pages' text, examples included. */
const SEARCH_INDEX = /^(?:search_index\.json|searchindex\.js)$/;
/** Template and example copies of config files hold placeholders by convention. */
const EXAMPLE_SUFFIX = /\.(?:example|examples|sample|samples|dist|template|tmpl|tpl|orig|default|defaults)$|[._-](?:example|sample|template)\.[a-z0-9]+$/i;
/** `example.env`, `sample.docker.env`: the example named first. */
const EXAMPLE_PREFIX = /^(?:example|sample)[._-]/i;

// Every test below runs on one path segment (a directory or the file name), anchored:
// a scan classifies every file, so this must cost well under a microsecond a path.

/** Model factories (Laravel's `database/factories`): fake records for tests and seeding. */
const MODEL_FACTORIES = /(?:^|\/)(?:database|db)\/factories\//;
/** "test" glued to what the directory holds: `testsuite` (JUnit, Keycloak, Werkzeug), `testutils`, `testcases`. */
const TEST_COMPOUND = /^tests?(?:suites?|utils?|helpers?|libs?|cases?|files|resources|support|harness|env)$/;
/** Test code and fixtures, by the path conventions of the common test runners. */
const TEST_DIRS = new Set("test tests spec specs __tests__ __mocks__ __fixtures__ fixture fixtures testdata test_data test-data testing mock mocks e2e spec_helper spec_helpers".split(" "));
const TEST_FILE = /^(?:[^/]*[._-](?:test|tests|spec|specs)\.[a-z0-9]+|test_[^/]+\.py|conftest\.py|[^/]+_test\.go|[^/]*Tests?\.(?:java|kt|cs|scala|groovy|swift|php))$/i;

/** Documentation and examples. */
const DOCS_DIRS = new Set("doc docs documentation example examples sample samples guide guides tutorial tutorials demo demos".split(" "));
const DOCS_EXT = new Set(["md", "markdown", "mdx", "rst", "adoc", "asciidoc", "rdoc", "textile"]);
const EXAMPLE_WORDS = ["example", "sample", "dist", "templ", "tmpl", "tpl", "orig", "default"];
/** Source extensions some of whose files are configs by name (wp-config.php, settings.py, web.config). */
const NAMED_CONFIG_EXT = new Set(["php", "py", "config", "json5", "jsonc", "inc"]);

/**
 * Files whose whole purpose is to hold credentials, by their documented names: client
 * login files (netrc, pgpass, git's credential store, my.cnf), cloud and registry CLI
 * credential files, password databases, editors' deploy configs, key stores.
 */
const CREDENTIAL_FILE = new RegExp(
  "^(?:" +
    [
      "\\.env(?:\\.[\\w-]+)?",
      "[\\w-]+\\.env",
      "[._]netrc",
      "\\.pgpass",
      "\\.git-credentials",
      "\\.my\\.cnf",
      "\\.s3cfg",
      "\\.npmrc",
      "\\.pypirc",
      "\\.dockercfg",
      "credentials(?:\\.json|\\.ya?ml|\\.xml|\\.txt)?",
      "(?:passwords?|creds|logins)\\.(?:txt|csv|json|ya?ml)",
      "\\.?htpasswd",
      "[\\w-]*passwd",
      "shadow-?",
      "master\\.key",
      "[\\w.-]*\\.(?:pem|key|p12|pfx|jks|keystore|kdbx|kdb|ppk|asc|gpg)",
      "id_(?:rsa|dsa|ecdsa|ed25519)",
      "secrets?\\.(?:ya?ml|json|toml|env)",
      "sitemanager\\.xml",
      "recentservers\\.xml",
      "filezilla\\.xml",
      "logins\\.json",
      "sftp(?:-config)?\\.json",
      "\\.ftpconfig",
      "\\.remote-sync\\.json",
      "webservers\\.xml",
      "robomongo\\.json",
      "robo3t\\.json",
      "\\.(?:msmtprc|esmtprc|fetchmailrc)",
      "(?:dbeaver-)?data-sources\\.xml",
      "credentials-config\\.json",
      "winscp\\.ini",
      "\\.boto",
      "\\.tugboat",
      "auth\\.json",
      "\\.[\\w-]*(?:credentials|secrets)",
    ].join("|") +
    ")$",
  "i",
);

/** Configuration files, where a bare value is a literal and often a live setting. */
const CONFIG_FILE = new RegExp(
  "^(?:" +
    [
      "[^/]+\\.(?:ini|cfg|conf|cnf|properties|toml|ya?ml|env|plist|tfvars|hcl)",
      "wp-config\\.php",
      "config(?:uration)?(?:\\.inc)?\\.php",
      "(?:local_)?settings(?:_\\w+)?\\.py",
      "application[\\w-]*\\.(?:ya?ml|properties)",
      "docker-compose[\\w.-]*",
      "compose\\.ya?ml",
      "web\\.config",
      "app\\.config",
      "appsettings[\\w.-]*\\.json",
      "[^/]*(?:config|settings|conf|cfg)[\\w.-]*\\.(?:json|xml)",
      "(?:tomcat-users|context|server|standalone|domain)\\.xml",
      "\\.[a-z][\\w-]*rc",
      "\\.(?:bash_profile|profile|bash_login|zprofile|zshenv|bash_aliases|exports|extra)",
      "config",
      "hub",
      "\\.[a-z][\\w-]*",
    ].join("|") +
    ")$",
  "i",
);

const SYNTAX_BY_EXT: Record<string, Syntax> = {};
function ext(syntax: Syntax, list: string): void {
  for (const e of list.split(" ")) SYNTAX_BY_EXT[e] = syntax;
}
ext("c", "js jsx mjs cjs ts tsx mts cts java kt kts scala groovy gradle c h cc cpp cxx hpp hh cs go rs swift dart m mm json5 jsonc proto css scss less sass vue svelte zig v sol");
ext("php", "php phtml inc");
ext("python", "py pyw pyi");
ext("ruby", "rb rake gemspec ru erb");
ext("shell", "sh bash zsh ksh fish bats");
ext("hash", "pl pm r yml yaml toml tf tfvars hcl nix cmake mk make dockerfile ps1 psm1 conf coffee cr ex exs jl nim");
ext("ini", "ini cfg cnf properties env editorconfig");
ext("sql", "sql lua hs elm ada");
ext("xml", "xml html htm xhtml svg xsl xslt plist config csproj props targets");
ext("markdown", "md markdown mdx");

const CODE_EXT = new Set(
  Object.entries(SYNTAX_BY_EXT)
    .filter(([, s]) => s === "c" || s === "php" || s === "python" || s === "ruby" || s === "shell" || s === "sql")
    .map(([e]) => e),
);
for (const e of ["pl", "pm", "r", "ps1", "psm1", "coffee", "cr", "ex", "exs", "jl", "nim", "html", "htm", "vue", "svelte", "ipynb"]) CODE_EXT.add(e);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The comment syntax of a file, by extension, then by well-known names. */
export function syntaxOf(path: string): Syntax {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const byExt = SYNTAX_BY_EXT[extensionOf(name.replace(EXAMPLE_SUFFIX, ""))];
  if (byExt) return byExt;
  if (/^(?:Dockerfile|Makefile|Gemfile|Rakefile|Vagrantfile|Procfile|Brewfile)$/i.test(name)) return name === "Gemfile" || name === "Rakefile" || name === "Vagrantfile" ? "ruby" : "hash";
  if (/^\.(?:bash\w*|zsh\w*|profile|exports|aliases|extra)$/.test(name)) return "shell";
  if (/^\.env/i.test(name) || /^\.[\w-]+rc$/.test(name) || /^(?:config|hub|[._]?netrc|\.pgpass|[\w-]*passwd|shadow)$/i.test(name)) return "hash";
  return "none";
}

/**
 * Classifies a path ('/' separators, relative to the scan root). `head`, the file's first
 * bytes when at hand: a script without a known extension (`bin/hub`, `genpass-apple`) is
 * code in the language its `#!` line names.
 */
export function fileContext(path: string, head?: Buffer): FileContext {
  const syntax = syntaxOf(path);
  const role = roleOf(path);
  const script = head && head[0] === 0x23 && head[1] === 0x21 ? scriptSyntax(path, head) : undefined;
  if (!script) return { role, syntax };
  return { role: role === "data" || role === "config" ? "code" : role, syntax: script };
}

/** Interpreters by the name a `#!` line gives them (versions stripped: python3.11, ruby2.7). */
const INTERPRETERS: Record<string, Syntax> = {
  sh: "shell", bash: "shell", zsh: "shell", ksh: "shell", dash: "shell", ash: "shell", fish: "shell",
  python: "python", ruby: "ruby", node: "c", nodejs: "c", deno: "c", bun: "c", php: "php", perl: "hash",
};

function scriptSyntax(path: string, head: Buffer): Syntax | undefined {
  if (SYNTAX_BY_EXT[extensionOf(path.slice(path.lastIndexOf("/") + 1))]) return undefined;
  const end = head.indexOf(10);
  const line = head.toString("latin1", 2, end < 0 ? Math.min(head.length, 200) : Math.min(end, 200));
  // `#!/usr/bin/env -S ruby -w`, `#!/bin/bash -e`, `#! /usr/local/bin/python3.11`
  const m = /^\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(?:\S*\/)?([A-Za-z]+)/.exec(line);
  return m ? INTERPRETERS[m[1].toLowerCase()] : undefined;
}

function hasDir(path: string, isName: (dir: string) => boolean): boolean {
  let start = 0;
  for (let slash = path.indexOf("/"); slash >= 0; slash = path.indexOf("/", start)) {
    if (isName(path.slice(start, slash))) return true;
    start = slash + 1;
  }
  return false;
}

/**
 * A directory of tests: a well-known name, or a name one of whose words is "test(s)":
 * Gradle's and Maven's test source sets (`src/integrationTest`, `src/dockerTest`,
 * `testFixtures`) and test projects (`smoke-test`, `e2e_tests`, `app-smoke-test-redis`).
 */
function isTestDirName(dir: string): boolean {
  const lower = dir.toLowerCase();
  if (TEST_DIRS.has(lower) || TEST_COMPOUND.test(lower)) return true;
  if (!lower.includes("test")) return false;
  return keyWords(dir).some((w) => w === "test" || w === "tests");
}

function isDocsDirName(dir: string): boolean {
  const lower = dir.toLowerCase();
  return DOCS_DIRS.has(lower) || L10N_DIRS.has(lower);
}

function roleOf(path: string): FileRole {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  const lower = name.toLowerCase();
  // Cheap substring checks first: the regexes run only on names that could match.
  if (EXAMPLE_WORDS.some((w) => lower.includes(w)) && (EXAMPLE_SUFFIX.test(name) || EXAMPLE_PREFIX.test(name))) return "docs";
  if (hasDir(path, isTestDirName) || MODEL_FACTORIES.test(path) || ((lower.includes("test") || lower.includes("spec")) && TEST_FILE.test(name))) return "test";
  if (hasDir(path, isDocsDirName) || L10N_FILE.test(name) || SEARCH_INDEX.test(name) || ((lower.includes("openapi") || lower.includes("swagger")) && API_SPEC.test(name))) return "docs";
  const ext = extensionOf(name);
  // Sphinx publishes each page's source as `_sources/<page>.rst.txt`.
  if (DOCS_EXT.has(ext) || (ext === "txt" && DOCS_EXT.has(extensionOf(name.slice(0, -4))))) return "docs";
  // Source files are credential or config files only under a few well-known names.
  if (CODE_EXT.has(ext) && !NAMED_CONFIG_EXT.has(ext)) return "code";
  if (CREDENTIAL_FILE.test(name) || (name === "config.json" && path.slice(0, slash).endsWith(".docker"))) return "credential";
  if (CONFIG_FILE.test(name)) return "config";
  return CODE_EXT.has(ext) ? "code" : "data";
}
