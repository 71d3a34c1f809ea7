import { normalizeOcrLine } from "./cjk";
import type { CombinedLine, OcrBox, OcrEngine, OcrLine, OcrReading } from "./types";

/**
 * Combine readings of one page by several engines, line by line.
 *
 * Lines of different engines that share a row (vertical-extent IoU at least
 * `minOverlap`, default 0.3, and overlapping horizontally; for vertical
 * writing the axes swap) are grouped, transitively, so one engine's whole-row line can stand
 * against another engine's per-cell lines. In each group the engine whose
 * calibrated confidence is highest wins (or the preferred engine, when the
 * archive prefers one and that engine read the group); the others become
 * alternatives. Lines only one engine found are kept as they are, unless
 * `minSoloConfidence` is set (measured on the fixtures, 0.5 removes mostly
 * noise: see tests/fixtures/ocr/README.md).
 */
export type CombinePreference = "confidence" | OcrEngine;

export type CombineOptions = {
  prefer?: CombinePreference;
  /** Multiplies each engine's confidence so the scales compare; missing engines use DEFAULT_CALIBRATION. */
  calibration?: Partial<Record<OcrEngine, number>>;
  minOverlap?: number;
  vertical?: boolean;
  /** Drop lines only one engine found whose calibrated confidence is below this (default 0: keep all). */
  minSoloConfidence?: number;
};

export type CombinedPage = { lines: CombinedLine[]; text: string; confidence: number };

/**
 * Per-engine factors measured on the 24 synthetic register pages in
 * tests/fixtures/pages: mean page accuracy (1 - CER) divided by mean page
 * confidence (tesseract 0.803 / 0.744, PP-OCR 0.878 / 0.964). Tesseract's
 * LSTM confidences run low and PP-OCR's high; without the factors PP-OCR
 * wins nearly every line. See tests/fixtures/ocr/README.md.
 */
export const DEFAULT_CALIBRATION: Record<OcrEngine, number> = { tesseract: 1.08, ppocr: 0.91 };

export function combineReadings(readings: readonly OcrReading[], options: CombineOptions = {}): CombinedPage {
  const prefer = options.prefer ?? "confidence";
  const minOverlap = options.minOverlap ?? 0.3;
  const vertical = options.vertical ?? false;
  const factor = (engine: OcrEngine) => options.calibration?.[engine] ?? DEFAULT_CALIBRATION[engine];

  const items: Item[] = [];
  readings.forEach((reading, order) => {
    for (const line of reading.lines) {
      if (line.text.trim().length > 0) items.push({ engine: reading.engine, order, line, box: line.box });
    }
  });

  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].order === items[j].order) continue;
      if (sameLine(items[i].box, items[j].box, minOverlap, vertical)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Item[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  });

  const combined: CombinedLine[] = [];
  for (const group of groups.values()) {
    const candidates = candidatesOf(group, vertical, factor);
    const chosen = choose(candidates, prefer);
    if (candidates.length === 1 && chosen.confidence < (options.minSoloConfidence ?? 0)) continue;
    combined.push({
      text: chosen.text,
      confidence: chosen.confidence,
      engine: chosen.engine,
      box: chosen.box,
      alternatives: candidates
        .filter((c) => c !== chosen)
        .map((c) => ({ engine: c.engine, text: c.text, confidence: c.confidence })),
    });
  }
  const lines = inReadingOrder(combined, vertical);
  return { lines, text: lines.map((l) => l.text).join("\n"), confidence: weightedConfidence(lines) };
}

type Item = { engine: OcrEngine; order: number; line: OcrLine; box: OcrBox };
type Candidate = { engine: OcrEngine; order: number; text: string; confidence: number; box: OcrBox };

