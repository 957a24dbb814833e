// Action inputs (INPUT_* environment variables) and the GitHub-provided context.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { splitWords } from "../cmd/shell-words.js";
import { UsageError, type Confidence } from "../types.js";
import { DEFAULT_MIN_CONFIDENCE, parseConfidence } from "../filter/confidence.js";

/** Which commits an event asks for: its own (`diff`), everything (`full`), or as the event says (`auto`). */
export type ScanMode = "auto" | "diff" | "full";

export interface ActionInputs {
  path: string;
  config?: string;
  baseline?: string;
  githubToken?: string;
  failOnLeak: boolean;
  sarifFile?: string;
  commentOnPr: boolean;
  scanMode: ScanMode;
  /** On pull requests, read allowlist, ignore file and baseline from the base commit. */
  configFromBase: boolean;
  /** Check found secrets with their providers (sends them there). */
  verify: boolean;
  revoke: boolean;
  revokeConfig?: string;
  threads?: number;
  /** Minimum confidence reported (`confidence` input, as --confidence); lower findings are counted in the summary. */
  confidence: Confidence;
  /** `base`/`head` inputs: scan merge-base(base, head)..head whatever the event. */
  base?: string;
  head?: string;
}

type Env = Record<string, string | undefined>;

/**
 * An input as the runner passes it. @actions/core reads `INPUT_<NAME>` with hyphens kept
 * (`INPUT_FAIL-ON-LEAK`); the composite action.yml passes underscores because not every
 * shell accepts hyphens in variable names, so both spellings are accepted.
 */
export function readInput(env: Env, name: string): string {
  const upper = name.replace(/ /g, "_").toUpperCase();
  const v = env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, "_")}`] ?? "";
  return v.trim();
}

const TRUE = ["true", "True", "TRUE"];
const FALSE = ["false", "False", "FALSE"];

function readBool(env: Env, name: string, dflt: boolean): boolean {
  const v = readInput(env, name);
  if (!v) return dflt;
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new UsageError(`input '${name}': expected true or false, got '${v}'`);
}

function optional(env: Env, name: string): string | undefined {
  return readInput(env, name) || undefined;
}

export function readInputs(env: Env = process.env): ActionInputs {
  const mode = readInput(env, "scan-mode") || "auto";
  if (mode !== "auto" && mode !== "diff" && mode !== "full") {
    throw new UsageError(`input 'scan-mode': expected auto, diff or full, got '${mode}'`);
  }
  const threadsText = optional(env, "threads");
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new UsageError(`input 'threads': expected a positive integer, got '${threadsText}'`);
  }
  return {
    path: readInput(env, "path") || ".",
    config: optional(env, "config"),
    baseline: optional(env, "baseline"),
    githubToken: optional(env, "github-token"),
    failOnLeak: readBool(env, "fail-on-leak", true),
    sarifFile: optional(env, "sarif-file"),
    commentOnPr: readBool(env, "comment-on-pr", true),
    scanMode: mode,
    configFromBase: readBool(env, "config-from-base", true),
    verify: readBool(env, "verify", false),
    revoke: readBool(env, "revoke", false),
    revokeConfig: optional(env, "revoke-config"),
    threads,
    confidence: parseConfidence(readInput(env, "confidence") || DEFAULT_MIN_CONFIDENCE, "input 'confidence'"),
    base: optional(env, "base"),
    head: optional(env, "head"),
    ...extraArgs(optional(env, "extra-args")),
  };
}

/**
 * The `extra-args` input: CLI options that have an input of their own. Anything else is
 * refused rather than ignored, so a typo never silently weakens a scan.
 */
function extraArgs(text: string | undefined): Partial<Pick<ActionInputs, "config" | "baseline" | "threads">> {
  if (!text) return {};
  const { values } = (() => {
    try {
      return parseArgs({
        args: splitWords(text, "input 'extra-args'"),
        options: { config: { type: "string", short: "c" }, baseline: { type: "string" }, threads: { type: "string" } },
        strict: true,
        allowPositionals: false,
      });
    } catch (err) {
      throw new UsageError(`input 'extra-args': ${(err as Error).message.split("\n")[0]} (supported: --config, --baseline, --threads)`);
    }
  })();
  const out: Partial<Pick<ActionInputs, "config" | "baseline" | "threads">> = {};
  if (values.config !== undefined) out.config = values.config;
  if (values.baseline !== undefined) out.baseline = values.baseline;
  if (values.threads !== undefined) {
    const n = Number(values.threads);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`input 'extra-args': --threads: expected a positive integer, got '${values.threads}'`);
    out.threads = n;
  }
  return out;
}

export interface ActionContext {
  eventName: string;
  payload: unknown;
  workspace: string;
  owner?: string;
  repo?: string;
  apiUrl: string;
  serverUrl: string;
  runId?: string;
}

export function readContext(env: Env = process.env): ActionContext {
  const eventName = env.GITHUB_EVENT_NAME;
  if (!eventName) throw new UsageError("GITHUB_EVENT_NAME is not set: run this inside GitHub Actions");
  let payload: unknown = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let text: string;
    try {
      text = readFileSync(eventPath, "utf8");
    } catch (err) {
      throw new UsageError(`${eventPath}: cannot read the event payload (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    try {
      payload = JSON.parse(text);
    } catch {
      throw new UsageError(`${eventPath}: the event payload is not valid JSON`);
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  return {
    eventName,
    payload,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    owner: owner || undefined,
    repo: repo || undefined,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    runId: env.GITHUB_RUN_ID,
  };
}
