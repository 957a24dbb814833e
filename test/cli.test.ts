// The CLI loads only the command it runs; help, version and mistakes still see every command.
import { afterAll, describe, expect, it } from "vitest";
import { commandsToLoad } from "../src/cli.js";
import { runCli } from "./helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "./helpers/tmp.js";

afterAll(cleanupTmp);

const ALL = ["scan", "git", "staged", "push", "pre-receive", "install", "uninstall", "baseline", "rekey", "rules", "revoke", "verify", "config", "github", "shard", "merge"];

describe("commandsToLoad", () => {
  it("loads the command named first, and only it", () => {
    expect(commandsToLoad(["scan", "."])).toEqual(["scan"]);
    expect(commandsToLoad(["scan", "git"])).toEqual(["scan"]);
    expect(commandsToLoad(["pre-receive"])).toEqual(["pre-receive"]);
    expect(commandsToLoad(["uninstall", "--help"])).toEqual(["uninstall"]);
  });

  it("loads every command when the first word is not one (help, version, typos, options first)", () => {
    for (const argv of [[], ["--help"], ["--version"], ["scna"], ["--format", "json", "scan"], ["foo", "scan"], ["toString"], ["__proto__"]]) {
      expect(commandsToLoad(argv), argv.join(" ")).toEqual(ALL);
    }
  });
});

describe("the CLI with lazily loaded commands", () => {
  it("lists every command in --help and suggests among all of them", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ALL) expect(help.stdout).toMatch(new RegExp(`^  leakguard ${name}\\b`, "m"));
    const typo = await runCli(["foo", "scan"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("leakguard: Did you mean git?\n");
  });

  it("runs the command named first with its own options", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "hello\n" });
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, findings: [] });
    const help = await runCli(["uninstall", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("leakguard uninstall");
  });
});
