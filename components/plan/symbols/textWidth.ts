/**
 * Width of a line of text without a browser: advance widths of DejaVu Sans Bold, the widest of the
 * usual UI sans-serif faces (and the one `system-ui` resolves to on Linux), so an estimate made
 * with it is at least as wide as the text drawn in the plan's font on any platform. Pure, so label
 * fitting can be unit tested and run for hundreds of rooms per zoom step.
 */

/** Advance widths of ASCII 32–126 in hundredths of an em (measured with canvas measureText in Chromium). */
const ASCII = [
  35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 59, 100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86, 74, 86, 78, 73, 69, 82, 78, 111, 78,
  73, 73, 46, 37, 46, 84, 50, 50, 68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105, 72, 69, 72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,
];

/** Characters outside ASCII: `…` and wide scripts a full em, other letters as wide as a capital. */
function otherWidth(code: number): number {
  if (code === 0x2026 || code >= 0x1100) return 100;
  return 87;
}

/** Width of `text` in ems (bold; regular text is narrower, so this is an upper bound for it too). */
export function textWidthEm(text: string): number {
  let hundredths = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    hundredths += code >= 32 && code < 127 ? ASCII[code - 32]! : otherWidth(code);
  }
  return hundredths / 100;
}
