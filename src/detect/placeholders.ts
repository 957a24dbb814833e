import { shannonEntropy } from "./entropy.js";

// Heuristics that tell a real credential value from a placeholder, reference, hash or
// identifier. Each is a small pure predicate so it can be tested on its own.

const PLACEHOLDER_WORDS = [
  "example", "sample", "placeholder", "changeme", "change_me", "change-me", "changethis", "change_this", "change-this",
  "changeit", "change_it", "change-it", "replace", "your",
  "insert", "dummy", "redacted", "xxxx", "****", "....", "todo", "fixme", "notreal", "not_real",
  "fake", "mock", "lorem", "not-a-real", "not_a_real", "notasecret", "not-a-secret", "foobar", "secret_here", "token_here", "key_here", "goes_here",
  "enter_", "put_your", "{{", "}}", "${", "#{", "%(", "@@",
];

/** Values this long and this random are tokens, where a placeholder word may occur by chance. */
const RANDOM_TOKEN_LENGTH = 30;
const RANDOM_TOKEN_ENTROPY = 4.2;

/** Words this long occur in a random token about once in 10^6 tokens: they always count. */
const CHANCE_WORD_MAX = 4;

/**
 * Whether a placeholder word occurs in `v` (lower-cased). In a long random token, short
 * words (`Your`, `Mock`, `todo`, `XxXx`) turn up by chance (about 0.02-0.2% of random
 * 40-character tokens, by alphabet), so there they only count standing on their own,
 * between separators: `sk_live_your_key_here`. `example` or `dummy` still count anywhere.
 */
function hasPlaceholderWord(value: string, v: string, printable: boolean): boolean {
  // Template markers (`#{`, `{{`) turn up by chance in long random printable values (salts).
  const words = printable ? PLACEHOLDER_WORDS.filter((w) => !TEMPLATE_MARKERS.has(w)) : PLACEHOLDER_WORDS;
  if (value.length < RANDOM_TOKEN_LENGTH || shannonEntropy(value) < RANDOM_TOKEN_ENTROPY) return words.some((w) => v.includes(w));
  return words.some((w) => {
    // `{{`, `${`, `****` are never random; long words almost never occur by chance.
    if (!/^[a-z]/.test(w) || w.length > CHANCE_WORD_MAX) return v.includes(w);
    for (let i = v.indexOf(w); i >= 0; i = v.indexOf(w, i + 1)) {
      if (!/[a-z0-9]/.test(v[i - 1] ?? "") && !/[a-z0-9]/.test(v[i + w.length] ?? "")) return true;
    }
    return false;
  });
}

/** Template markers: `{{x}}`, `${X}`, `<token>`, masks. */
const TEMPLATE_MARKERS = new Set(["{{", "}}", "${", "#{", "%(", "@@", "xxxx", "****", "...."]);

/**
 * Long values drawn from the whole printable set (WordPress salts, generated keys) hold
 * `#{` or `<>` by chance: 32+ characters at 4.5+ bits each are not a template.
 */
function randomPrintable(v: string): boolean {
  return v.length >= 32 && /[^A-Za-z0-9]/.test(v) && shannonEntropy(v) >= 4.5;
}

/** Obvious placeholder text, in any rule's secret. */
export function isPlaceholder(value: string): boolean {
  if (isDocumentedExample(value)) return true;
  const v = value.toLowerCase();
  if (hasPlaceholderWord(value, v, randomPrintable(value))) return true;
  if (/<[\w .:-]*>|^<|>$/.test(v) && !randomPrintable(value)) return true; // <your-token>, <redacted>
  if (/^\[[\w .:-]*\]$/.test(v)) return true; // [PASSWORD], [api key]: documentation slots
  if (/^(.)\1+$/.test(v)) return true;
  if (hasSequentialRun(v, 8)) return true;
  // Two interleaved runs making up the whole value: A1B2C3D4E5F6...
  if (v.length >= 12) {
    const even = everyOther(v, 0);
    const odd = everyOther(v, 1);
    if (hasSequentialRun(even, even.length - 1) && hasSequentialRun(odd, odd.length - 1)) return true;
  }
  if (/(.)\1{7,}/.test(v)) return true; // eight identical chars in a row: masks and fillers
  return false;
}

