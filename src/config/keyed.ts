// The keyed service table (rules/keyed/*.toml): services whose keys carry no prefix are
// found by the service's name in an assignment's key and a value of the documented shape.
// Each [[services]] row expands into an ordinary rule, with generated examples.
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";
import { UsageError } from "../types.js";
import { isPlaceholder } from "../detect/placeholders.js";
import { shannonEntropy } from "../detect/entropy.js";
import { parseShape, seededRandom, TOKEN_CHARS, type Shape } from "./keyed-shapes.js";
import { describeZodError, serviceNameSchema, severitySchema, verifySchema } from "./schema.js";

const serviceSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id must be lower-case letters, digits and '-'"),
    name: z.string().min(1),
    /** The service, when several rows (or a format rule) share it; default: the row's id. */
    service: serviceNameSchema.optional(),
    /** Lower-case, rare: one must occur in the assignment's key. */
    keywords: z.array(z.string().regex(/^(?=.{4})[a-z0-9]+(?:_[a-z0-9]+)*$/, "keywords are 4+ lower-case letters or digits ('_' between words)")).min(1),
    /** What the value is: "api key", "token", "secret key"... */
    secret: z.string().regex(/^[a-z0-9]+(?: [a-z0-9]+)*$/, "secret is lower-case words").default("api key"),
    shape: z.string().optional(),
    /** A value regex (RE2) instead of a shape; then `valid`/`invalid` give the example values. */
    regex: z.string().min(1).optional(),
    valid: z.array(z.string()).optional(),
    invalid: z.array(z.string()).optional(),
    ruleId: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
    entropy: z.number().min(0).max(8).optional(),
    severity: severitySchema.optional(),
    references: z.array(z.url()).min(1, "references: the provider's documentation of the key"),
    tags: z.array(z.string()).optional(),
    /** A read-only call that authenticates with the key alone: copied into the rule as `verify`. */
    verify: verifySchema.optional(),
  })
  .refine((s) => (s.shape === undefined) !== (s.regex === undefined), "give exactly one of shape or regex")
  .refine((s) => s.regex === undefined || (s.valid?.length ?? 0) > 0, "a regex row needs valid example values");

export type KeyedService = z.infer<typeof serviceSchema>;

const tableSchema = z.strictObject({ services: z.array(z.unknown()).default([]) });

/**
 * Last words of a key that name something about the service's key rather than the key
 * (`PASTEBIN_USER_ID`, `pastebinUrl`): the generic detector's list, cut to what occurs
 * next to a service's name. Kept short: every keyed rule carries this regex.
 */
const NON_SECRET_WORDS = [
  "id", "ids", "uid", "guid", "name", "user", "username", "email", "login", "url", "uri", "endpoint", "host",
  "hostname", "domain", "region", "project", "org", "organization", "workspace", "tenant", "account", "path",
  "file", "dir", "prefix", "version", "type", "hash", "sha", "md5", "digest", "fingerprint", "salt", "length",
  "len", "size", "count", "ttl", "expiry", "expires", "timeout", "enabled", "mode", "format", "header", "env",
  "var", "public", "pub", "index", "limit", "label", "provider", "location", "template", "field", "param",
];

const capitalize = (w: string) => w[0].toUpperCase() + w.slice(1);

/** Allowlist on the match: the key's last word (after `_`, `.`, `-` or in camelCase) is one of them. */
function nonSecretTailRegex(): string {
  const words = [...NON_SECRET_WORDS].sort();
  return `^[\\w.-]*(?:[_.-](?i:${words.join("|")})|[a-z0-9](?:${words.map(capitalize).join("|")}))["'\\]]?[ \\t]*(?:=>|[:=?])`;
}

const NON_SECRET_TAIL_RE = nonSecretTailRegex();

/** The shared template: a key holding a keyword, an assignment in any usual syntax, the value. */
export function keyedRegex(keywords: string[], value: string): string {
  return (
    `(?P<key>(?i:${keywords.join("|")})[\\w.-]{0,40})["'\\]]?[ \\t]*(?:=>|[:=]{1,2}|\\?=)[ \\t]*["'\\x60]?` +
    `(${value})(?:[^${TOKEN_CHARS}]|$)`
  );
}

/** `PASTEBIN_API_KEY`, `pastebin_api_key`, `pastebinApiKey`. */
function keyNames(words: string[]): { env: string; snake: string; camel: string } {
  return {
    env: words.join("_").toUpperCase(),
    snake: words.join("_"),
    camel: words[0] + words.slice(1).map(capitalize).join(""),
  };
}

