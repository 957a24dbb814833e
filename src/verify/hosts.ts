// Where verification requests go. Only the rule's own host, unless the operator maps it:
// LEAKGUARD_VERIFY_HOSTS (loopback targets only: tests and local replays) or a
// --verify-config file (an operator's proxy may be anywhere the operator names).
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";
import { describeZodError } from "../config/schema.js";
import { UsageError } from "../types.js";

import type { HostMap } from "./route.js";

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

function checkBase(base: string, label: string, loopbackOnly: boolean): string {
  const trimmed = base.replace(/\/+$/, "");
  if (loopbackOnly && !LOOPBACK.test(trimmed)) throw new UsageError(`${label}: ${trimmed} is not a loopback address (only the operator's --verify-config may name other hosts)`);
  if (!/^https?:\/\/[^/\s]+$/.test(trimmed)) throw new UsageError(`${label}: '${trimmed}' is not a base URL (scheme://host[:port])`);
  return trimmed;
}

/** `host=url,host=url` from the environment. */
export function hostsFromEnv(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (value ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`LEAKGUARD_VERIFY_HOSTS: expected host=url, got '${pair}'`);
    out.set(pair.slice(0, eq).toLowerCase(), checkBase(pair.slice(eq + 1), "LEAKGUARD_VERIFY_HOSTS", true));
  }
  return out;
}

const verifyConfigSchema = z.strictObject({ hosts: z.record(z.string(), z.string()).default({}) });

/** The operator's --verify-config: `[hosts] "api.github.com" = "https://proxy.internal"`. */
export function hostsFromConfig(path: string): Map<string, string> {
  let doc: unknown;
  try {
    doc = parseToml(readFileSync(path, "utf8"));
  } catch (err) {
    throw new UsageError(`${path}: cannot read verify config (${(err as NodeJS.ErrnoException).code ?? (err as Error).message.split("\n")[0]})`);
  }
  const parsed = verifyConfigSchema.safeParse(doc);
  if (!parsed.success) throw new UsageError(`${path}: ${describeZodError(parsed.error)}`);
  return new Map(Object.entries(parsed.data.hosts).map(([h, u]) => [h.toLowerCase(), checkBase(u, path, false)]));
}