function everyOther(v: string, from: number): string {
  let out = "";
  for (let i = from; i < v.length; i += 2) out += v[i];
  return out;
}

/** "abcdefgh", "12345678", "hgfedcba": random tokens essentially never contain these. */
export function hasSequentialRun(v: string, n: number): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < v.length; i++) {
    const d = v.charCodeAt(i) - v.charCodeAt(i - 1);
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    if (up >= n || down >= n) return true;
  }
  return false;
}

const WEAK_VALUES = new Set([
  "password", "passw0rd", "p@ssw0rd", "p@ssword", "secret", "secrets", "admin", "administrator",
  "root", "test", "testing", "default", "none", "null", "nil", "undefined", "true", "false",
  "token", "apikey", "api_key", "string", "value", "required", "optional", "letmein", "qwerty",
  "password1", "password123", "123456", "12345678", "123456789", "secret123", "mypassword",
  "mysecret", "yourpassword", "pass", "hunter2", "guest", "user", "username", "empty",
  "hunter", "changeit", "welcome", "supersecret", "topsecret", "sekret",
]);

/** Digits and symbols read as letters (p@ssw0rd): weak words survive this spelling. */
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s" };
const deleet = (s: string): string => s.replace(/[013457@$]/g, (c) => LEET[c]);

/**
 * Default and dictionary passwords, also leet-spelled or with digits and symbols tacked on
 * (`Password123!`, `hunter42`, `B0bP4ssw0rd`): not worth a finding, and demo values far
 * more often than real ones.
 */
export function isWeakPassword(value: string): boolean {
  const lower = value.toLowerCase();
  if (WEAK_VALUES.has(lower)) return true;
  if (/pass(?:wo?r?d|wd)/.test(deleet(lower))) return true;
  const stem = lower.replace(/[\d\W_]+$/, "");
  return stem.length >= 4 && (WEAK_VALUES.has(stem) || WEAK_VALUES.has(deleet(stem)));
}

