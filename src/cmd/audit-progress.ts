// Progress of an organisation audit on stderr: repositories done / total, failed,
// findings so far, ETA.
import cliProgress from "cli-progress";

export interface AuditProgress {
  update(done: number, failed: number, findings: number): void;
  stop(): void;
}

export function auditProgress(enabled: boolean, total: number, alreadyDone: number): AuditProgress {
  if (!enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "audit |{bar}| {value}/{total} repositories | {failed} failed | {findings} findings | ETA {eta_formatted}",
      hideCursor: false,
      clearOnComplete: false,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 1000,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, alreadyDone, { failed: 0, findings: 0 });
  return {
    update(done, failed, findings) {
      bar.update(done, { failed, findings });
    },
    stop() {
      bar.stop();
    },
  };
}
