import { UsageError } from "../types.js";

/** Runs a command body; usage/config/runtime errors become one line on stderr and exit 2. */
export async function runCommand(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (err) {
    const msg = err instanceof UsageError ? err.message : `error: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(`leakguard: ${msg.split("\n")[0]}\n`);
    if (!(err instanceof UsageError) && process.env.LEAKGUARD_DEBUG) process.stderr.write(String((err as Error)?.stack) + "\n");
    process.exitCode = 2;
  }
}
