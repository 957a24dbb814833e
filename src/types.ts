// Shared contracts between pipeline stages (see ../shared/DESIGN.md).

export type Severity = "info" | "low" | "medium" | "high" | "critical";

/** Where a rule's allowlist regexes are matched. */
export type RegexTarget = "secret" | "match" | "line";

export interface AllowlistSpec {
  description?: string;
  /** RE2 regexes; a candidate matching any is dropped. */
  regexes?: string[];
  regexTarget?: RegexTarget;
  /** Case-insensitive substrings; a secret containing one is dropped. */
  stopwords?: string[];
  /** RE2 regexes over the file path ('/' separators, relative to the scan root). */
  paths?: string[];
}

/** A rule as written in TOML (rules/*.toml or a user's .leakguard.toml). */
export interface RuleSpec {
  id: string;
  description: string;
  regex: string;
  /** Capture group holding the secret; 0 = whole match. Default: 1 if the regex has groups, else 0. */
  secretGroup?: number;
  /** Lower-case literals; at least one must occur on the line(s) of every match. */
  keywords: string[];
  /** Minimum Shannon entropy (bits/char) of the secret. */
  entropy?: number;
  allowlist?: AllowlistSpec;
  tags?: string[];
  severity?: Severity;
  /** Named check (see detect/validators.ts), e.g. "github-crc32". */
  validate?: string;
  /**
   * Matches may span lines: `true` for blocks of any size (PEM keys, up to 256 KiB),
   * or how many lines past the keyword's line a match reaches (cheaper: the regex
   * searches only that far).
   */
  multiline?: boolean | number;
  /** Generic detectors run placeholder/stopword heuristics on the secret. */
  generic?: boolean;
  /** Base confidence before context adjusts it. */
  confidence?: Confidence;
  /**
   * A match that continues a longer base64 run (`+` or `/` right before or after it) is
   * not a token: for formats whose alphabet is base64's minus `+/` (`EAA...`, `A{22}...`).
   */
  notInBase64?: boolean;
  /** The provider's documentation of the token format. */
  references?: string[];
  /** Who issues the credential, when the id's first word does not say it (see cmd/rule-stats.ts). */
  service?: string;
  /** Live check of a found secret against the provider (built-in rules only; see verify/). */
  verify?: VerifySpec | NamedVerifySpec;
  /**
   * The provider's own revocation of the secret (built-in rules only; the `provider`
   * revoke backend): the same request shape, with liveStatus/liveJson meaning "revoked".
   */
  revoke?: VerifySpec;
  truePositives?: string[];
  falsePositives?: string[];
  /** File the rule came from, for error messages. Not part of the TOML schema. */
  source?: string;
}

export type Confidence = "high" | "medium" | "low";

/** What a file is for, from its path: see detect/context/file-role.ts. */
export type FileRole = "credential" | "config" | "code" | "test" | "docs" | "data";
/** What the text at a finding is: see detect/context/line-role.ts. */
export type LineRole = "code" | "comment" | "docstring" | "doc-example" | "text";

/** The context that informed a finding's confidence. */
export interface FindingContext {
  fileRole: FileRole;
  lineRole: LineRole;
}

/** Raw detector output: positions are relative to the chunk. */
export interface Candidate {
  ruleId: string;
  description: string;
  startLine: number;
  endLine: number;
  startColumn: number;
  endColumn: number;
  secret: string;
  match: string;
  /** Full text of the first line of the match (for allow comments); never reported. */
  lineText: string;
  entropy: number;
  severity: Severity;
  tags: string[];
  confidence: Confidence;
  context: FindingContext;
  /** A token whose own expiry (a JWT's `exp`) has passed. */
  expired?: boolean;
  /** e.g. ["base64"] when the secret was found inside an encoded segment. */
  decodedFrom?: string[];
  /** Result of the rule's `validate` check, when it has one. */
  checksum?: "valid" | "invalid";
}

export interface CommitMeta {
  commit: string;
  author: string;
  email: string;
  date: string;
  message: string;
}

/**
 * An HTTPS request to the provider that issued a secret, and how to read its answer.
 * Placeholders in url, headers and body: `{{secret}}`, `{{secret:base64}}` (for Basic auth
 * write `{{secret:base64}}` of "user:secret" as the rule's own template, e.g. `Basic {{secret:base64}}`).
 */
