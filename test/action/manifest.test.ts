// action.yml and .pre-commit-hooks.yaml as GitHub and the pre-commit framework read them:
// valid YAML, and every Action input handed to the entry point.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli.js";

interface ActionManifest {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: { env?: Record<string, string> }[] };
}

describe("manifests", () => {
  it("action.yml parses, and each input reaches the entry point as INPUT_<NAME>", () => {
    const doc = parse(readFileSync(`${ROOT}/action.yml`, "utf8"), { strict: true }) as ActionManifest;
    expect(doc.runs.using).toBe("composite");
    const env = Object.assign({}, ...doc.runs.steps.map((s) => s.env ?? {})) as Record<string, string>;
    for (const [name, input] of Object.entries(doc.inputs)) {
      expect(typeof input.description, name).toBe("string");
      expect(env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`], name).toBe(`\${{ inputs.${name} }}`);
    }
  });

  it(".pre-commit-hooks.yaml parses into hooks with an id and an entry", () => {
    const hooks = parse(readFileSync(`${ROOT}/.pre-commit-hooks.yaml`, "utf8"), { strict: true }) as { id: string; entry: string }[];
    expect(hooks.map((h) => h.id)).toContain("leakguard");
    for (const h of hooks) expect(h.entry, h.id).toMatch(/leakguard/);
  });
});
