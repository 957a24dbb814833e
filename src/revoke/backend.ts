// What every backend driver shares: its result shape and small async helpers.
import { setTimeout as delay } from "node:timers/promises";
import type { BackendOutcome } from "./audit.js";
import type { Target } from "./plan.js";

export interface ActionResult {
  outcome: BackendOutcome;
  /** Human detail for the log line and audit log; never contains a secret. */
  detail: string;
  latencyMs: number;
}

export type ResultSink = (t: Target, r: ActionResult) => void;

export interface BackendContext {
  repository: string | null;
  detectedAt: Date;
  log: (line: string) => void;
  /** Aborted at the run's deadline: drivers stop sending and retrying. */
  signal?: AbortSignal;
}

export const sleep = (ms: number): Promise<void> => delay(ms);

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** One line from an error (the innermost cause's code says most), secrets masked in case a library echoed them. */
export function errorText(err: unknown, secrets: string[] = []): string {
  let text = "";
  let e = err as { cause?: unknown; code?: unknown; message?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === "string" && /^E[A-Z_]+$/.test(e.code)) text = typeof e.message === "string" ? e.message : e.code;
    e = e.cause as typeof e;
  }
  if (!text) text = (err as Error)?.message ?? String(err);
  text = String(text).split("\n")[0].slice(0, 200);
  for (const s of secrets) if (s) text = text.split(s).join("[secret]");
  return text;
}

/** Header values must be visible ASCII; file names from the scanned repository may not be. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x21-\x7e ]/g, (c) => encodeURIComponent(c));
}
