// Parsers for credential files whose format a single-line regex cannot read safely (no
// keyword on the line, escaping, positional fields). Chosen by file name only.
import { parseGitCredentials } from "./git-credentials.js";
import { parseRailsKey } from "./master-key.js";
import { parsePgpass } from "./pgpass.js";
import { parseMailRc } from "./mail-rc.js";
import { parseFileZilla } from "./filezilla.js";
import { parseJetBrainsWebServers } from "./jetbrains.js";
import { parseWinScpIni } from "./winscp.js";
import { parseDbeaverDataSources } from "./dbeaver.js";
import { parseBoto, parseS3cfg, parseTugboat } from "./key-value.js";
import { parseNetrc } from "./netrc.js";
import type { CredentialParser } from "./types.js";

export type { ParsedSecret } from "./types.js";

/**
 * The rule ids that parsers (and the key-store check) report under: built-in rules like
 * any other, so `extend.disabledRules` and `useDefault = false` reach them too.
 */
export const PARSER_RULE_IDS: readonly string[] = [
  "boto-secret-key", "dbeaver-password", "filezilla-password", "git-credentials-password",
  "jetbrains-deployment-password", "mail-client-rc-password", "netrc-password", "pgpass-password",
  "rails-master-key", "s3cmd-secret-key", "sensitive-file", "tugboat-api-key", "winscp-password",
];

/** The parser for a path ('/' separators), if its name is a known credential file. */
export function parserFor(path: string): CredentialParser | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  // Plain comparisons first: this runs for every file.
  if (name === ".pgpass" || name === "pgpass.conf") return parsePgpass;
  if (name === ".git-credentials" || (name === "credentials" && /(?:^|\/)git\/credentials$/.test(path))) return parseGitCredentials;
  if (name === ".msmtprc" || name === "msmtprc" || name === ".esmtprc" || name === ".fetchmailrc") return parseMailRc;
  if (name === ".netrc" || name === "_netrc") return parseNetrc;
  if (name === ".s3cfg") return parseS3cfg;
  if (name === ".boto") return parseBoto;
  if (name === ".tugboat") return parseTugboat;
  if (name.endsWith(".xml") || name.endsWith(".ini")) {
    const lower = name.toLowerCase();
    if (lower === "sitemanager.xml" || lower === "recentservers.xml" || lower === "filezilla.xml") return parseFileZilla;
    if (lower === "webservers.xml") return parseJetBrainsWebServers;
    if (lower === "winscp.ini") return parseWinScpIni;
    if (lower === "data-sources.xml" || lower === "dbeaver-data-sources.xml") return parseDbeaverDataSources;
  }
  if (name === "master.key" || (name.endsWith(".key") && /(?:^|\/)config\/credentials\/[\w-]+\.key$/.test(path))) return parseRailsKey;
  return undefined;
}
