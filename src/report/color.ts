// Whether to colour output nobody asked about explicitly (--color/--no-color win):
// NO_COLOR (https://no-color.org) turns colour off, FORCE_COLOR on (FORCE_COLOR=0 off),
// otherwise colour only for a terminal.
export function defaultColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  return stream.isTTY === true;
}
