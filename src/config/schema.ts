// Schemas for rule files and .leakguard.toml. Unknown fields are errors so typos surface.
import { z } from "zod";

export const severitySchema = z.enum(["info", "low", "medium", "high", "critical"]);

/** A service's short name: lower-case letters, digits and '-' ("stripe", "private-packagist"). */
export const serviceNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "service must be lower-case letters, digits and '-'");

export const allowlistSchema = z.strictObject({
  description: z.string().optional(),
  regexes: z.array(z.string()).optional(),
  regexTarget: z.enum(["secret", "match", "line"]).optional(),
  stopwords: z.array(z.string()).optional(),
  paths: z.array(z.string()).optional(),
});

const exampleResponseSchema = z.strictObject({ status: z.number().int().min(100).max(599), body: z.string().optional() });

/** An HTTPS request template on the provider's fixed host, and how to read the answer. */
export const verifySchema = z.strictObject({
  method: z.enum(["GET", "POST", "PUT", "DELETE"]).optional(),
  url: z.string().regex(/^https:\/\/[a-z0-9.-]+(?::\d+)?\//, "verify.url must be https:// on a fixed host"),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  liveStatus: z.array(z.number().int()).optional(),
  invalidStatus: z.array(z.number().int()).optional(),
  liveJson: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  identity: z.record(z.string(), z.string()).optional(),
  pair: z.array(z.string().min(1)).min(1).optional(),
  regions: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "verify.regions are host names")).min(1).optional(),
  liveResponse: exampleResponseSchema.optional(),
  invalidResponse: exampleResponseSchema.optional(),
});

/** A coded verifier by name (verify/named.ts): the scheme and host are fixed in code. */
export const namedVerifySchema = z.strictObject({
  verifier: z.enum(["aws-sigv4", "google-service-account", "azure-shared-key"]),
  pair: z.array(z.string().min(1)).min(1).optional(),
});

/** A verify block is one kind or the other (`verifier` decides), so errors name the right fields. */
const ruleVerifySchema = z.unknown().transform((v, ctx): z.infer<typeof verifySchema> | z.infer<typeof namedVerifySchema> => {
  const named = v !== null && typeof v === "object" && "verifier" in v;
  const parsed = named ? namedVerifySchema.safeParse(v) : verifySchema.safeParse(v);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", message: describeZodError(parsed.error) });
  return z.NEVER;
});

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "id must be letters, digits, '-', '_' or '.'"),
  description: z.string().min(1),
  regex: z.string().min(1),
  secretGroup: z.number().int().min(0).optional(),
  keywords: z.array(z.string().min(1)).default([]),
  entropy: z.number().min(0).max(8).optional(),
  allowlist: allowlistSchema.optional(),
  tags: z.array(z.string()).optional(),
  severity: severitySchema.optional(),
  validate: z.string().optional(),
  multiline: z.union([z.boolean(), z.number().int().min(1).max(1000)]).optional(),
  generic: z.boolean().optional(),
  /** Base confidence of a match before context adjusts it (default: medium; generic: low). */
  confidence: z.enum(["high", "medium", "low"]).optional(),
  /** A match inside a longer base64 run (inlined fonts, images) is not a token. */
  notInBase64: z.boolean().optional(),
  /** The provider's documentation of the token format. */
  references: z.array(z.url()).optional(),
  /** Who issues the credential (default: the id's first word); see cmd/rule-stats.ts. */
  service: serviceNameSchema.optional(),
  verify: ruleVerifySchema.optional(),
  revoke: verifySchema.optional(),
  truePositives: z.array(z.string()).optional(),
  falsePositives: z.array(z.string()).optional(),
});

export const ruleFileSchema = z.strictObject({
  rules: z.array(z.unknown()).default([]),
});

export const userConfigSchema = z.strictObject({
  title: z.string().optional(),
  extend: z
    .strictObject({
      /** false: only the rules in this file are used. */
      useDefault: z.boolean().default(true),
      /** Additional rule files, relative to the config file. */
      paths: z.array(z.string()).optional(),
      disabledRules: z.array(z.string()).optional(),
    })
    .optional(),
  rules: z.array(z.unknown()).optional(),
  allowlist: allowlistSchema.optional(),
  scan: z
    .strictObject({
      /** Extra glob patterns to skip (fast-glob / gitignore syntax). */
      exclude: z.array(z.string()).optional(),
      /** Patterns removed from the default skip list, e.g. "**\/*.lock". */
      include: z.array(z.string()).optional(),
      /** false: drop the built-in skip list entirely. */
      defaultExcludes: z.boolean().optional(),
      maxFileSize: z.union([z.number().int().positive(), z.string()]).optional(),
      gitignore: z.boolean().optional(),
    })
    .optional(),
});

export type UserConfig = z.infer<typeof userConfigSchema>;

/** First zod issue as "path: message". */
export function describeZodError(err: z.ZodError): string {
  const issue = err.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.length ? issue.path.join(".") + ": " : "";
  if (issue.code === "unrecognized_keys") return `${where}unknown field ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
  return where + issue.message;
}
