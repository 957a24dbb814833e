// Standard input as one chunk, reported under a name of the user's choosing.
import type { Source, SourceItem } from "../engine/source.js";

/** Reads all of standard input. */
export async function readStdin(): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

export function stdinSource(name: string): Source {
  return {
    unit: "files",
    async *items(): AsyncGenerator<SourceItem> {
      yield { path: name, data: await readStdin() };
    },
  };
}
