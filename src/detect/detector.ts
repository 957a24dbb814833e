// The detector: a pure function of (rules, bytes) -> candidates. It never touches the
// file system or git, so it runs the same in worker threads and in the main thread.
import { re2, type RE2, type RE2Set } from "../re2.js";
import type { Candidate, RuleSpec } from "../types.js";
import { shannonEntropy } from "./entropy.js";
import { blockEnd, KeywordIndex, KeywordLines } from "./keywords.js";
import { LineIndex } from "./lines.js";
import { credentialKind, genericValueIsSecret, isPlaceholder } from "./placeholders.js";
import { insideBase64Run, keyNamesNonSecret } from "./match-surroundings.js";
import { CHECKSUM_VALIDATORS, VALIDATORS, type Validator } from "./validators.js";
import { findEncodedSegments } from "./decoders/index.js";
import { percentDecodedText } from "./decoders/percent.js";
import { countGroups, hasTopLevelAlternation, keyGroupOf } from "./groups.js";
import { fileContext, type FileContext, type Syntax } from "./context/file-role.js";
import { LineRoles } from "./context/line-role.js";
import { assessConfidence, valueStrength } from "./context/confidence.js";
import { isPlaceholderLogin, namesItsPath, storedValueIsReal, weakValueIsReal } from "./context/weak-values.js";
import { jwtExpired } from "./validators.js";
import { parserFor } from "./parsers/index.js";

/** Two more words after a value: the value was the first word of a sentence. */
const SENTENCE_GOES_ON = /^ [a-z]+ [A-Za-z]+/;

/** Files whose bare values are literals (dotenv, YAML, INI, properties, TOML, rc files). */
const CONFIG_FILE = /(?:^|\/)(?:\.env[\w.-]*|[^/]*\.(?:env|ya?ml|ini|cfg|conf|properties|toml|netrc|npmrc|pgpass|pypirc)|\.[a-z]+rc|[^/.]+)$/i;

/** A key that is a source file's name (a linter's or test runner's cache, a build manifest). */
const SOURCE_FILE_KEY = /\.(?:php|phtml|js|jsx|mjs|cjs|ts|tsx|py|rb|java|kt|scala|groovy|go|rs|cs|cc|cpp|hpp|swift|vue|svelte|twig|stub|erb|haml|scss|less)$/i;

/** Languages whose strings are quoted: a bare value there is an expression. */
const PROGRAM_SYNTAX: ReadonlySet<Syntax> = new Set<Syntax>(["c", "php", "python", "ruby"]);

/** How far past its keyword line a multi-line rule may match (PEM blocks are a few KiB). */
const MULTILINE_WINDOW = 256 * 1024;
/** Longest line text kept on a candidate for allow-comment checks. */
const MAX_LINE_TEXT = 8 * 1024;
/** Blocks needing two or more generic rules before their shared Set is compiled. */
const GENERIC_SET_AFTER = 256;
/**
 * Regex matches one rule may produce in one chunk: a base allowance plus one per 64 bytes.
 * Each match costs tens of microseconds on a big chunk, so a rule matching every byte of
 * a 20 MB line ran for minutes. Past the budget the rule stops for that chunk, and the
 * chunk says so: whatever its regex, no rule can make a scan run away, and nothing is
 * dropped silently.
 */
const MATCH_BUDGET_BASE = 10_000;
const MATCH_BUDGET_BYTES_PER_MATCH = 64;

/** Decoded segments are scanned again to this depth (base64 inside percent-encoding...). */
const MAX_DECODE_DEPTH = 2;

/** Hot-path fields are copied off the spec: specs differ in which optional fields they
 * carry, and one object shape for every rule keeps V8's optimised code from deopting. */
interface CompiledRule {
  spec: RuleSpec;
  re: RE2 | null;
  keywords: string[];
  generic: boolean;
  /** 0 = single line, -1 = up to MULTILINE_WINDOW bytes, N = at most N lines further. */
  multiline: number;
  /** Minimum entropy; 0 when the rule sets none. */
  entropy: number;
  /** The regex as compiled: a leading `\b` before a literal is checked here instead. */
  source: string;
  leadingBoundary: boolean;
  secretGroup: number;
  /** Index of the `(?P<key>...)` group (the assignment's key), if any. */
  keyGroup?: number;
  allowRes: RE2[];
  allowTarget: "secret" | "match" | "line";
  stopwords: string[];
  pathRes: RE2[];
  validator?: Validator;
  /** The validator is a provider checksum (see CHECKSUM_VALIDATORS). */
  checksummed: boolean;
  passwordLike: boolean;
  /** Assignment detectors: the key must name a credential. */
  assignment: boolean;
  /** A match inside a longer base64 run is not a token. */
  notInBase64: boolean;
  /** Credentials in a URL (`://user:pass@host`): the host decides whether a weak one counts. */
  isUrl: boolean;
  /** The match is a login call: its password is used as written, however weak. */
  login: boolean;
}