/** Seeded random values of the shape that pass the detector's own filters. */
function randomValues(shape: Shape, seed: string, count: number, floor: number): string[] {
  const rand = seededRandom(seed);
  const out: string[] = [];
  const lengths = [shape.max, shape.min, (shape.min + shape.max) >> 1];
  for (let tries = 0; out.length < count && tries < 1000; tries++) {
    const v = shape.make(rand, lengths[out.length % lengths.length]);
    if (!isPlaceholder(v) && shannonEntropy(v) >= floor) out.push(v);
  }
  return out;
}

interface Examples {
  truePositives: string[];
  falsePositives: string[];
}

function examplesFor(svc: KeyedService, shape: Shape | undefined, words: string[], floor: number): Examples {
  const k = keyNames(words);
  const unrelated = keyNames([svc.keywords[0], "user", "id"]);
  let good: string[];
  let bad: string[];
  if (shape) {
    good = randomValues(shape, svc.id + ":" + words.join(" "), 3, floor);
    // Wrong alphabet, a placeholder, one character too many (good[0] has the maximum
    // length) and one too few (good[1] has the minimum).
    bad = [shape.corrupt(good[0]), shape.placeholder(), good[0] + good[2][0], good[1].slice(0, -1)];
  } else {
    good = svc.valid ?? [];
    bad = svc.invalid ?? [];
  }
  const at = (i: number) => good[i % good.length];
  return {
    truePositives: [`${k.env}=${at(0)}`, `  ${k.snake}: "${at(1)}"`, `const ${k.camel} = '${at(2)}';`],
    falsePositives: [...bad.map((v) => `${k.env}=${v}`), `${unrelated.env}=${at(0)}`],
  };
}

/** One table row as a raw rule (validated afterwards like any rule). */
export function expandService(svc: KeyedService, category: string, label: string): Record<string, unknown> {
  let shape: Shape | undefined;
  if (svc.shape !== undefined) {
    const parsed = parseShape(svc.shape);
    if (typeof parsed === "string") throw new UsageError(`${label}: ${parsed}`);
    shape = parsed;
  }
  const words = [svc.keywords[0], ...svc.secret.split(" ")];
  const secretText = svc.secret.replace(/\bapi\b/g, "API");
  const entropy = svc.entropy ?? shape?.entropyFloor;
  return {
    id: svc.ruleId ?? `${svc.id}-${svc.secret.replace(/ /g, "-")}`,
    description: `${svc.name} ${secretText}`,
    regex: keyedRegex(svc.keywords, shape ? shape.regex : (svc.regex as string)),
    secretGroup: 2,
    keywords: svc.keywords,
    ...(entropy !== undefined ? { entropy } : {}),
    allowlist: { description: "the key names an id, URL, hash... of the service", regexTarget: "match", regexes: [NON_SECRET_TAIL_RE] },
    tags: [...new Set(["keyed", category, ...(svc.tags ?? [])])],
    severity: svc.severity ?? "high",
    confidence: "medium",
    references: svc.references,
    service: svc.service ?? svc.id,
    ...(svc.verify ? { verify: svc.verify } : {}),
    ...examplesFor(svc, shape, words, entropy ?? 0),
  };
}

/** Parses one table file into raw rules; UsageError names the file and the service. */
export function parseKeyedTable(text: string, file: string): Record<string, unknown>[] {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (err) {
    throw new UsageError(`${file}: invalid TOML: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`);
  }
  const table = tableSchema.safeParse(doc);
  if (!table.success) throw new UsageError(`${file}: ${describeZodError(table.error)}`);
  const category = basename(file).replace(/\.toml$/, "");
  return table.data.services.map((row, i) => {
    const id = row && typeof row === "object" && typeof (row as { id?: unknown }).id === "string" ? (row as { id: string }).id : undefined;
    const label = id ? `${file}: service '${id}'` : `${file}: service #${i + 1}`;
    const parsed = serviceSchema.safeParse(row);
    if (!parsed.success) throw new UsageError(`${label}: ${describeZodError(parsed.error)}`);
    return expandService(parsed.data, category, label);
  });
}

/** Every table file under `dir` (sorted), each as [label, raw rules]. */
export function loadKeyedTables(dir: string, labelDir: string): Array<[string, Record<string, unknown>[]]> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".toml")).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const label = `${labelDir}/${f}`;
    return [label, parseKeyedTable(readFileSync(join(dir, f), "utf8"), label)];
  });
}
