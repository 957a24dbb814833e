// Migration of ignore and baseline entries written before keyed hashes (plain SHA-256
// fingerprints): each entry a scan matched in its old form is replaced by its keyed form.
// Entries no current finding matched stay as they are (their secret is unknown).

export interface Rekeyed {
  text: string;
  changed: number;
}

/** `.leakguardignore` with every matched legacy entry replaced in place (comments kept). */
export function rekeyIgnoreText(text: string, matches: ReadonlyMap<string, string>): Rekeyed {
  let changed = 0;
  const lines = text.split("\n").map((raw) => {
    const entry = raw.replace(/\s+#.*$/, "").trim();
    const keyed = entry && !entry.startsWith("#") ? matches.get(entry) : undefined;
    if (keyed === undefined) return raw;
    changed++;
    return raw.replace(entry, keyed);
  });
  return { text: lines.join("\n"), changed };
}

/** A leakguard baseline file's JSON with matched legacy fingerprints replaced; undefined when it is not one. */
export function rekeyBaselineText(text: string, matches: ReadonlyMap<string, string>): Rekeyed | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fps = (doc as { fingerprints?: unknown })?.fingerprints;
  if (!Array.isArray(fps) || fps.some((f) => typeof f !== "string")) return undefined;
  let changed = 0;
  const next = new Set<string>();
  for (const fp of fps as string[]) {
    const keyed = matches.get(fp);
    if (keyed !== undefined) changed++;
    next.add(keyed ?? fp);
  }
  return { text: JSON.stringify({ ...(doc as object), fingerprints: [...next].sort() }, null, 2) + "\n", changed };
}