type Verdict = "ok" | "shape" | "ruled-out";

/** Candidate with absolute byte offsets, before line/column conversion. */
interface RawHit {
  rule: CompiledRule;
  start: number;
  end: number;
  secretStart: number;
  secretEnd: number;
  secret: string;
  match: string;
  key: string;
  /** Where the regex's key group began (its keyword), before the key's full name was taken in; -1 without one. */
  keywordAt: number;
  entropy: number;
  checksum?: "valid" | "invalid";
  /** Accepted only because its context makes a weak value real (a credential file, a real host). */
  weak: boolean;
  /** A URL credential for a local or documentation host, or a placeholder user. */
  placeholderHost: boolean;
}

/**
 * `\b` then a literal word character (optionally inside capture groups): RE2 can only skip
 * ahead to a literal prefix when the regex starts with it, and a leading `\b` hides it
 * (airtable's `\bpat…` ran 2.7x slower). Every match then starts with a word character,
 * so the boundary is just "the byte before is not one", checked after the match. (Not
 * with a top-level `|`: there the `\b` binds the first branch only.)
 */
const LEADING_BOUNDARY = /^\\b(?=\(*[A-Za-z0-9_](?![?*{]))/;

/**
 * Allowlist regexes compiled once per source: generated rules (the keyed service table)
 * share one large allowlist, and compiling it per rule would cost start-up time.
 */
const sharedRegexes = new Map<string, RE2>();
function sharedRegex(source: string): RE2 {
  let re = sharedRegexes.get(source);
  if (!re) sharedRegexes.set(source, (re = new (re2())(source, "u")));
  return re;
}

function compileRule(spec: RuleSpec): CompiledRule {
  const leadingBoundary = LEADING_BOUNDARY.test(spec.regex) && !hasTopLevelAlternation(spec.regex);
  return {
    spec,
    source: leadingBoundary ? spec.regex.slice(2) : spec.regex,
    leadingBoundary,
    re: null,
    keywords: spec.keywords,
    generic: spec.generic === true,
    multiline: spec.multiline === true ? -1 : typeof spec.multiline === "number" ? spec.multiline : 0,
    entropy: spec.entropy ?? 0,
    secretGroup: spec.secretGroup ?? (countGroups(spec.regex) > 0 ? 1 : 0),
    keyGroup: keyGroupOf(spec.regex),
    allowRes: (spec.allowlist?.regexes ?? []).map(sharedRegex),
    allowTarget: spec.allowlist?.regexTarget ?? "secret",
    stopwords: (spec.allowlist?.stopwords ?? []).map((s) => s.toLowerCase()),
    pathRes: (spec.allowlist?.paths ?? []).map(sharedRegex),
    validator: spec.validate ? VALIDATORS[spec.validate] : undefined,
    checksummed: spec.validate !== undefined && CHECKSUM_VALIDATORS.has(spec.validate),
    passwordLike: (spec.tags ?? []).includes("password"),
    assignment: (spec.tags ?? []).includes("assignment"),
    notInBase64: spec.notInBase64 === true,
    isUrl: spec.generic === true && (spec.tags ?? []).includes("url"),
    login: spec.generic === true && (spec.tags ?? []).includes("login"),
  };
}

function regexOf(rule: CompiledRule): RE2 {
  // Compiled on first use: most rules never see their keyword in a given run, and the
  // pre-commit path should not pay for compiling ~200 regexes.
  return (rule.re ??= new (re2())(rule.source, "dgu"));
}

export class Detector {
  private readonly specs: RuleSpec[];
  /** Compiled on first use: a pre-commit hook's few files need a handful of the ~900. */
  private readonly compiled: (CompiledRule | undefined)[];
  private readonly keywords: KeywordIndex;
  private readonly alwaysRun: number[];
  private readonly ruleIds: Set<string>;
  /**
   * The generic single-line rules, whose keywords (`key`, `token`, `pass`) are in most
   * blocks and which almost never match: one RE2.Set pass tells which of them match a
   * block at all, instead of one pass per rule. Built on first use.
   */
  private genericSet?: { set: RE2Set; rules: number[] } | null;
  private readonly grouped: Uint8Array;
  /** Blocks that would have used the Set so far: it is compiled once it pays (~20 ms). */
  private groupedBlocks = 0;
  /** Per rule: the stamp of the last block whose Set pass it matched. */
  private readonly genericHit: Uint32Array;
  private genericStamp = 0;
  /** One rule run's matches; reused, so it keeps one array shape. */
  private readonly hitBuffer: RawHit[] = [];

  constructor(specs: RuleSpec[]) {
    this.specs = specs;
    this.compiled = new Array<CompiledRule | undefined>(specs.length);
    this.grouped = Uint8Array.from(specs, (s) => (s.generic && !s.multiline ? 1 : 0));
    this.genericHit = new Uint32Array(specs.length);
    this.keywords = new KeywordIndex(specs.map((s) => s.keywords));
    this.alwaysRun = specs.flatMap((s, i) => (s.keywords.length === 0 ? [i] : []));
    this.ruleIds = new Set(specs.map((s) => s.id.toLowerCase()));
  }

  private rule(i: number): CompiledRule {
    return (this.compiled[i] ??= compileRule(this.specs[i]));
  }

  /** Finds candidate secrets in one chunk of bytes. `path` only serves rule path allowlists. */
  detect(data: Buffer, path: string): Candidate[] {
    return this.detectReport(data, path).candidates;
  }

  /** detect(), plus the ids of rules that used up their match budget on this chunk. */
  detectReport(data: Buffer, path: string): DetectReport {
    const file: FileSlot = { head: data };
    const candidates = dropShadowed(this.detectInternal(data, path, 0, file));
    return {
      candidates,
      ...(file.overBudget?.size ? { overBudget: [...file.overBudget] } : {}),
      ...(file.checksumRejected ? { checksumRejected: file.checksumRejected } : {}),
    };
  }

  private detectInternal(data: Buffer, path: string, depth: number, file: FileSlot): Internal[] {
    const lines = new LineIndex(data);
    const state = new ScanState(data, path, file);
    const out: Internal[] = [];
    for (const h of this.rawHits(state)) out.push(this.toCandidate(h, state, lines));
    if (depth === 0) {
      const parsed = parsedCandidates(state, lines);
      // A format parser read these bytes as the file's format says: its verdict (a slot,
      // an encoded value) stands over a generic rule's guess on the same bytes.
      if (parsed.spans.length) {
        for (let i = out.length - 1; i >= 0; i--) {
          const c = out[i];
          if (c._generic && parsed.spans.some(([s, e]) => s < c._end && c._start < e)) out.splice(i, 1);
        }
      }
      // A provider's own rule on the same bytes names the secret better than the file format does.
      for (const c of parsed.found) if (!out.some((o) => !o._generic && o._start < c._end && c._start < o._end)) out.push(c);
    }
    if (depth < MAX_DECODE_DEPTH) for (const c of this.decodedCandidates(state, lines, depth)) out.push(c);
    return out;
  }

  private rawHits(state: ScanState): RawHit[] {
    const { data } = state;
    for (let s = 0; s < data.length; ) {
      const e = blockEnd(data, s);
      const present = this.keywords.match(data, s, e);
      if (present.length) {
        const rules = this.keywords.rulesFor(present);
        const filtered = this.genericMatches(rules, data, s, e);
        const stamp = this.genericStamp;
        for (const r of rules) {
          if (filtered && this.grouped[r] === 1 && this.genericHit[r] !== stamp) continue;
          // Multi-line rules (PEM blocks) run past the block; only matches starting in it count.
          this.runRule(state, r, s, regionEnd(data, e, this.rule(r).multiline), e - s);
        }
      }
      s = e;
    }
    for (const r of this.alwaysRun) this.runRule(state, r, 0, data.length, data.length);
    for (const [r, left] of state.budget) if (left < 0) (state.file.overBudget ??= new Set()).add(this.specs[r].id);
    const { accepted, rejected } = state;
    if (rejected.length === 0) return accepted;
    // A value that a provider rule recognised and rejected (bad checksum, placeholder) is
    // not a generic secret either: `GITHUB_TOKEN=ghp_<bad checksum>` is test data.
    return accepted.filter(
      (h) => !h.rule.generic || !rejected.some((r) => r.secretStart < h.secretEnd && h.secretStart < r.secretEnd),
    );
  }

  /** Runs one rule on data[s, e) and sorts its matches into accepted and rejected. */
  private runRule(state: ScanState, ruleIndex: number, s: number, e: number, stopAt: number): void {
    const rule = this.rule(ruleIndex);
    const { data, path } = state;
    let skip = state.skipped.get(ruleIndex);
    if (skip === undefined) state.skipped.set(ruleIndex, (skip = rule.pathRes.some((r) => r.test(path))));
    if (skip) return;
    let budget = state.budget.get(ruleIndex) ?? MATCH_BUDGET_BASE + Math.floor(data.length / MATCH_BUDGET_BYTES_PER_MATCH);
    if (budget < 0) return;
    const hits = this.hitBuffer;
    hits.length = 0;
    budget = this.matchRegion(rule, regexOf(rule), data, s, e, stopAt, hits, budget);
    state.budget.set(ruleIndex, budget);
    for (const hit of hits) {
      // A block holds several lines; the keyword contract is per line.
      const kws = rule.keywords;
      if (kws.length > 0 && !state.lines.has(hit.start, kws)) continue;
      const verdict = this.accept(hit, state);
      if (verdict === "ok") state.accepted.push(hit);
      // Only a value the provider rule recognised and ruled out (checksum, placeholder)
      // silences the generic rules; a shape mismatch leaves the value to them.
      else if (!rule.generic && verdict === "ruled-out") state.rejected.push(hit);
    }
    hits.length = 0;
  }

  /**
   * When two or more grouped rules would run on data[s, e), one Set pass marks those that
   * match it at all (genericHit[r] === genericStamp); returns whether it ran.
   */
  private genericMatches(rules: number[], data: Buffer, s: number, e: number): boolean {
    let n = 0;
    for (const r of rules) n += this.grouped[r];
    if (n < 2) return false;
    if (this.genericSet === undefined) {
      // Small scans (a pre-commit hook's few files) finish before compiling it would pay.
      if (++this.groupedBlocks < GENERIC_SET_AFTER) return false;
      const members = this.specs.flatMap((r, i) => (this.grouped[i] ? [i] : []));
      try {
        this.genericSet = { set: new (re2().Set)(members.map((i) => this.specs[i].regex), "u"), rules: members };
      } catch {
        this.genericSet = null; // too big for one automaton: the rules run one by one
      }
    }
    if (!this.genericSet) return false;
    const { set, rules: members } = this.genericSet;
    const stamp = (this.genericStamp = (this.genericStamp + 1) >>> 0 || 1);
    for (const k of set.match(data.subarray(s, e) as unknown as string)) this.genericHit[members[k]] = stamp;
    return true;
  }

  /**
   * Pushes the matches of `re` in data[s, e) that start before region offset `stopAt`,
   * at most `budget` of them; returns the budget left (-1: the rule stopped early).
   */
  private matchRegion(rule: CompiledRule, re: RE2, data: Buffer, s: number, e: number, stopAt: number, out: RawHit[], budget: number): number {
    const region = data.subarray(s, e);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(region as unknown as string)) !== null) {
      if (--budget < 0) return -1;
      const idx = (m as RegExpExecArray & { indices?: Array<[number, number] | undefined> }).indices;
      const whole = idx?.[0];
      if (whole && whole[0] >= stopAt) break;
      if (!whole || whole[1] === whole[0]) {
        if (re.lastIndex <= m.index) re.lastIndex = m.index + 1;
        if (!whole) continue;
      }
      if (rule.leadingBoundary && whole[0] > 0 && isWordByte(region[whole[0] - 1])) {
        re.lastIndex = whole[0] + 1; // inside a word: the stripped `\b` would not match here
        continue;
      }
      const span = rule.multiline;
      const nl = span ? -1 : region.indexOf(10, whole[0]);
      // A terminator class (`[^0-9A-Za-z]`) may take the line's newline: not part of the match.
      const wholeEnd = nl >= 0 && nl === whole[1] - 1 ? nl : whole[1];
      if (nl >= 0 && nl < wholeEnd) {
        // A single-line rule's match ran into the next line (blocks span several lines):
        // drop it and resume at the next line so a real match there is still found.
        re.lastIndex = nl + 1;
        continue;
      }
      if (span > 0 && linesCrossed(region, whole[0], whole[1]) > span) {
        re.lastIndex = whole[0] + 1; // reaches further than the rule allows: try a later start
        continue;
      }
      // The secret is the first capture group from secretGroup on that took part, so a
      // rule can offer alternatives ("double-quoted" | 'single-quoted' | bare).
      let g: [number, number] | undefined;
      for (let k = rule.secretGroup; k < (idx?.length ?? 0) && !g; k++) if (k !== rule.keyGroup) g = idx?.[k];
      if (!g) continue;
      const secret = region.toString("utf8", g[0], g[1]);
      if (!secret) continue;
      const keyIdx = rule.keyGroup !== undefined ? idx?.[rule.keyGroup] : undefined;
      // The regex starts at the credential word; the key's full name runs further left.
      let keyStart = keyIdx ? keyIdx[0] : 0;
      while (keyIdx && keyStart > 0 && keyStart > keyIdx[0] - 64 && isKeyChar(region[keyStart - 1])) keyStart--;
      // When the match begins at the key, report it from the key's full name.
      const matchStart = keyIdx && keyIdx[0] === whole[0] ? keyStart : whole[0];
      out.push({
        rule,
        start: s + matchStart,
        end: s + wholeEnd,
        secretStart: s + g[0],
        secretEnd: s + g[1],
        secret,
        match: region.toString("utf8", matchStart, wholeEnd),
        key: keyIdx ? region.toString("utf8", keyStart, keyIdx[1]) : "",
        keywordAt: keyIdx ? s + keyIdx[0] : -1,
        entropy: shannonEntropy(secret),
        weak: false,
        placeholderHost: false,
      });
    }
    return budget;
  }

  /**
   * Entropy, allowlists, placeholders and checksums: the rule-level false-positive filters.
   * "shape": not this rule's token after all; "ruled-out": this rule's token, but a
   * placeholder, an allowlisted value or a failed checksum.
   */
  private accept(hit: RawHit, state: ScanState): Verdict {
    const { data, path } = state;
    const { rule, secret } = hit;
    if (hit.entropy < rule.entropy) return "shape";
    const lower = secret.toLowerCase();
    if (rule.stopwords.some((w) => lower.includes(w))) return "ruled-out";
    if (rule.allowRes.length) {
      const target =
        rule.allowTarget === "secret" ? secret : rule.allowTarget === "match" ? hit.match : lineAt(data, hit.start);
      if (rule.allowRes.some((r) => r.test(target))) return "ruled-out";
    }
    // `"RequirePassword.php": "<md5>"` in a tool's cache maps a source file to its hash;
    // `Password::INVALID_USER` reads a class constant: neither key holds a credential.
    // The key and the operator before the value (`DB_PASSWORD = "`).
    const lead = hit.secretStart > hit.start ? data.toString("latin1", hit.start, hit.secretStart) : "";
    if (hit.key && (SOURCE_FILE_KEY.test(hit.key) || /::[ \t]*$/.test(lead))) return "shape";
    if (rule.generic) {
      // leakguard's own fingerprints (`file:generic-password:<16 hex>`) in docs, logs and
      // ignore files read like assignments; they hold a hash prefix, never a secret.
      if (this.ruleIds.has(hit.key.toLowerCase()) && /^[0-9a-f]{16}(?:@[0-9a-f]{7,40})?$/.test(secret)) return "shape";
      const kind = rule.assignment ? credentialKind(hit.key) : undefined;
      if (rule.assignment && !kind) return "shape";
      // For assignments the key decides (`GoTrueAdminPasskeyApi` matched `pass` but names no password).
      const passwordLike = rule.assignment ? kind === "password" : rule.passwordLike;
      const next = hit.secretEnd < data.length ? String.fromCharCode(data[hit.secretEnd]) : "";
      // `"passwd:Change your LastPass password"` (a completion's description): a capitalised
      // word opening a sentence, not a value.
      if (/^[A-Z][a-z]+$/.test(secret) && SENTENCE_GOES_ON.test(data.toString("latin1", hit.secretEnd, Math.min(data.length, hit.secretEnd + 40)))) return "shape";
      // A quoted value, or any value in a config file, is a literal; bare words in code are names.
      const quoted = quotedAt(data, hit.secretStart);
      // An XML element's text (`<password>x</password>`) is as literal as a quoted string.
      const element = hit.secretStart > 0 && data[hit.secretStart - 1] === 0x3e && data[hit.secretEnd] === 0x3c;
      // Gemfile, Rakefile and Vagrantfile are Ruby, not the config files other unsuffixed names are.
      const program = PROGRAM_SYNTAX.has(state.ctx.syntax);
      const literal = quoted || element || (CONFIG_FILE.test(path) && !program) || state.ctx.role === "credential";
      const bareInCode = program && !literal;
      // `token == Comment.Special` compares with a name; `token === "s3cr3t..."` still holds a secret.
      if (rule.assignment && !quoted && /[=!]==?/.test(lead)) return "shape";
      if (rule.isUrl) hit.placeholderHost = isPlaceholderLogin(percentDecodedText(hit.key), urlHost(hit.match));
      // A URL's user-info is percent-encoded: `p%C3%A5ssword` is judged as the "påssword" it spells.
      const value = rule.isUrl ? percentDecodedText(secret) : secret;
      if (!genericValueIsSecret({ value, next, key: hit.key, passwordLike, entropy: hit.entropy, literal, bareInCode })) {
        // Any value that is not a placeholder is a real setting in a credential/config
        // file or a URL to a real host, however weak it is.
        if (!passwordLike || (!literal && !rule.isUrl) || !weakValueIsReal(value, next, hit.key) || namesItsPath(value, path) || !this.weakAllowed(hit, state)) return "shape";
        hit.weak = true;
      }
    } else {
      // `EAA...` inside an inlined font or image: `\b` stops at `+` and `/`, base64 goes on.
      if (rule.notInBase64 && insideBase64Run(data, hit.start, hit.secretEnd)) return "shape";
      // `DATADOG_API_KEY_ID=<uuid>`: the key names something about the secret, not the secret.
      if (lead && keyNamesNonSecret(lead, rule.source)) return "shape";
      // A keyed service (no token prefix) is known only by its name in the key and a value
      // of the right shape, so both must be what they seem: the name a word of the key, not
      // letters inside another (`credentialsRefreshService` holds "freshservice"), and the
      // value a literal, not a bare name on a line of code.
      if (hit.keywordAt >= 0 && (insideWord(data, hit.keywordAt) || this.bareInCode(hit, state))) return "shape";
      // A valid checksum outweighs a placeholder word found inside random characters.
      if (!rule.multiline && isPlaceholder(secret) && !(rule.checksummed && rule.validator?.(secret))) return "ruled-out";
    }
    if (rule.validator) {
      // Tokens whose checksum fails are test data or typos, not live credentials: dropped.
      if (!rule.validator(secret)) {
        if (rule.checksummed) state.file.checksumRejected = (state.file.checksumRejected ?? 0) + 1;
        return "ruled-out";
      }
      hit.checksum = "valid";
    }
    return "ok";
  }

  /** The value stands unquoted on a code line of a language whose strings are quoted. */
  private bareInCode(hit: RawHit, state: ScanState): boolean {
    if (!PROGRAM_SYNTAX.has(state.ctx.syntax)) return false;
    if (quotedAt(state.data, hit.secretStart)) return false;
    return state.roles.roleAt(hit.secretStart) === "code";
  }

  /** Where a weak password is still worth reporting. */
  private weakAllowed(hit: RawHit, state: ScanState): boolean {
    const role = state.ctx.role;
    if (role === "test" || role === "docs") return false;
    if (hit.rule.isUrl) return !hit.placeholderHost;
    // A login call with a literal password logs in with it, in code too.
    if (role !== "credential" && role !== "config" && !(hit.rule.login && role === "code")) return false;
    // `${DB_PASS:devpass}`: a template's fallback for local runs, not the setting itself.
    if (hit.start >= 2 && state.data[hit.start - 1] === 0x7b && (state.data[hit.start - 2] === 0x24 || state.data[hit.start - 2] === 0x7b)) return false;
    return state.roles.roleAt(hit.secretStart) === "code";
  }

  private toCandidate(h: RawHit, state: ScanState, lines: LineIndex): Internal {
    const { data } = state;
    const start = lines.position(h.secretStart);
    const end = lines.position(h.secretEnd);
    const spec = h.rule.spec;
    const expired = spec.validate === "jwt" && jwtExpired(h.secret, Date.now());
    const context = { fileRole: state.ctx.role, lineRole: state.roles.roleAt(h.secretStart) };
    const facts: ConfidenceFacts = {
      generic: h.rule.generic,
      checksumValid: h.checksum === "valid",
      prefixed: this.isPrefixed(h),
      base: spec.confidence,
      tags: spec.tags ?? [],
      strength: h.weak ? "weak" : valueStrength(h.secret, h.entropy),
      expired,
      placeholderHost: h.placeholderHost,
    };
    return {
      ruleId: spec.id,
      description: spec.description,
      startLine: start.line,
      endLine: end.line,
      startColumn: start.column,
      endColumn: end.column,
      secret: h.secret,
      match: h.match,
      lineText: lineAt(data, h.start),
      entropy: round(h.entropy),
      severity: spec.severity ?? "high",
      tags: spec.tags ?? [],
      confidence: assessConfidence({ ...facts, ...context }),
      context,
      ...(expired ? { expired } : {}),
      ...(h.checksum ? { checksum: h.checksum } : {}),
      _start: h.secretStart,
      _end: h.secretEnd,
      _generic: spec.generic === true,
      _facts: facts,
    };
  }

  /** The secret starts with a provider rule's distinctive prefix keyword (`ghp_`, `xoxb-`). */
  private isPrefixed(h: RawHit): boolean {
    if (h.rule.generic) return false;
    const lower = h.secret.slice(0, 16).toLowerCase();
    return h.rule.keywords.some((k) => k.length >= 3 && /^[a-z0-9]+[_.-]/.test(k) && lower.startsWith(k));
  }

  private decodedCandidates(state: ScanState, lines: LineIndex, depth: number): Internal[] {
    const { data, path } = state;
    const out: Internal[] = [];
    for (const seg of findEncodedSegments(data, depth === 0 ? path : "")) {
      const inner = this.detectInternal(seg.decoded, path, depth + 1, state.file);
      if (!inner.length) continue;
      // The encoded text sits in this file's line, not in the decoded bytes' own lines.
      const context = { fileRole: state.ctx.role, lineRole: state.roles.roleAt(seg.start) };
      const start = lines.position(seg.start);
      const end = lines.position(seg.end);
      const encoded = data.toString("utf8", seg.start, seg.end);
      for (const c of inner) {
        out.push({
          ...c,
          startLine: start.line,
          endLine: end.line,
          startColumn: start.column,
          endColumn: end.column,
          match: encoded,
          lineText: lineAt(data, seg.start),
          decodedFrom: [seg.kind, ...(c.decodedFrom ?? [])],
          context,
          confidence: assessConfidence({ ...c._facts, ...context }),
          _start: seg.start,
          _end: seg.end,
        });
      }
    }
    return out;
  }
}