/** References to a value held elsewhere: env vars, templates, config lookups. */
export function isReference(value: string): boolean {
  return (
    /^\$+[A-Za-z_{(]/.test(value) || // $VAR, ${VAR}, $(cmd), $$(cmd) in compose files
    /^`.*`$/.test(value) ||
    /^%[A-Za-z_]+%$/.test(value) ||
    /^(?:process\.env|os\.environ|os\.getenv|env\.|ENV\[|System\.getenv|getenv|secrets\.|vars\.|config\.|settings\.|self\.|this\.|params\.|props\.|args\.|options\.|opts\.)/i.test(value) ||
    /\$\{|\{\{|\}\}|%\{|\{\$/.test(value) || // ${x}, {{x}}, %{x}, PHP "{$x}"
    /^@[\w.-]+@$/.test(value) || // Maven/Gradle resource filtering: @project.version@
    /^@[A-Z][A-Z0-9_]*$/.test(value) || // template slots filled in later: @PASSWORD
    /%(?:\([\w.]+\))?[sd]/.test(value) || // printf/%-format templates: "%s", "%(name)s"
    /^\w+\(\s*[A-Z_][A-Z0-9_]*\s*\)$/.test(value) || // env(SECRET_VALUE), secret(DB_PASS)
    /^\\?\$[A-Za-z_]/.test(value) || // escaped \$VAR\$
    /^\{[\w.]+\}$/.test(value) // str.format / f-string field: {self.password}
  );
}

/** Hash digests and hashed passwords: not usable as credentials. */
export function isHashLike(value: string): boolean {
  if (/^(?:sha1|sha256|sha384|sha512|md5)[-:]/i.test(value)) return true;
  if (/^\$(?:2[abxy]?|5|6|argon2i?d?|pbkdf2[\w-]*|scrypt|y)\$/.test(value)) return true; // crypt(3) formats
  return false;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * Code identifiers and member paths (`userPassword`, `settings.SECRET_KEY`,
 * `P11_KIT_URI_FOR_TOKEN`, `scanner2.reScanSlashToken`, `CPAN::HTTP::Client`): made of
 * word-shaped parts. Random tokens split into short fragments instead.
 */
export function looksLikeIdentifier(value: string): boolean {
  // A leading `@` namespaces storage keys and handles (`@adminSidebarWidth`).
  if (!/^@?[A-Za-z_$\d][\w$]*(?:(?:\.|::|->|-|\/)[\w$]+)*$/.test(value)) return false;
  const words = splitWords(value);
  // Most of an identifier's characters sit in natural words or numbers. A random string
  // splits into fragments like "QUu", "De7" or "Fnscsw" instead.
  const isWord = (w: string) => /^\d+$/.test(w) || isNaturalWord(w);
  const total = words.reduce((n, w) => n + w.length, 0);
  const covered = words.filter(isWord).reduce((n, w) => n + w.length, 0);
  return total > 0 && covered / total >= 0.75;
}

/**
 * An instance or class variable (`@cost`, `@@pool`) or a member chain of identifiers at
 * least one of which is a word (`cost.to_i`, `Proc.new`, `STDIN.gets.chomp`,
 * `user&.password_digest`): what a bare value in code is, never a random secret's shape.
 */
export function isMemberExpression(value: string): boolean {
  if (/^@{1,2}[A-Za-z_]\w*$/.test(value)) return true;
  if (!/^\$?[A-Za-z_]\w*(?:(?:\.|&\.|::|->)[A-Za-z_]\w*[?!]?)+$/.test(value)) return false;
  return splitWords(value).some(isNaturalWord);
}

/**
 * A word of natural language or code: a lower-case or Capitalised run with a vowel
 * (scanner2, Ed25519, Password), a short acronym (URI, HTTP), an abbreviation (xml, ctx).
 */
function isNaturalWord(w: string): boolean {
  return (
    w.length > 2 &&
    (((/^[A-Z]?[a-z]{2,}\d{0,5}$/.test(w) || /^[A-Z]{3,}\d{0,5}$/.test(w)) && /[aeiouy]/i.test(w)) ||
      /^[A-Z]{2,5}\d{0,5}$/.test(w) ||
      /^[a-z]{3,4}\d{0,2}$/.test(w))
  );
}

/** `dbPassword_v2-test` -> ["db", "Password", "v2", "test"]. */
function splitWords(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

const TEST_WORDS = new Set(["test", "tests", "testing", "dummy", "sample", "example", "fake", "mock", "demo", "placeholder", "foo", "bar", "baz"]);

/**
 * The text a base64 value encodes, when it is one (Kubernetes Secret `data:`, Basic
 * auth): valid padding and printable ASCII. Random tokens almost never decode to text.
 */
export function decodedBase64Text(value: string): string | undefined {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  // `echo secret | base64` encodes the newline too.
  const text = Buffer.from(value, "base64").toString("latin1").replace(/\r?\n$/, "");
  return text.length >= 4 && /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

/** Values that name themselves test data (`PASSWORD_TEST98`, `demo-key-1`). */
export function isTestValue(value: string): boolean {
  // Whole separator-delimited parts only ("dummy-pass", "PASSWORD_TEST98", "foo/x"), or a
  // value that starts with a long test word ("demoPassword"): a random token can hold
  // "Bar2" as a camel fragment, but not as a part of its own.
  const parts = value.split(/[^A-Za-z0-9]+/).map((p) => p.replace(/\d+$/, "").toLowerCase());
  if (parts.some((p) => TEST_WORDS.has(p))) return true;
  const lower = value.toLowerCase();
  return [...TEST_WORDS].some((w) => w.length >= 4 && lower.startsWith(w) && !/^[a-z]/.test(value.slice(w.length)));
}

/**
 * Code around the value: a call, an index, a negation, a member access, PHP's `'x='.$var`,
 * a member compared in minified code (`e.crossOrigin===`: base64 holds no dot and ends in
 * two `=` at most).
 */
export function isCodeExpression(value: string, next: string): boolean {
  return (
    next === "(" ||
    next === "[" ||
    (next === ">" && value.endsWith("-")) ||
    /^[!&*]|^\.\s*\$/.test(value) ||
    /->|::/.test(value) ||
    /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+[=!]==?$/.test(value)
  );
}

/** Three or more lower-case names or `*` globs joined by colons: a shell list, not a secret. */
export const NAME_LIST = /^[a-z]+(?::(?:[a-z]+|\*)){2,}$/;

/** Secrets published in documentation and RFCs as examples: never live credentials. */
const DOCUMENTED_EXAMPLES = new Set([
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  "2YotnFZFEjr1zCsicMWpAA", // RFC 6749 access token
  "tGzv3JOkF0XG5Qx2TlKWIA", // RFC 6749 refresh token
  "SplxlOBeZQQYbYS6WxSbIA", // RFC 6749 authorization code
  "dkj4dkieddkkd9342", // RFC 5849
  "hh5s93j4hdidpola",
  "nnch734d00sl2jdk",
  "kd94hf93k423kf44",
  "pfkkdhi9sl3r4s00",
  "0685bd9184jfhq22",
  "ad180jjd733klru7",
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", // jwt.io example signature
  "sk_test_4eC39HqLyjWDarjtT1zdp7dc", // Stripe documentation test key
  "czZCaGRSa3F0MzpnWDFmQmF0M2JW", // RFC 6749 client credentials (s6BhdRkqt3:gX1fBat3bV)
  "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", // RFC 2617/7617 Basic credentials (Aladdin:open sesame)
  "dGVzdDoxMjPCow==", // RFC 7617 section 2.1 (test:123£)
  "pk_test_TYooMQauvdEDq54NiTphI7jx",
]);

export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_EXAMPLES.has(value);
}

/** Paths, URLs without credentials and such: values that are clearly not secrets. */
export function isPathOrUrl(value: string): boolean {
  return /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|https?:\/\/|file:)/.test(value) || /\.(?:json|ya?ml|pem|key|txt|env|crt|p12|pfx)$/i.test(value);
}

/** Splits an identifier into lower-case words: `dbPassword_v2` -> ["db", "password", "v2"]. */
export function keyWords(key: string): string[] {
  return splitWords(key).map((w) => w.toLowerCase());
}

const PASSWORD_WORDS = new Set(["password", "passwd", "passphrase", "passcode"]);
/** Short forms that mean a password only as the key's last word (`DB_PASS`, not `PassManager`). */
const PASSWORD_TAIL = new Set(["pass", "pwd", "pw"]);
const SECRET_WORDS = new Set(["secret", "token", "credential", "credentials", "apikey", "apitoken", "authtoken", "accesstoken", "secretkey", "privatekey", "passkey"]);
const KEY_QUALIFIERS = new Set([
  "api", "access", "secret", "private", "client", "app", "auth", "master", "signing", "encryption",
  "service", "account", "license", "consumer", "session", "admin", "write", "read", "sdk", "subscription",
  "storage", "hmac", "jwt", "webhook", "integration", "server", "shared", "root", "deploy",
]);
/** Trailing words that name something about a secret rather than the secret itself. */
export const NON_SECRET_TAIL: ReadonlySet<string> = new Set([
  "id", "ids", "name", "names", "file", "path", "dir", "url", "uri", "type", "length", "len", "size",
  "count", "expiry", "expires", "expiration", "ttl", "hash", "digest", "checksum", "format", "header",
  "prefix", "field", "param", "env", "var", "policy", "regex", "pattern", "label", "placeholder",
  "endpoint", "version", "mode", "enabled", "required", "min", "max", "limit", "timeout", "public",
  "pub", "ref", "arn", "index", "location", "provider", "source", "store", "manager", "validator",
  "stdin", "variable", "encryption", "algorithm", "algo", "method", "mechanism", "cipher", "scheme",
  "strength", "complexity", "history", "rule", "rules", "hint", "prompt", "command", "cmd", "macro",
  "template", "regexp", "input", "selector", "column", "reset", "expire", "sha", "sha1", "sha256",
  "sha384", "sha512", "md5", "fingerprint", "salt", "integrity", "pubkey", "at", "date", "time",
  "until", "since", "created", "updated", "changed", "modified", "used", "timestamp", "chars", "charset", "alphabet",
]);

/** Credential words that name a secret only after another word (`pastebin_key`, `stripeAuth`). */
const QUALIFIED_SECRET_TAIL = new Set(["key", "auth"]);
/** `<word>_key` names that hold data keys, not credentials: `cache_key`, `sortKey`, `s3_key`. */
const DATA_KEY_QUALIFIERS = new Set([
  "cache", "sort", "primary", "foreign", "partition", "lookup", "hash", "row", "idempotency", "dedup",
  "dedupe", "i18n", "translation", "locale", "message", "msg", "route", "routing", "react", "unique",
  "composite", "index", "map", "dict", "group", "object", "bucket", "table", "column", "field", "attr",
  "attribute", "query", "search", "state", "s3", "blob", "redis", "memcache", "shard", "sharding",
  "distribution", "range", "hot", "short", "shortcut", "keyboard", "correlation", "tracking", "trace",
  "request", "event", "job", "queue", "lock", "throttle", "rate", "ratelimit", "config", "setting",
  "settings", "option", "label", "text", "title", "subtitle", "caption", "heading", "placeholder", "hint",
  "tooltip", "help", "prompt", "description", "error", "warning", "display", "meta", "metadata", "tag", "style", "theme",
  "icon", "image", "asset", "nav", "menu", "tab", "step", "form", "button", "list", "item", "node",
  "child", "parent", "widget", "component", "element", "entry", "record", "model", "entity", "doc",
  "document", "page", "post", "storage", "local", "translate", "grouping", "natural", "surrogate",
  "join", "data", "dataset", "feature", "flag", "foo", "bar", "dummy", "music", "musical", "pubsub",
  // A GPG key named bare is its id or fingerprint (apt keyrings, release signing): public.
  "gpg", "pgp",
]);

/** What an assignment's key names: a password, another secret, or neither. */
export function credentialKind(key: string): "password" | "secret" | undefined {
  const words = keyWords(key);
  if (!words.length) return undefined;
  const last = words[words.length - 1];
  if (NON_SECRET_TAIL.has(last) || words.includes("public")) return undefined;
  // The absence of one: sudoers' `NOPASSWD: ALL`, `no_password = true`.
  if (/^no(?:passwd|password)$/.test(last) || (words.length >= 2 && (words[0] === "no" || words[0] === "without"))) return undefined;
  // Anti-forgery tokens are per-session nonces served in every page, not credentials.
  if (words.some((w) => w === "csrf" || w === "xsrf" || w === "authenticity" || w === "nonce")) return undefined;
  if (words.some((w) => PASSWORD_WORDS.has(w)) || PASSWORD_TAIL.has(last)) return "password";
  // Run-together names in PHP and shell configs: `$dbpasswd`, `rootpassword`.
  if (/^[a-z]{2,12}(?:passwd|password)$/.test(last)) return "password";
  if (words.some((w) => SECRET_WORDS.has(w))) return "secret";
  for (let i = 1; i < words.length; i++) if ((words[i] === "key" || words[i] === "keys") && KEY_QUALIFIERS.has(words[i - 1])) return "secret";
  // Any other `<name>_key` / `<name>KEY` / `<name>_auth` (numbered too: `<name>_key_2`,
  // `<name>_key_v2`): the value tests decide.
  const named = words.length > 2 && /^v?\d+$/.test(last) ? words.slice(0, -1) : words;
  const tail = named[named.length - 1];
  if (named.length >= 2 && QUALIFIED_SECRET_TAIL.has(tail) && !DATA_KEY_QUALIFIERS.has(named[named.length - 2])) return "secret";
  return undefined;
}

export interface GenericCheckInput {
  value: string;
  /** The character right after the value ("" at end of input). */
  next?: string;
  /** The value is a literal (quoted, or in a config file), not a name in code. */
  literal?: boolean;
  /**
   * The value stands bare in a language whose strings are quoted (C-like, PHP, Python,
   * Ruby): it can only be an expression there, so a member chain or an instance variable
   * is one (`cost.to_i`, `STDIN.gets.chomp`, `@use_411`).
   */
  bareInCode?: boolean;
  /** The assignment's key, e.g. "DB_PASSWORD"; empty when unknown. */
  key: string;
  /** Password-like keys accept human-made values; token-like keys need randomness. */
  passwordLike: boolean;
  entropy: number;
}

/** One comparator of a version range: `^6.4`, `~1.2.x`, `>=2.0.0-rc.1`, `v3`. */
const COMPARATOR = String.raw`(?:[~^]|[<>]=?|==?)?v?\d+(?:\.(?:\d+|[x*]))*(?:-[0-9A-Za-z.]+)?`;
const VERSION_RANGE = new RegExp(String.raw`^${COMPARATOR}(?:\s*(?:\|\|?|,)\s*${COMPARATOR}|\s+-\s+${COMPARATOR}|\s+${COMPARATOR})*$`);

/** A version constraint as npm, Composer, Cargo or pip write them (`^6.4|^7.0`, `>=2 <3`). */
export function isVersionRange(v: string): boolean {
  return /[~^<>=]/.test(v) && VERSION_RANGE.test(v);
}

/** Decides whether a generic assignment's value is worth reporting. */
export function genericValueIsSecret(input: GenericCheckInput): boolean {
  const { value, key, passwordLike, entropy } = input;
  const v = value.trim();
  // A base64-encoded value is judged by what it encodes: `cGFzc3dvcmQ=` is "password".
  const decoded = decodedBase64Text(v);
  if (decoded !== undefined && decoded !== v) {
    return genericValueIsSecret({ ...input, value: decoded, entropy: shannonEntropy(decoded), literal: true });
  }
  if (isCodeExpression(v, input.next ?? "")) return false;
  if (input.bareInCode && isMemberExpression(v)) return false;
  // Flags, shell expansions (${X:-d}, ${X:+w}), SQL parameters (:name), CSS pseudo-elements.
  if (/^[-+?:=|&]/.test(v)) return false;
  // Versions such as 1.2.3 or 1:4.5-1ubuntu2, and a dependency's version range.
  if (/^\d+(?:[.:]\d+)+/.test(v) || isVersionRange(v)) return false;
  if (isTestValue(v)) return false;
  // Credentials hold letters or digits; punctuation alone is an escaping test or a mask.
  if (!/[A-Za-z0-9]/.test(v)) return false;
  // Regular expressions, not values: \( \. [^ (? and classes with a count ([0-9a-f]{4,64}).
  if (/\\[()[\].]|\[\^|\(\?|\]\{\d+(?:,\d*)?\}/.test(v)) return false;
  // An identifier-shaped value naming the credential itself is a variable (password_mgr).
  const camel = v.replace(/([a-z])([A-Z])/g, "$1_$2");
  if (/^[\w.$:/-]+$/.test(v) && (/[._:/$-]/.test(v) || camel !== v) && /(?:^|[^a-z])(?:pass(?:word|wd)?|pwd|secret|token|credentials?)(?:[^a-z]|$)/i.test(camel)) return false;
  if (v.length < (passwordLike ? 6 : 12)) return false;
  if (isWeakPassword(v)) return false;
  if (isPlaceholder(v) || isReference(v) || isHashLike(v) || isUuid(v) || isPathOrUrl(v)) return false;
  // Prose (several plain words), not a credential; a salt may hold a stray space.
  if (/\s/.test(v) && v.split(/\s+/).filter((w) => /^[A-Za-z][a-z,.'!?:-]*$/.test(w)).length >= 2) return false;
  if (/[^\x20-\x7e]/.test(v)) return false; // credentials are printable ASCII; this is text
  // A literal password may well be one word with digits or symbols ("hunter22"); a bare
  // word in code, a camelCase field name or a plain lower-case word is not one.
  if (passwordLike && input.literal) {
    // One plain word, hyphenated at most once ("peanuts", "non-matching"); passphrases of
    // more words stay.
    if (/^[a-z]+(?:-[a-z]+)?$/.test(v)) return false;
  } else if (looksLikeIdentifier(v)) return false;
  // A phrase of lower-case words joined by dashes or underscores is a sentence, not a key:
  // "my-secret-key-which-should-be-changed-in-production".
  if (!passwordLike && /^[a-z]+(?:[-_][a-z0-9]+){3,}$/.test(v)) return false;
  // Constant and option names, even quoted: VALUE_SPECIFIED_IN_NO_LOG_PARAMETER, on_create.
  if (/^[A-Z]{2,}[A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v) || /^[a-z]+(?:_[a-z]+)+$/.test(v)) return false;
  // Validation or option lists (`required|confirmed|min:8`) and namespaced class names
  // (`Illuminate\Contracts\Auth\TokenRepository`, `App\\Models\\User`).
  if (/^[a-z_]+(?::[\w,.-]*)?(?:\|[a-z_]+(?::[\w,.-]*)?)+$/.test(v)) return false;
  // A list of command names or globs joined by colons (HISTIGNORE's `ls:cd:pwd:exit:*`).
  if (NAME_LIST.test(v)) return false;
  if (/^\\{0,2}(?:[A-Z][A-Za-z0-9_]+\\{1,2})+[A-Z][A-Za-z0-9_]+(?:::class)?$/.test(v)) return false;
  // Text with escaped line breaks ("multiline\nmysecret\ntest") and timestamps are not credentials.
  if (/[A-Za-z]{3}\\[nrt][A-Za-z]{3}/.test(v)) return false;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.test(v)) return false;
  // A label (`password: debug2:` in a log line), not a value.
  if (/^[A-Za-z]+\d*:$/.test(v)) return false;
  // Keys that name something about a secret (`token_hash`, `password_salt`, `key_id`).
  const words = keyWords(key);
  if (words.length && NON_SECRET_TAIL.has(words[words.length - 1])) return false;
  if (v.toLowerCase().includes(key.toLowerCase()) && key.length >= 4) return false;
  const lower = v.toLowerCase();
  if (/^(?:true|false|null|none|yes|no|on|off)$/.test(lower)) return false;
  if (/^\d+(?:\.\d+)*$/.test(v)) return false; // numbers and versions
  if (passwordLike) return entropy >= 2.5;
  // Tokens: random-looking, with at least two character classes, one of them digits or
  // capitals (lower-case words joined by punctuation are names: oidc-client:client_id).
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  if (classes < 2 || !/[A-Z0-9]/.test(v)) return false;
  if (/^[0-9a-f]+$/i.test(v) && [32, 40, 64, 128].includes(v.length) && /hash|sum|sha|md5|digest/i.test(key)) return false;
  return entropy >= 3.2;
}
