/** Drops control characters (CR, LF, NUL, DEL...), which must never reach a header or a UI. */
export function withoutControlChars(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0x1f && code !== 0x7f) out += char;
  }
  return out;
}