export interface DetectReport {
  candidates: Candidate[];
  /** Rules that reached their match budget on this chunk (their later matches are unseen). */
  overBudget?: string[];
  /** Tokens of a checksummed format whose checksum failed (dropped, counted in the summary). */
  checksumRejected?: number;
}

/** What one chunk's rule runs share. */
class ScanState {
  readonly lines: KeywordLines;
  readonly skipped = new Map<number, boolean>();
  /** Per rule: regex matches it may still produce in this chunk. */
  readonly budget = new Map<number, number>();
  readonly accepted: RawHit[] = [];
  readonly rejected: RawHit[] = [];
  private lineRoles?: LineRoles;
  constructor(
    readonly data: Buffer,
    readonly path: string,
    /** Shared with the scans of decoded segments of the same file. */
    readonly file: FileSlot,
  ) {
    this.lines = new KeywordLines(data);
  }

  /** The file's role, classified only when a hit asks (most files have none). */
  get ctx(): FileContext {
    return (this.file.ctx ??= fileContext(this.path, this.file.head));
  }

  /** Line roles, lexed only when a candidate asks. */
  get roles(): LineRoles {
    return (this.lineRoles ??= new LineRoles(this.data, this.ctx.syntax));
  }
}

/**
 * Credentials that a file-format parser reads (.pgpass, .git-credentials, master.key), and
 * the byte spans of every value it read, reported or not.
 */
