/** Plain-text tables for the benchmark's output. */

/** Display width: CJK characters take two columns. */
export function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, w: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, w - width(text)));
  return right ? fill + text : text + fill;
}

/** Columns padded to their widest cell; the first column left-aligned, the others right-aligned. A row of one cell "-" draws a rule. */
export function table(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...rows.filter((r) => r.length > 1).map((r) => width(r[c] ?? ""))));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (columns - 1);
  return rows
    .map((r) => (r.length === 1 && r[0] === "-" ? "-".repeat(total) : r.map((cell, c) => pad(cell, widths[c], c > 0)).join("  ").trimEnd()))
    .join("\n");
}

export const fixed = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
export const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)) : "—");
export const count = (n: number) => n.toLocaleString("en");
