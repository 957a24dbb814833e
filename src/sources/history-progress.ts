// Progress bar for history scans (stderr only): commits done / total, blobs, MB/s, ETA.
import cliProgress from "cli-progress";

export interface HistoryProgress {
  setTotal(commits: number): void;
  update(commits: number, blobs: number, bytes: number): void;
  stop(): void;
}

const NOOP: HistoryProgress = { setTotal() {}, update() {}, stop() {} };

/** A bar when enabled; a no-op otherwise. `force` draws it even when stderr is no TTY. */
export function historyProgress(enabled: boolean): HistoryProgress {
  if (!enabled) return NOOP;
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: "history |{bar}| {value}/{total} commits | {blobs} blobs | {mbps} MB/s | ETA {eta_formatted}",
      hideCursor: false,
      clearOnComplete: true,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 2000,
      etaBuffer: 200,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { blobs: 0, mbps: "0.0" });
  let lastDraw = 0;
  return {
    setTotal(commits) {
      bar.setTotal(commits);
    },
    update(commits, blobs, bytes) {
      const now = performance.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const mbps = (bytes / 1024 / 1024 / Math.max(0.001, (now - started) / 1000)).toFixed(1);
      bar.update(commits, { blobs, mbps });
    },
    stop() {
      bar.stop();
    },
  };
}
