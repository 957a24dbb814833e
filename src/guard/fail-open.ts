// Hooks fail closed: an error exits 2, which blocks the commit or push just as a finding
// does, because a guard that silently stops working is worse than a noisy one. Teams that
// prefer availability set LEAKGUARD_FAIL_OPEN=1: the error becomes a warning and exit 0.
import { UsageError } from "../types.js";

export function failOpenEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.LEAKGUARD_FAIL_OPEN ?? "").trim().toLowerCase();
  return v === "1" || v === "true" || v === "yes";
}

function errorLine(err: unknown): string {
  const msg = err instanceof UsageError ? err.message : `error: ${(err as Error)?.message ?? String(err)}`;
  return msg.split("\n")[0];
}

/**
 * Wraps a hook body: an error blocks (exit 2) with a line saying why and how to get past
 * it; with fail-open set it becomes a warning and exit code 0.
 */
export function failOpen(body: () => Promise<number>, what: string): () => Promise<number> {
  return async () => {
    try {
      return await body();
    } catch (err) {
      if (process.env.LEAKGUARD_DEBUG && !(err instanceof UsageError)) process.stderr.write(String((err as Error)?.stack) + "\n");
      if (failOpenEnabled()) {
        process.stderr.write(`leakguard: warning: ${what} not checked (LEAKGUARD_FAIL_OPEN=1): ${errorLine(err)}\n`);
        return 0;
      }
      process.stderr.write(
        `leakguard: ${errorLine(err)}\n` +
          `leakguard: the ${what} could not be checked, so it is blocked (fail closed); fix the error above, ` +
          `or set LEAKGUARD_FAIL_OPEN=1 to let it through when the guard itself fails\n`,
      );
      return 2;
    }
  };
}
