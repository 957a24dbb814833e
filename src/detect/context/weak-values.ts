// Weak passwords that are still real: in a credential or config file, or a URL to a real
// host, `admin123` is a live setting. Only documented placeholders are not.
import { isCodeExpression, isHashLike, isPathOrUrl, isPlaceholder, isReference, isUuid, NAME_LIST } from "../placeholders.js";

/** Words that documentation and templates put where a password goes. */
const PLACEHOLDER_VALUES = new Set([
  "password", "passwd", "pass", "passphrase", "pwd", "secret", "secrets", "changeme", "changeit", "change_me",
  "example", "sample", "dummy", "fake", "mock", "placeholder", "foo", "bar", "baz", "foobar", "none", "null",
  "nil", "undefined", "true", "false", "yes", "no", "on", "off", "empty", "required", "optional", "string",
  "value", "token", "apikey", "api_key", "key", "yourpassword", "your_password", "mypassword", "my_password",
  "xxx", "tbd", "todo", "n/a", "na", "unset", "default", "prompt", "ask", "env", "environment",
]);

const SLOT_WORDS = new Set(["password", "passwd", "pass", "pwd", "secret", "here", "your", "my"]);
/** Words that, next to a slot word, make a name rather than a value (`dummy-pass`, `test_password`). */
const NAME_WORDS = new Set(["db", "database", "user", "admin", "root", "app", "new", "old", "default", "dummy", "sample", "example", "test", "fake", "some", "the", "key", "api", "access", "auth", "login", "mail", "smtp", "redis", "mysql", "postgres", "ftp", "ssh"]);

/**
 * A value worth reporting where any value is a real setting; placeholders are not.
 * `key` is the setting's name, when known: a value repeating it (`IRC_PASS=irc_pass`) is
 * a slot left unfilled.
 */
export function weakValueIsReal(value: string, next: string, key = ""): boolean {
  const v = value.trim();
  if (v.length < 3 || !/[A-Za-z0-9]/.test(v)) return false;
  if (PLACEHOLDER_VALUES.has(v.toLowerCase())) return false;
  if (/^[-+?:=|&!*%$@.]/.test(v) || /[^\x20-\x7e]/.test(v)) return false;
  if (/^\d{1,3}$/.test(v) || NAME_LIST.test(v)) return false;
  if (isCodeExpression(v, next) || isPlaceholder(v) || isReference(v) || isHashLike(v) || isUuid(v) || isPathOrUrl(v)) return false;
  // A value naming the credential (`password_here`, `db_password`) is a slot, not a value.
  // (`pass123` is a password; `db_password`, `yourPassword` and `secret-here` are names.)
  // A slot word next to other words is a name only when every other word is a slot word,
  // a generic name word or a word of the key (`monkey-pass` is a password).
  const parts = v.replace(/([a-z])([A-Z])/g, "$1_$2").split(/[_.-]+/).map((p) => p.toLowerCase());
  const keyParts = new Set(key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/));
  if (parts.length > 1 && parts.some((p) => SLOT_WORDS.has(p))) {
    if (parts.every((p) => SLOT_WORDS.has(p) || NAME_WORDS.has(p) || keyParts.has(p) || p === "")) return false;
  }
  // A value that is one of its key's own words says nothing the name does not: an image's
  // documented default (`POSTGRES_PASSWORD: postgres`, `MYSQL_ROOT_PASSWORD: root`).
  if (keyParts.has(v.toLowerCase())) return false;
  // Prose: several plain words.
  if (/\s/.test(v) && v.split(/\s+/).filter((w) => /^[A-Za-z][a-z,.'!?:-]*$/.test(w)).length >= 2) return false;
  return true;
}

/**
 * A weak value that is a word of the file's own path says no more than the path does: the
 * demo default of the service the file sets up (`MYSQL_PASSWORD=wordpress` in
 * `wordpress-mysql/compose.yaml`, `keystore_password: cassandra` in `cassandra.yaml`).
 */
export function namesItsPath(value: string, path: string): boolean {
  const v = value.trim().toLowerCase();
  return v.length >= 3 && path.toLowerCase().split(/[^a-z0-9]+/).includes(v);
}

/** Template markers a tool-written credential store can still hold: everything else is what it logs in with. */
const STORE_PLACEHOLDERS = new Set(["changeme", "changeit", "change_me", "change-me", "yourpassword", "your_password", "your-password", "placeholder", "redacted", "xxx", "xxxx", "todo", "tbd", "none", "null", "empty"]);

/**
 * A value in a credential store that a tool reads to log in (.pgpass, .git-credentials,
 * FileZilla, DBeaver, WinSCP): not a template, so a dictionary word such as `password`
 * is the password itself. Only empty values, references, template slots and masks are not.
 */
export function storedValueIsReal(value: string): boolean {
  const v = value.trim();
  if (!v || !/[A-Za-z0-9]/.test(v) || /[\x00-\x1f\x7f]/.test(v)) return false;
  if (STORE_PLACEHOLDERS.has(v.toLowerCase())) return false;
  if (/^(.)\1+$/.test(v) || /^<.*>$|^\[.*\]$|^\{\{.*\}\}$/.test(v)) return false;
  return !isReference(v);
}

const PLACEHOLDER_USERS = new Set(["user", "username", "login", "name", "me", "someone", "youruser", "your_user", "myuser", "foo", "usr", "xxx"]);

/**
 * A URL credential's host that is local, reserved for documentation (RFC 2606/6761) or
 * a bare service name, or a placeholder user: not a live login somewhere.
 */
export function isPlaceholderLogin(user: string, host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  if (PLACEHOLDER_USERS.has(user.toLowerCase())) return true;
  if (!h.includes(".") || h === "::1") return true;
  if (/^(?:127\.|0\.0\.0\.0$)/.test(h)) return true;
  return /(?:^|\.)(?:example|test|local|localhost|invalid)$|(?:^|\.)example\.|^(?:your|my)[\w-]*\./.test(h);
}