export interface VerifySpec {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  /** https:// on the provider's fixed host. */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** HTTP statuses that mean the secret works (default [200]). */
  liveStatus?: number[];
  /** HTTP statuses that mean it does not (default [401, 403]). */
  invalidStatus?: number[];
  /** Top-level JSON fields a live answer must carry with these values (e.g. Slack's ok = true). */
  liveJson?: Record<string, string | number | boolean>;
  /** Non-secret identity to report: field name -> dotted path in the JSON answer. */
  identity?: Record<string, string>;
  /**
   * Rules whose secret this one needs (an id with its secret): the nearest finding of the
   * first of them found in the same file (and commit) fills `{{partner}}`.
   */
  pair?: string[];
  /**
   * The provider's regional API hosts, tried in turn (same path) while the answer is
   * invalid: a key works only in its own region (Datadog sites, ...).
   */
  regions?: string[];
  /** Example answers `rules test` and the test suite serve from a loopback provider. */
  liveResponse?: ExampleResponse;
  invalidResponse?: ExampleResponse;
}

/** A provider's answer, as rule data: status and (JSON or text) body. */
export interface ExampleResponse {
  status: number;
  body?: string;
}

/** The coded verifiers of verify/named.ts, for schemes a template cannot express. */
export type NamedVerifier = "aws-sigv4" | "google-service-account" | "azure-shared-key";

/** A verify block that names a coded verifier: its host and request are fixed in code. */
export interface NamedVerifySpec {
  verifier: NamedVerifier;
  pair?: string[];
}

export type VerificationStatus = "live" | "invalid" | "unknown" | "not-verifiable";

export interface Verification {
  status: VerificationStatus;
  checkedAt: string;
  /** Why the answer is unknown (timeout, rate-limited, network error, HTTP 5xx) or could not be asked (no paired secret). */
  reason?: string;
  identity?: Record<string, string>;
}

/** Where in its origin a finding sits: a file's content, or a commit's message. */
export type FindingLocation = "file" | "commit-message";

/** The JSON finding contract: a candidate placed in a file (and commit), with its identity. */
export interface Finding extends Omit<Candidate, "lineText">, Partial<CommitMeta> {
  /** Empty for a commit message. */
  file: string;
  location: FindingLocation;
  /** With --verify: what the provider said of the secret. */
  verification?: Verification;
  fingerprint: string;
  /** SHA-256 (hex) of the secret; lets revokers and baselines work without the clear text. */
  secretHash: string;
  /** Remote and organisation audits: the repository (`owner/name`, or its URL without credentials). */
  repository?: string;
}

/** A unit of text handed to the detector. */
export interface Chunk {
  /** Path relative to the scan root, '/' separators. */
  path: string;
  data: Buffer;
  commit?: CommitMeta;
  /** A commit's message rather than a file (`path` is then empty). */
  location?: FindingLocation;
  /**
   * When set, only candidates whose startLine..endLine intersects these 1-based line
   * numbers are kept (lines a commit or the index adds).
   */
  lines?: ReadonlySet<number>;
}

export interface ScanStats {
  filesScanned: number;
  bytesScanned: number;
  skippedBinary: number;
  skippedTooLarge: number;
  skippedUnreadable: number;
  skippedOther: number;
  findings: number;
  suppressed: number;
  durationMs: number;
  /** Free-form notes for the summary line ("history truncated (shallow clone)"). */
  notes: string[];
  [extra: string]: number | string[];
}

export function emptyStats(): ScanStats {
  return {
    filesScanned: 0,
    bytesScanned: 0,
    skippedBinary: 0,
    skippedTooLarge: 0,
    skippedUnreadable: 0,
    skippedOther: 0,
    findings: 0,
    suppressed: 0,
    durationMs: 0,
    notes: [],
  };
}

/** Adds to a named counter of the summary ("LFS pointers", "allowlisted paths"). */
export function countStat(stats: ScanStats, key: string, n = 1): void {
  stats[key] = ((stats[key] as number | undefined) ?? 0) + n;
}

/** Error that the CLI turns into a one-line message and exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
