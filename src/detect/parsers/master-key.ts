// Rails' `config/master.key` (and `config/credentials/<env>.key`): the 32 hex digits that
// decrypt credentials.yml.enc (https://guides.rubyonrails.org/security.html#custom-credentials).
import type { ParsedSecret } from "./types.js";

export function parseRailsKey(text: string): ParsedSecret[] {
  const m = /^\s*([0-9a-f]{32})\s*$/.exec(text);
  if (!m) return [];
  const start = text.indexOf(m[1]);
  return [
    {
      ruleId: "rails-master-key",
      description: "Rails master key (decrypts credentials.yml.enc)",
      start,
      end: start + 32,
      secret: m[1],
      severity: "critical",
      tags: ["rails", "credential-file"],
      password: false,
    },
  ];
}
