import { toTraditional } from "~/core/normalize/text";
import { normalizeOcrLine } from "./cjk";
import { charactersToText, fuseCharacters, lineCharacters, type FusionChar, type Script } from "./fuse";
import { ppocrHan } from "./ppocr-charset";
import type { CombinedLine, OcrBox, OcrEngine, OcrLine, OcrReading } from "./types";

/**
 * Combine readings of one page by several engines, line by line.
 *
 * Lines of different engines that share a row (vertical-extent IoU at least
 * `minOverlap`, default 0.3, and overlapping horizontally; for vertical
 * writing the axes swap) are grouped, transitively, so one engine's whole-row line can stand
 * against another engine's per-cell lines; never two lines one engine read
 * in different rows (see `groupRows`). Where PP-OCR and tesseract both
 * read a group, their characters are fused (see `fuseCharacters`): PP-OCR's
 * text is the backbone and tesseract corrects single characters where its
 * per-character evidence is strong; the line's `engine` is PP-OCR and
 * tesseract's text is its alternative. With `prefer` set to an engine, that
 * engine's text is taken as it is wherever it read the group. Lines only one
 * engine found are kept as they are, unless `minSoloConfidence` is set
 * (measured on the fixtures, 0.5 removes mostly noise: see
 * tests/fixtures/ocr/README.md), and except, without a preferred engine,
 * what only tesseract saw on a page PP-OCR read that looks like noise (see
 * `isTesseractNoise`).
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
  /**
   * The tesseract language codes the page was read with (`chi_tra`, `chi_sim`),
   * which say its script; by default those of the tesseract reading.
   */
  languages?: readonly string[];
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
  const script = scriptOf(options.languages ?? readings.find((r) => r.engine === "tesseract")?.language.split("+") ?? []);

  const items: Item[] = [];
  readings.forEach((reading, order) => {
    for (const line of reading.lines) {
      if (line.text.trim().length > 0) items.push({ engine: reading.engine, order, line, box: line.box });
    }
  });

  const ppocrLines = readings.filter((r) => r.engine === "ppocr").flatMap((r) => r.lines);
  const han = ppocrHan(readings.find((r) => r.engine === "ppocr")?.language);
  const combined: CombinedLine[] = [];
  for (const group of groupRows(items, minOverlap, vertical)) {
    const candidates = candidatesOf(group, vertical, factor);
    const chosen = choose(candidates, prefer);
    if (candidates.length === 1 && chosen.confidence < (options.minSoloConfidence ?? 0)) continue;
    if (prefer === "confidence" && candidates.length === 1 && chosen.engine === "tesseract" && ppocrLines.length > 0 && isTesseractNoise(chosen, ppocrLines)) continue;
    const line = prefer === "confidence" ? fused(candidates, script, factor, han) : null;
    const shown = line?.from ?? chosen;
    combined.push({
      text: line?.text ?? chosen.text,
      confidence: line?.confidence ?? chosen.confidence,
      engine: shown.engine,
      box: shown.box,
      alternatives: candidates
        .filter((c) => c !== shown)
        .map((c) => ({ engine: c.engine, text: c.text, confidence: c.confidence })),
    });
  }
  const lines = inReadingOrder(combined, vertical);
  return { lines, text: lines.map((l) => l.text).join("\n"), confidence: weightedConfidence(lines) };
}

/** `traditional` or `simplified` when the language codes name one Chinese script only. */
export function scriptOf(languages: readonly string[]): Script | null {
  const scripts = new Set(languages.flatMap((code) => (code.startsWith("chi_tra") ? ["traditional" as const] : code.startsWith("chi_sim") ? ["simplified" as const] : [])));
  return scripts.size === 1 ? [...scripts][0] : null;
}

type Item = { engine: OcrEngine; order: number; line: OcrLine; box: OcrBox };
type Candidate = { engine: OcrEngine; order: number; text: string; confidence: number; box: OcrBox; lines: OcrLine[] };

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
      lines: lines.map((l) => l.line),
    });
  }
  return candidates;
}

/**
 * PP-OCR's text corrected by tesseract's characters (see `fuseCharacters`),
 * or null when PP-OCR did not read the group (or more than one reading of
 * an engine did). On a traditional page PP-OCR's text is converted to
 * traditional characters first: its model reads both scripts and often
 * answers in simplified forms.
 */