function parsedCandidates(state: ScanState, lines: LineIndex): { found: Internal[]; spans: Array<[number, number]> } {
  const parse = parserFor(state.path);
  if (!parse) return { found: [], spans: [] };
  const { data } = state;
  const out: Internal[] = [];
  const spans: Array<[number, number]> = [];
  for (const p of parse(data.toString("utf8"))) {
    spans.push([p.start, p.end]);
    const judged = p.judge ?? p.secret;
    if (p.stored ? !storedValueIsReal(judged) : p.password ? !weakValueIsReal(judged, "") : isPlaceholder(judged)) continue;
    const entropy = shannonEntropy(p.secret);
    const start = lines.position(p.start);
    const end = lines.position(p.end);
    const context = { fileRole: state.ctx.role, lineRole: state.roles.roleAt(p.start) };
    const facts: ConfidenceFacts = {
      // A chosen password is judged by its context like a generic one: a .pgpass under
      // docs/ or test/ is an example.
      generic: p.password,
      checksumValid: false,
      prefixed: false,
      base: p.password ? "medium" : "high",
      tags: p.tags,
      strength: valueStrength(judged, shannonEntropy(judged)),
    };
    out.push({
      ruleId: p.ruleId,
      description: p.description,
      startLine: start.line,
      endLine: end.line,
      startColumn: start.column,
      endColumn: end.column,
      secret: p.secret,
      match: lineAt(data, p.start),
      lineText: lineAt(data, p.start),
      entropy: round(entropy),
      severity: p.severity,
      tags: p.tags,
      confidence: assessConfidence({ ...facts, ...context }),
      context,
      ...(p.encoding ? { decodedFrom: [p.encoding] } : {}),
      _start: p.start,
      _end: p.end,
      _generic: false,
      _facts: facts,
    });
  }
  return { found: out, spans };
}

