/**
 * Residual skew. Preprocessing deskews most pages, but a page it missed
 * (handwriting, a faint table) arrives with rows that slope: the right end
 * of a ledger row sits a whole row higher than its left end. The slope is
 * measured from tesseract's words along each line, the page's boxes are
 * sheared level (y' = y - slope * x) for the layout analysis, and boxes
 * given back are sheared back into the image's coordinates.
 */
import type { OcrBox } from "~/core/ocr/types";
import type { ExtractLine } from "./types";

/** Below this slope (about 0.2°) the page is taken as level. */
export const MIN_SLOPE = 0.0035;

/** The median slope of word centres along lines with enough words across enough width. */
export function estimateSlope(lines: readonly ExtractLine[]): number {
  const slopes: number[] = [];
  for (const line of lines) {
    const words = (line.words ?? []).filter((w) => w.text.trim() !== "" && w.box.w > 0 && w.box.h > 0);
    if (words.length < 4) continue;
    const xs = words.map((w) => w.box.x + w.box.w / 2);
    const ys = words.map((w) => w.box.y + w.box.h / 2);
    const span = Math.max(...xs) - Math.min(...xs);
    const height = [...words.map((w) => w.box.h)].sort((a, b) => a - b)[Math.floor(words.length / 2)];
    if (span < 8 * height) continue;
    // Theil-Sen: the median of pairwise slopes, robust to a stray word.
    const pairwise: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      for (let j = i + 1; j < xs.length; j++) {
        const dx = xs[j] - xs[i];
        if (Math.abs(dx) > 2 * height) pairwise.push((ys[j] - ys[i]) / dx);
      }
    }
    if (pairwise.length > 0) slopes.push(median(pairwise));
  }
  if (slopes.length < 2) return 0;
  const slope = median(slopes);
  return Math.abs(slope) < MIN_SLOPE ? 0 : slope;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A box made level: its centre is sheared, and its height loses the rise a
 * sloping text of its width adds (never below a third of the height).
 */
export function levelBox(box: OcrBox, slope: number): OcrBox {
  if (slope === 0) return box;
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2 - slope * cx;
  const h = Math.max(box.h / 3, box.h - Math.abs(slope) * box.w);
  return { x: box.x, y: cy - h / 2, w: box.w, h };
}

/** A level box back in the image: the bounds of its sheared corners. */
export function unlevelBox(box: OcrBox, slope: number): OcrBox {
  if (slope === 0) return box;
  const ys = [box.y + slope * box.x, box.y + slope * (box.x + box.w), box.y + box.h + slope * box.x, box.y + box.h + slope * (box.x + box.w)];
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  return { x: Math.round(box.x), y: Math.round(y0), w: Math.round(box.w), h: Math.round(y1 - y0) };
}

/** The lines with every box (line, words, symbols) made level. */
export function levelLines(lines: readonly ExtractLine[], slope: number): ExtractLine[] {
  if (slope === 0) return [...lines];
  return lines.map((line) => ({
    ...line,
    box: levelBox(line.box, slope),
    ...(line.words
      ? {
          words: line.words.map((w) => ({
            ...w,
            box: levelBox(w.box, slope),
            ...(w.symbols ? { symbols: w.symbols.map((s) => (s.box ? { ...s, box: levelBox(s.box, slope) } : s)) } : {}),
          })),
        }
      : {}),
  }));
}
