// Ends a guard scan: a text report on stdout becomes the blocked message with its ways
// out; other formats (and --output) get the standard report.
import { finishScan, type OutputOptions, type ScanSession } from "../cmd/pipeline.js";
import type { Finding } from "../types.js";
import type { GuardKind } from "./message.js";
import { defaultColor } from "../report/color.js";

export async function finishGuard(session: ScanSession, out: OutputOptions, kind: GuardKind): Promise<number> {
  if (out.format !== "text" || out.output) return finishScan(session, out);
  let captured: Finding[] = [];
  const code = await finishScan(session, { ...out, capture: (f) => (captured = f) });
  if (captured.length) {
    const [{ redactFinding }, { renderBlocked }] = await Promise.all([import("../report/index.js"), import("./message.js")]);
    const shown = out.showSecrets ? captured : captured.map(redactFinding);
    process.stdout.write(renderBlocked(kind, shown, out.color ?? defaultColor(process.stdout)));
  }
  return code;
}