interface FileSlot {
  ctx?: FileContext;
  /** The file's own bytes (not a decoded segment's), for its `#!` line. */
  head: Buffer;
  /** Ids of rules that used up their match budget somewhere in the file. */
  overBudget?: Set<string>;
  checksumRejected?: number;
}

/** The host of a `://user:pass@host` match. */
function urlHost(match: string): string {
  return match.slice(match.lastIndexOf("@") + 1);
}

/** Where a rule's search ends for a block ending at `e`: past it for multi-line rules. */
function regionEnd(data: Buffer, e: number, multiline: number): number {
  if (multiline === 0) return e;
  if (multiline < 0) return Math.min(data.length, e + MULTILINE_WINDOW);
  let end = e;
  for (let n = 0; n < multiline && end < data.length; n++) {
    const nl = data.indexOf(10, end);
    end = nl < 0 ? data.length : nl + 1;
  }
  return end;
}

/** Newlines inside [start, end), not counting one that ends the match. */
function linesCrossed(data: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = data.indexOf(10, start); i >= 0 && i < end - 1; i = data.indexOf(10, i + 1)) n++;
  return n;
}

/** RE2's `\b` word bytes: [A-Za-z0-9_]. */
function isWordByte(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95;
}

/** A quote or backtick opens the value at `pos`. */
function quotedAt(data: Uint8Array, pos: number): boolean {
  const before = pos > 0 ? data[pos - 1] : 0;
  return before === 0x22 || before === 0x27 || before === 0x60;
}