function candidatesOf(group: Item[], vertical: boolean, factor: (engine: OcrEngine) => number): Candidate[] {
  const byReading = new Map<number, Item[]>();
  for (const item of group) {
    const list = byReading.get(item.order);
    if (list) list.push(item);
    else byReading.set(item.order, [item]);
  }
  const candidates: Candidate[] = [];
  for (const [order, list] of [...byReading.entries()].sort((a, b) => a[0] - b[0])) {
    const lines = inReadingOrder(list.map((i) => ({ ...i, text: i.line.text, confidence: i.line.confidence })), vertical);
    const text = normalizeOcrLine(lines.map((l) => l.text).join("  "));
    const engine = list[0].engine;
    candidates.push({
      engine,
      order,
      text,
      confidence: Math.min(1, weightedConfidence(lines) * factor(engine)),
      box: unionBox(lines.map((l) => l.box)),
    });
  }
  return candidates;
}

function choose(candidates: Candidate[], prefer: CombinePreference): Candidate {
  if (prefer !== "confidence") {
    const preferred = candidates.find((c) => c.engine === prefer && c.text.length > 0);
    if (preferred) return preferred;
  }
  let best = candidates[0];
  for (const c of candidates) if (c.confidence > best.confidence) best = c;
  return best;
}

/** Overlap of two intervals divided by their union (0 when disjoint). */
export function intervalIoU(a0: number, a1: number, b0: number, b1: number): number {
  const inter = Math.min(a1, b1) - Math.max(a0, b0);
  if (inter <= 0) return 0;
  return inter / (Math.max(a1, b1) - Math.min(a0, b0));
}

function sameLine(a: OcrBox, b: OcrBox, minOverlap: number, vertical: boolean): boolean {
  const [across, along] = vertical ? (["x", "y"] as const) : (["y", "x"] as const);
  const [acrossSize, alongSize] = vertical ? (["w", "h"] as const) : (["h", "w"] as const);
  const iou = intervalIoU(a[across], a[across] + a[acrossSize], b[across], b[across] + b[acrossSize]);
  const alongOverlap = Math.min(a[along] + a[alongSize], b[along] + b[alongSize]) - Math.max(a[along], b[along]);
  return iou >= minOverlap && alongOverlap > 0;
}

export function unionBox(boxes: readonly OcrBox[]): OcrBox {
  if (boxes.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Rows top to bottom, left to right within a row (a line starts a new row
 * when its centre is below the current row). Vertical writing: columns right
 * to left, top to bottom within a column. A line far taller than the median
 * (a misread frame or stain spanning the page) counts as twice the median
 * height, so it cannot swallow every row into one.
 */
export function inReadingOrder<T extends { box: OcrBox }>(lines: readonly T[], vertical = false): T[] {
  const sizes = lines.map((l) => (vertical ? l.box.w : l.box.h)).sort((a, b) => a - b);
  const cap = 2 * (sizes[Math.floor(sizes.length / 2)] ?? 0) || Infinity;
  const across = (b: OcrBox) => (vertical ? -(b.x + Math.min(b.w, cap)) : b.y);
  const acrossSize = (b: OcrBox) => Math.min(vertical ? b.w : b.h, cap);
  const along = (b: OcrBox) => (vertical ? b.y : b.x);
  const sorted = [...lines].sort((a, b) => across(a.box) - across(b.box) || along(a.box) - along(b.box));
  const rows: T[][] = [];
  let rowEnd = -Infinity;
  for (const line of sorted) {
    const start = across(line.box);
    const centre = start + acrossSize(line.box) / 2;
    if (rows.length === 0 || centre > rowEnd) {
      rows.push([line]);
      rowEnd = start + acrossSize(line.box);
    } else {
      rows[rows.length - 1].push(line);
      rowEnd = Math.max(rowEnd, start + acrossSize(line.box));
    }
  }
  return rows.flatMap((row) => row.sort((a, b) => along(a.box) - along(b.box)));
}

function weightedConfidence(lines: readonly { text: string; confidence: number }[]): number {
  let weighted = 0;
  let length = 0;
  for (const line of lines) {
    const n = Math.max(1, Array.from(line.text.replace(/\s+/g, "")).length);
    weighted += line.confidence * n;
    length += n;
  }
  return length > 0 ? weighted / length : 0;
}
