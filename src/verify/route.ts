// Where one request goes: the rule's own host unless the operator mapped it. Kept apart
// from hosts.ts (which parses config with zod) so scans load no schema library.

/** provider host -> base URL that replaces `https://<host>`. */
export type HostMap = ReadonlyMap<string, string>;

/** The URL a request really goes to. */
export function route(url: string, hosts: HostMap): string {
  const u = new URL(url);
  const base = hosts.get(u.host.toLowerCase());
  return base ? base + u.pathname + u.search : url;
}