const isUpper = (b: number): boolean => b >= 65 && b <= 90;
const isLowerOrDigit = (b: number): boolean => (b >= 97 && b <= 122) || (b >= 48 && b <= 57);

/**
 * Whether the word starting at `at` continues one before it: a letter or digit precedes
 * it and no camelCase boundary separates them (`fooBar`, `APIKey` split; `refreshService`
 * at "fresh" does not).
 */
function insideWord(data: Uint8Array, at: number): boolean {
  if (at === 0) return false;
  const prev = data[at - 1];
  const cur = data[at];
  if (!isUpper(prev) && !isLowerOrDigit(prev)) return false;
  if (isLowerOrDigit(prev) && isUpper(cur)) return false;
  if (isUpper(prev) && isUpper(cur) && at + 1 < data.length && data[at + 1] >= 97 && data[at + 1] <= 122) return false;
  return true;
}

/** [A-Za-z0-9_.-]: characters of a key name in any of the syntaxes we read. */
function isKeyChar(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95 || b === 46 || b === 45;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The line around byte offset `pos`, capped so minified files don't bloat candidates. */
export function lineAt(data: Buffer, pos: number): string {
  let s = pos === 0 ? 0 : data.lastIndexOf(10, pos - 1) + 1;
  let e = data.indexOf(10, pos);
  if (e < 0) e = data.length;
  if (e - s > MAX_LINE_TEXT) {
    s = Math.max(s, pos - MAX_LINE_TEXT / 2);
    e = Math.min(e, pos + MAX_LINE_TEXT / 2);
  }
  return data.toString("utf8", s, e).replace(/\r$/, "");
}

type ConfidenceFacts = Omit<Parameters<typeof assessConfidence>[0], "fileRole" | "lineRole">;
type Internal = Candidate & { _start: number; _end: number; _generic: boolean; _facts: ConfidenceFacts };

/**
 * A specific rule beats a generic one on the same bytes (`token = "ghp_..."` is a GitHub
 * token, not a generic assignment); identical spans of one rule are reported once.
 */
function dropShadowed(list: Internal[]): Candidate[] {
  // Decoded findings explain an encoded blob better than a generic match on the blob itself.
  const specific = list.filter((c) => !c._generic || c.decodedFrom);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  // Among generic rules on the same bytes, the one that matched more context is the
  // more specific (a JDBC URL beats a bare `password=`).
  const ordered = [...list].sort((a, b) => (a._generic && b._generic ? b.match.length - a.match.length : 0));
  for (const c of ordered) {
    // A decoded generic match still yields to a specific rule on the same decoded bytes.
    if (c._generic && specific.some((s) => s !== c && s._start < c._end && c._start < s._end && (!s._generic || !c.decodedFrom))) continue;
    // Two generic rules on the same bytes are one finding.
    const key = c._generic ? `generic:${c._start}:${c._end}` : `${c.ruleId}:${c._start}:${c._end}:${c.secret}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { _start, _end, _generic, _facts, ...pub } = c;
    void _start;
    void _end;
    void _generic;
    void _facts;
    out.push(pub);
  }
  return out;
}
