// `leakguard install` / `leakguard uninstall`: add the guard to the repository's hooks
// (husky or git's hooks directory) and take exactly that back out again.
import type { Argv } from "yargs";
import { UsageError } from "../types.js";
import { runCommand } from "./run.js";

type HookChoice = "pre-commit" | "pre-push" | "both" | "pre-receive";
const HOOK_CHOICES: readonly HookChoice[] = ["pre-commit", "pre-push", "both", "pre-receive"];

interface InstallArgs {
  hook: HookChoice;
  command?: string;
}

interface UninstallArgs {
  hook?: HookChoice;
}

function hooksFor(choice: HookChoice): ("pre-commit" | "pre-push" | "pre-receive")[] {
  return choice === "both" ? ["pre-commit", "pre-push"] : [choice];
}

export const installCommand = {
  command: "install",
  describe: "add the guard to this repository's git hooks (husky or .git/hooks)",
  builder: (y: Argv) =>
    y
      .option("hook", { choices: HOOK_CHOICES, default: "pre-commit" as HookChoice, describe: "which hook(s) to install (pre-receive: server side)" })
      .option("command", {
        type: "string",
        describe: "shell command that runs leakguard in the hook (default: node_modules/.bin/leakguard or leakguard on PATH; npx under husky)",
      }),
  handler: (a: InstallArgs) => runCommand(() => runInstall(a)),
};

export const uninstallCommand = {
  command: "uninstall",
  describe: "remove what `leakguard install` added to the hooks",
  builder: (y: Argv) => y.option("hook", { choices: HOOK_CHOICES, describe: "only this hook (default: all)" }),
  handler: (a: UninstallArgs) => runCommand(() => runUninstall(a)),
};

export async function runInstall(a: InstallArgs): Promise<number> {
  const { locateHooks, hookTarget, planInstall, applyInstall } = await import("../guard/hooks.js");
  const cwd = process.cwd();
  if (a.command !== undefined && (a.command.trim() === "" || /[\n\r]/.test(a.command))) {
    throw new UsageError("--command: expected a one-line shell command");
  }
  const repo = locateHooks(cwd);
  if (!repo.top && a.hook !== "pre-receive") {
    throw new UsageError(`${cwd}: a bare repository has no ${a.hook} hook to run; use --hook pre-receive`);
  }
  const plans = hooksFor(a.hook).map((hook) => {
    const target = hookTarget(repo, hook, cwd);
    return planInstall(target, a.command ?? (target.husky ? "npx --no-install leakguard" : undefined));
  });
  // All or nothing: a refusal leaves every hook untouched.
  const refused = plans.filter((p) => p.kind === "refuse");
  if (refused.length) {
    for (const p of refused) process.stderr.write(applyInstall(p) + "\n");
    return 2;
  }
  for (const p of plans) process.stdout.write(applyInstall(p) + "\n");
  if (plans.some((p) => p.target.husky) && repo.huskyDir && !(await huskyActive(cwd))) {
    process.stdout.write("leakguard: note: husky is not set up in this clone yet (core.hooksPath unset); run `npx husky` or `npm install`\n");
  }
  return 0;
}

async function huskyActive(cwd: string): Promise<boolean> {
  const { gitSync } = await import("../git/process.js");
  const r = gitSync(["config", "--get", "core.hooksPath"], { cwd });
  return r.code === 0 && r.stdout.toString("utf8").includes(".husky");
}

export async function runUninstall(a: UninstallArgs): Promise<number> {
  const { locateHooks, uninstallHooks, HOOK_NAMES } = await import("../guard/hooks.js");
  const cwd = process.cwd();
  const repo = locateHooks(cwd);
  const done = uninstallHooks(repo, a.hook ? hooksFor(a.hook) : HOOK_NAMES, cwd);
  if (!done.length) {
    process.stdout.write("leakguard: no leakguard hook found; nothing to uninstall\n");
    return 0;
  }
  for (const d of done) {
    process.stdout.write(
      d.action === "deleted-file"
        ? `leakguard: ${d.target.hook}: deleted ${d.target.label} (install had created it)\n`
        : `leakguard: ${d.target.hook}: removed the leakguard block from ${d.target.label}\n`,
    );
  }
  return 0;
}
