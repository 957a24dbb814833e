// Command backend: an operator executable, run without a shell, reads the event JSON on
// stdin; exit 0 means revoked. Its output is discarded: it may echo the secret.
import { spawn } from "node:child_process";
import type { CommandBackendConfig } from "./config.js";
import { buildEvent } from "./event.js";
import { errorText, mapLimit, type ActionResult, type BackendContext, type ResultSink } from "./backend.js";
import type { Target } from "./plan.js";

export async function runCommands(cfg: CommandBackendConfig, targets: Target[], ctx: BackendContext, sink: ResultSink): Promise<void> {
  await mapLimit(targets, cfg.concurrency, async (t) => sink(t, await runOne(cfg, t, ctx)));
}

function runOne(cfg: CommandBackendConfig, t: Target, ctx: BackendContext): Promise<ActionResult> {
  const started = performance.now();
  const input = JSON.stringify(buildEvent(t, { repository: ctx.repository, detectedAt: ctx.detectedAt, includeSecret: cfg.includeSecret })) + "\n";
  const [file, ...args] = cfg.argv;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ActionResult["outcome"], detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ outcome, detail, latencyMs: Math.round(performance.now() - started) });
    };
    const child = spawn(file, args, {
      shell: false,
      cwd: cfg.cwd,
      // Its own process group, so a timeout also ends whatever the script started.
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
      env: {
        ...process.env,
        ...cfg.env,
        LEAKGUARD_RULE_ID: t.finding.ruleId,
        LEAKGUARD_FINGERPRINT: t.finding.fingerprint,
        LEAKGUARD_SECRET_HASH: t.secretHash,
      },
    });
    const timer = setTimeout(() => {
      killGroup(child.pid);
      finish("failed", `timed out after ${cfg.timeoutMs} ms`);
    }, cfg.timeoutMs);
    child.on("error", (err) => finish("failed", `cannot run ${file}: ${errorText(err, [t.finding.secret])}`));
    child.on("exit", (code, signal) => {
      if (code === 0) finish("revoked", "exit 0");
      else finish("failed", signal ? `killed by ${signal}` : `exit ${code}`);
    });
    // A script that never reads stdin closes the pipe early; that is not a failure.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}
