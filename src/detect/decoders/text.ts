/** True when at least 95% of bytes are printable ASCII, whitespace or UTF-8 continuation. */
export function mostlyText(buf: Buffer): boolean {
  let bad = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13 || b >= 0xc2) continue;
    bad++;
  }
  return bad <= buf.length * 0.05;
}
