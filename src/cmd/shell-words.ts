// Splits one option string into words the way a POSIX shell would for plain words and
// quotes ("--first-parent --author='Bob Smith'"), without running a shell: these strings
// come from a workflow input or a quoted CLI argument and go to git as argv items.
import { UsageError } from "../types.js";

export function splitWords(text: string, label: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word = (word ?? "") + text[++i];
      else word = (word ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote) throw new UsageError(`${label}: unbalanced quotes in '${text}'`);
  if (word !== undefined) words.push(word);
  return words;
}
