// The Action's base/head overrides and extra-args input.
import { describe, expect, it } from "vitest";
import { parseEvent } from "../../src/action/event.js";
import { readInputs } from "../../src/action/inputs.js";
import { rangeFor } from "../../src/action/range.js";

const push = parseEvent("push", {
  ref: "refs/heads/feature",
  before: "1".repeat(40),
  after: "2".repeat(40),
  repository: { default_branch: "main" },
});

describe("Action inputs", () => {
  it("base/head override the event's range; base alone keeps the event's head", () => {
    const over = rangeFor(readInputs({ INPUT_BASE: "v1.0.0", INPUT_HEAD: "release" }), push);
    expect(over).toMatchObject({ kind: "since", base: "v1.0.0", head: "release" });
    const baseOnly = rangeFor(readInputs({ INPUT_BASE: "main" }), push);
    expect(baseOnly).toMatchObject({ kind: "since", base: "main", head: "2".repeat(40) });
    const plain = rangeFor(readInputs({}), push);
    expect(plain).toMatchObject({ kind: "since", base: "1".repeat(40) });
    expect(() => rangeFor(readInputs({ INPUT_HEAD: "x" }), push)).toThrow(/'head' needs 'base'/);
  });

  it("extra-args sets config, baseline and threads, and refuses anything else by name", () => {
    const i = readInputs({ INPUT_CONFIG: "a.toml", "INPUT_EXTRA-ARGS": `--config "ci/leak guard.toml" --threads 2 --baseline=b.json` });
    expect(i).toMatchObject({ config: "ci/leak guard.toml", threads: 2, baseline: "b.json" });
    expect(() => readInputs({ INPUT_EXTRA_ARGS: "--no-verify" })).toThrow(/input 'extra-args':.*--no-verify/);
    expect(() => readInputs({ INPUT_EXTRA_ARGS: "--threads zero" })).toThrow(/--threads/);
    expect(() => readInputs({ INPUT_EXTRA_ARGS: "--config 'open" })).toThrow(/unbalanced/);
  });
});