function fused(
  candidates: Candidate[],
  script: Script | null,
  factor: (engine: OcrEngine) => number,
  han: ReadonlySet<string>,
): { text: string; confidence: number; from: Candidate } | null {
  const ppocr = candidates.filter((c) => c.engine === "ppocr");
  const tesseract = candidates.filter((c) => c.engine === "tesseract");
  if (ppocr.length !== 1 || tesseract.length > 1) return null;
  const backbone = charactersOf(ppocr[0], factor, script);
  const chars = tesseract.length === 1 ? fuseCharacters(backbone, charactersOf(tesseract[0], factor, null), script, han) : backbone;
  const confidence = chars.length > 0 ? chars.reduce((sum, c) => sum + Math.min(1, c.confidence), 0) / chars.length : 0;
  return { text: charactersToText(chars), confidence, from: ppocr[0] };
}

function charactersOf(candidate: Candidate, factor: (engine: OcrEngine) => number, script: Script | null): FusionChar[] {
  return candidate.lines.flatMap((line, index) => {
    const shown = script === "traditional" ? { ...line, text: toTraditional(line.text) } : line;
    let chars = lineCharacters(shown, factor(candidate.engine), index);
    // PP-OCR's characters vote with its line's confidence: tesseract's overrule was tuned against it, and
    // a per-character probability let tesseract's sure misreadings (候 for 侯) replace PP-OCR's right ones.
    // Its own probability of each character stays beside (`own`), only to veto overruling one it was sure of.
    if (candidate.engine === "ppocr") chars = chars.map(({ box: _box, ...c }) => ({ ...c, confidence: c.lineConfidence, choices: [], word: -1 }));
    if (index > 0 && chars.length > 0) chars[0] = { ...chars[0], gapBefore: "  " };
    return chars;
  });
}

const STROKES = /[一丨|｜\-－_＿—–~～=＝.·・。,，、'"“”‘’:：;；!！()（）\[\]［］「」]/u;

/**
 * On a page PP-OCR read, a line only tesseract found is nearly always a
 * frame, rule, stain or stamp read as text: PP-OCR's detector finds text
 * better than tesseract's sparse-text segmentation. It is dropped when it is
 * unsure (calibrated confidence below 0.5), when at least half of it is
 * strokes and punctuation (一, -, |), or when it lies inside a line PP-OCR
 * read (a fragment of that line, segmented again).
 */
function isTesseractNoise(line: Candidate, ppocrLines: readonly OcrLine[]): boolean {
  if (line.confidence < 0.5) return true;
  const chars = Array.from(line.text.replace(/[\s\u3000]/gu, ""));
  if (chars.filter((c) => STROKES.test(c)).length * 2 >= chars.length) return true;
  const area = Math.max(1, line.box.w * line.box.h);
  return ppocrLines.some((p) => overlapArea(line.box, p.box) >= 0.8 * area);
}

function overlapArea(a: OcrBox, b: OcrBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
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

/**
 * Lines of different engines that share a row, grouped transitively, best
 * overlaps first. A link that would put two lines of one engine that share
 * no row into one group is refused: a tall stain tesseract read as one
 * glyph across two ledger rows must not fuse PP-OCR's two rows into one
 * line (and one person's cells into another's).
 */
function groupRows(items: readonly Item[], minOverlap: number, vertical: boolean): Item[][] {
  const links: { i: number; j: number; iou: number }[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].order === items[j].order || !sameLine(items[i].box, items[j].box, minOverlap, vertical)) continue;
      links.push({ i, j, iou: acrossIoU(items[i].box, items[j].box, vertical) });
    }
  }
  links.sort((a, b) => b.iou - a.iou || a.i - b.i || a.j - b.j);
  const parent = items.map((_, i) => i);
  const members = items.map((_, i) => [i]);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const rowApart = (a: Item, b: Item) => a.order === b.order && acrossIoU(a.box, b.box, vertical) === 0;
  for (const { i, j } of links) {
    const [ri, rj] = [find(i), find(j)];
    if (ri === rj) continue;
    if (members[ri].some((x) => members[rj].some((y) => rowApart(items[x], items[y])))) continue;
    parent[ri] = rj;
    members[rj] = [...members[rj], ...members[ri]];
  }
  // Each group in the order its lines were read, groups by their first line.
  return items.flatMap((_, i) => (find(i) === i ? [members[i].sort((a, b) => a - b)] : [])).sort((a, b) => a[0] - b[0]).map((g) => g.map((i) => items[i]));
}

function acrossIoU(a: OcrBox, b: OcrBox, vertical: boolean): number {
  return vertical ? intervalIoU(a.x, a.x + a.w, b.x, b.x + b.w) : intervalIoU(a.y, a.y + a.h, b.y, b.y + b.h);
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
