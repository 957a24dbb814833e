// Cloud CLI credential files whose keys the tool documents: which key holds the secret
// and which the public identifier that goes with it. s3cmd's .s3cfg (INI: `access_key`
// is the access key ID, `secret_key` the secret; https://s3tools.org/kb/item14.htm),
// boto's .boto (INI; https://boto.readthedocs.io/en/latest/boto_config_tut.html) and
// tugboat's .tugboat for DigitalOcean (YAML: `client_key` is the client ID, `api_key` the
// secret). The identifiers are read and not reported, so no generic rule reports them.
import { byteOffset, eachLine, type CredentialParser, type ParsedSecret } from "./types.js";

interface KeyFile {
  ruleId: string;
  description: string;
  secrets: ReadonlySet<string>;
  ids: ReadonlySet<string>;
}

const ASSIGNMENT = /^(\s*)([A-Za-z_][\w.-]*)\s*[:=]\s*(["']?)([^\s"'#;]+)\3/;

function keyFileParser(f: KeyFile): CredentialParser {
  return (text) => {
    const out: ParsedSecret[] = [];
    eachLine(text, (line, offset) => {
      const m = ASSIGNMENT.exec(line);
      if (!m) return;
      const key = m[2].toLowerCase();
      const secret = f.secrets.has(key);
      if (!secret && !f.ids.has(key)) return;
      const value = m[4];
      const at = m[0].length - m[3].length - value.length;
      out.push({
        ruleId: f.ruleId,
        description: f.description,
        start: offset + byteOffset(line, at),
        end: offset + byteOffset(line, at + value.length),
        secret: value,
        // An identifier is read but never reported: the empty judgement drops it.
        ...(secret ? {} : { judge: "", stored: true }),
        severity: "high",
        tags: ["cloud", "credential-file"],
        password: false,
      });
    });
    return out;
  };
}

export const parseS3cfg = keyFileParser({
  ruleId: "s3cmd-secret-key",
  description: "S3 secret key or token in an s3cmd configuration (.s3cfg)",
  secrets: new Set(["secret_key", "access_token", "gpg_passphrase"]),
  ids: new Set(["access_key"]),
});

export const parseBoto = keyFileParser({
  ruleId: "boto-secret-key",
  description: "Cloud secret key in a boto configuration (.boto)",
  secrets: new Set(["aws_secret_access_key", "gs_secret_access_key", "gs_oauth2_refresh_token"]),
  ids: new Set(["aws_access_key_id", "gs_access_key_id"]),
});

export const parseTugboat = keyFileParser({
  ruleId: "tugboat-api-key",
  description: "DigitalOcean API key in a tugboat configuration (.tugboat)",
  secrets: new Set(["api_key", "access_token"]),
  ids: new Set(["client_key"]),
});
