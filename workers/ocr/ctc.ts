/**
 * Greedy CTC decoding of a PP-OCR recognition output, keeping what the
 * library's own decoder throws away: where along the line each character
 * was read (its time steps) and which other characters the model gave a
 * real share of the probability there. A CTC model reads the line in
 * columns ("time steps", 8 pixels of the 48-pixel-high line image each);
 * a character is a run of steps whose best class is that character, and
 * the blank class (0) separates runs.
 */
import type { OcrBox, OcrChoice } from "~/core/ocr/types";

/**
 * What a reading by the PP-OCR engine holds, for caches keyed by it: "ctc1" is
 * per-character boxes, probabilities and choices (ctc.ts). Change it when
 * the reading changes.
 */
export const PPOCR_READING_FORMAT = "ctc1";

/** A rival is listed when it has at least this probability at some step of the character's run. */
export const CTC_CHOICE_MIN = 0.05;
/** At most this many rivals per character, best first. */
export const CTC_MAX_CHOICES = 3;

export type CtcChar = {
  text: string;
  /** The model's probability of the character at the first step of its run (what the library averages). */
  first: number;
  /** Its highest probability over the run. */
  confidence: number;
  /** First and last time step of the run. */
  start: number;
  end: number;
  /** Other characters with at least CTC_CHOICE_MIN at some step of the run, best first. */
  choices: OcrChoice[];
};

export type CtcLine = {
  text: string;
  /** Mean of the characters' first-step probabilities: the library's line confidence, kept so lines filter alike. */
  mean: number;
  steps: number;
  chars: CtcChar[];
};

/**
 * Decodes one line: `data` is the model's [steps × classes] softmax output
 * (row-major), `dictionary[c - 1]` the character of class c (class 0 is the
 * blank). Consecutive steps of one class are one character, as the library
 * decodes (so a doubled character needs a blank between its two runs).
 */
export function decodeCtc(data: ArrayLike<number>, steps: number, classes: number, dictionary: readonly string[]): CtcLine {
  const best = new Int32Array(steps);
  const bestP = new Float32Array(steps);
  for (let t = 0; t < steps; t++) {
    let bi = 0;
    let bp = Number.NEGATIVE_INFINITY;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = data[row + c];
      if (p > bp) {
        bp = p;
        bi = c;
      }
    }
    best[t] = bi;
    bestP[t] = bp;
  }
  const chars: CtcChar[] = [];
  let t = 0;
  while (t < steps) {
    const cls = best[t];
    let end = t;
    while (end + 1 < steps && best[end + 1] === cls) end++;
    const text = cls === 0 ? undefined : dictionary[cls - 1];
    if (text !== undefined && text !== "") {
      const rivals = new Map<number, number>();
      let confidence = 0;
      for (let s = t; s <= end; s++) {
        const row = s * classes;
        confidence = Math.max(confidence, data[row + cls]);
        for (let c = 1; c < classes; c++) {
          if (c === cls) continue;
          const p = data[row + c];
          if (p >= CTC_CHOICE_MIN && p > (rivals.get(c) ?? 0)) rivals.set(c, p);
        }
      }
      const choices = [...rivals]
        .filter(([c]) => dictionary[c - 1] !== undefined && dictionary[c - 1] !== "" && dictionary[c - 1] !== text)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, CTC_MAX_CHOICES)
        .map(([c, p]) => ({ text: dictionary[c - 1], confidence: round(p) }));
      chars.push({ text, first: bestP[t], confidence: round(confidence), start: t, end, choices });
    }
    t = end + 1;
  }
  const mean = chars.length > 0 ? chars.reduce((s, c) => s + c.first, 0) / chars.length : 0;
  return { text: chars.map((c) => c.text).join(""), mean, steps, chars };
}

function round(p: number): number {
  return Math.round(p * 1000) / 1000;
}

type Point = readonly [number, number];

/**
 * Boxes of a line's characters in the coordinates of `quad` (the detected
 * line: top-left, top-right, bottom-right, bottom-left), from their time
 * steps. Step t covers the line's length from t/steps to (t+1)/steps; a
 * character's centre is the middle of its run, and its extent reaches half
 * way to its neighbours' centres, at most one line height (`thickness`)
 * wide. `vertical`: the line image was turned a quarter (a crop at least
 * 1.5 times as tall as wide), so the steps run down the quadrilateral's
 * left edge, top to bottom, instead of along its top edge.
 */
export function charBoxes(chars: readonly Pick<CtcChar, "start" | "end">[], steps: number, quad: readonly Point[]): OcrBox[] {
  if (chars.length === 0 || steps <= 0) return [];
  const [p0, p1, , p3] = quad;
  const length = (a: Point, b: Point) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  const vertical = length(p0, p3) >= 1.5 * length(p0, p1);
  // Along: the direction the text runs; across: the other edge.
  const [alongEnd, acrossEnd] = vertical ? [p3, p1] : [p1, p3];
  const along = length(p0, alongEnd);
  const thickness = length(p0, acrossEnd);
  const centres = chars.map((c) => (((c.start + c.end) / 2 + 0.5) / steps) * along);
  const half = Math.min(thickness, along) / 2;
  return chars.map((_, i) => {
    const lo = i > 0 ? Math.max((centres[i - 1] + centres[i]) / 2, centres[i] - half) : Math.max(0, centres[i] - half);
    const hi = i + 1 < centres.length ? Math.min((centres[i] + centres[i + 1]) / 2, centres[i] + half) : Math.min(along, centres[i] + half);
    const at = (d: number, e: number): Point => {
      const ua = d / (along || 1);
      const ue = e / (thickness || 1);
      return [p0[0] + ua * (alongEnd[0] - p0[0]) + ue * (acrossEnd[0] - p0[0]), p0[1] + ua * (alongEnd[1] - p0[1]) + ue * (acrossEnd[1] - p0[1])];
    };
    const corners = [at(lo, 0), at(hi, 0), at(hi, thickness), at(lo, thickness)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
  });
}
