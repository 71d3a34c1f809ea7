/**
 * The readings of one OCR line as sequences of glyphs with boxes. A line read
 * by tesseract carries its words, so its glyphs have real boxes, confidences
 * and alternative characters; the other engine's text (and any line without
 * words) gets boxes spread evenly over the line box, flagged as estimates.
 * Stray punctuation that OCR reads from table rules and cell edges (“ ” 。)
 * is dropped here so that labels and values are searched in clean text.
 */
import type { OcrBox, OcrChoice, OcrEngine, OcrSymbol, OcrWord } from "~/core/ocr/types";
import { canonicalCharCached } from "./labels";
import type { ExtractLine } from "./types";

export type Span = { x0: number; x1: number };

export type Glyph = {
  ch: string;
  canon: string;
  box: OcrBox;
  confidence: number;
  choices?: OcrChoice[];
  /** A wide gap (another cell) or a line break precedes this glyph. */
  gapBefore: boolean;
};

export type Reading = {
  /** 'words': tesseract's words with real boxes; 'text': an engine's text (the line's or an alternative). */
  source: "words" | "text";
  /**
   * A text whose characters were placed by the engine's own symbols (PP-OCR's
   * `ppocrWords`): real boxes, its probabilities and runners-up. Otherwise a
   * text's boxes are spread by share of the line.
   */
  located?: true;
  /** The engine, when known; 'primary'/'alternative' otherwise. */
  engine: OcrEngine | "primary" | "alternative";
  confidence: number;
  glyphs: Glyph[];
};

/** Characters OCR reads from rules, cell edges and specks; never part of a register value. */
const JUNK = /^[\s“”"'‘’`。，,、：:；;|｜!！_~…¦丨]$/u;

export function isJunk(ch: string): boolean {
  return JUNK.test(ch);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function wordsReading(line: ExtractLine): Reading | null {
  const words = line.words ?? [];
  if (words.length === 0) return null;
  const height = median(words.map((w) => w.box.h)) || line.box.h;
  const glyphs: Glyph[] = [];
  let prev: OcrBox | null = null;
  for (const word of words) {
    const gap = prev !== null && (word.box.x - (prev.x + prev.w) > 0.9 * height || word.box.x < prev.x || word.box.y > prev.y + prev.h * 0.8);
    let first = true;
    const symbols = word.symbols && word.symbols.length > 0
      ? word.symbols
      : spread(word.text, word.box).map((s) => ({ ...s, confidence: word.confidence, choices: undefined }));
    for (const symbol of symbols) {
      for (const ch of Array.from(symbol.text)) {
        if (isJunk(ch)) {
          first = false;
          continue;
        }
        glyphs.push({
          ch,
          canon: canonicalCharCached(ch),
          box: symbol.box ?? word.box,
          // Tesseract rates each symbol of a stain's scribble highly but the word poorly: use both.
          confidence: Math.max(0, symbol.confidence) * (0.5 + 0.5 * Math.max(0, word.confidence)),
          ...(symbol.choices && symbol.choices.length > 0 ? { choices: symbol.choices } : {}),
          gapBefore: first && gap,
        });
        first = false;
      }
    }
    prev = word.box;
  }
  if (glyphs.length === 0) return null;
  repairGlyphBoxes(glyphs);
  return { source: "words", engine: "tesseract", confidence: line.confidence, glyphs };
}

/**
 * Tesseract sometimes gives a character a box reaching over its neighbours
 * (主 of 户主 stretched across 男 and 汉). A box much wider than the line's
 * characters are high is replaced by one of ordinary width just after the
 * character before it.
 */
function repairGlyphBoxes(glyphs: Glyph[]) {
  const h = median(glyphs.map((g) => g.box.h));
  if (!(h > 0)) return;
  glyphs.forEach((g, i) => {
    const width = advance(g.ch) * h;
    if (g.box.w <= 1.6 * width) return;
    const prev = glyphs[i - 1];
    const x = prev && !g.gapBefore && prev.box.x + prev.box.w <= g.box.x + g.box.w ? Math.max(g.box.x, prev.box.x + prev.box.w) : g.box.x;
    g.box = { x, y: g.box.y, w: width, h: g.box.h };
  });
}

/** Boxes spread evenly over `box`, one per character (spaces take a slot but get no box). */
function spread(text: string, box: OcrBox): { text: string; box: OcrBox }[] {
  const chars = Array.from(text);
  const step = box.w / Math.max(1, chars.length);
  return chars.map((ch, i) => ({ text: ch, box: { x: box.x + i * step, y: box.y, w: step, h: box.h } }));
}

/** Relative advance of a character: ideographs are square, Latin letters and digits about half as wide. */
function advance(ch: string): number {
  return /[\u0000-\u02ff]/u.test(ch) ? 0.55 : 1;
}

/**
 * A text without positions: characters get estimated boxes. The segments an
 * engine separated (cells) start at the line's left edge and end at its
 * right edge with equal gaps between them; characters are about as wide as
 * the line is high, squeezed when that does not fit.
 */
function textReading(text: string, confidence: number, box: OcrBox, engine: Reading["engine"]): Reading | null {
  const tokens = text.split(/\s+/u).map((t) => Array.from(t).filter((ch) => !isJunk(ch))).filter((t) => t.length > 0);
  if (tokens.length === 0) return null;
  const size = Math.min(box.h, box.w);
  const natural = tokens.reduce((sum, t) => sum + t.reduce((s, ch) => s + advance(ch), 0), 0) * size;
  // Squeezed to fit; a single segment is stretched over the whole box (the box is where its ink is).
  const scale = natural > box.w || tokens.length === 1 ? box.w / natural : 1;
  const gap = tokens.length > 1 ? Math.max(0, box.w - natural * scale) / (tokens.length - 1) : 0;
  const glyphs: Glyph[] = [];
  let x = box.x;
  tokens.forEach((token, k) => {
    token.forEach((ch, i) => {
      const w = advance(ch) * size * scale;
      glyphs.push({ ch, canon: canonicalCharCached(ch), box: { x, y: box.y, w, h: box.h }, confidence, gapBefore: k > 0 && i === 0 });
      x += w;
    });
    x += gap;
  });
  return { source: "text", engine, confidence, glyphs };
}

/** A segment of the text is placed by an engine word when at least this share of its characters are the word's. */
const MIN_LOCATED_SHARE = 0.5;

type Located = { ch: string; canon: string; sym: OcrSymbol };

/**
 * A text placed by the engine's symbols (`words`: PP-OCR's, with a box,
 * probability and choices per character). Each segment of the text (between
 * wide gaps) is matched with the engine word that shares most of its
 * characters (a segment is usually one detected cell, but a row's cells
 * may come in another order than the text's), and its characters with that
 * word's (a character the combination changed stays opposite the one it
 * replaced): each takes its symbol's box; one the engine read itself takes
 * its probability and choices, one that replaced the engine's has the
 * engine's character as its first choice. Characters with no symbol go
 * between their neighbours. Null when a segment matches no word: then the
 * text is spread by share of the line, as any text is.
 */
function locatedReading(text: string, confidence: number, words: readonly OcrWord[], engine: Reading["engine"]): Reading | null {
  const base = textReading(text, confidence, unionBox(words.map((w) => w.box)) ?? words[0].box, engine);
  if (!base) return null;
  const pool: Located[][] = words
    .map((w) => (w.symbols ?? []).flatMap((sym) => Array.from(sym.text.replace(/[\s\u3000]/gu, "")).filter((ch) => !isJunk(ch)).map((ch) => ({ ch, canon: canonicalCharCached(ch), sym }))))
    .filter((w) => w.length > 0);
  const segments: [number, number][] = [];
  base.glyphs.forEach((g, i) => {
    if (i === 0 || g.gapBefore) segments.push([i, i + 1]);
    else segments[segments.length - 1][1] = i + 1;
  });
  const claimed = new Set<number>();
  const glyphs: Glyph[] = base.glyphs.map((g) => ({ ...g }));
  const order = segments.map((_, k) => k).sort((x, y) => segments[y][1] - segments[y][0] - (segments[x][1] - segments[x][0]) || x - y);
  for (const k of order) {
    const [start, end] = segments[k];
    const canon = base.glyphs.slice(start, end).map((g) => g.canon);
    let best = -1;
    let bestShare = 0;
    pool.forEach((w, j) => {
      if (claimed.has(j)) return;
      const same = Array.from(alignChars(canon, w.map((x) => x.canon), () => false)).filter((v) => v >= 0).length;
      const share = same / Math.max(canon.length, w.length);
      if (same >= Math.max(1, MIN_LOCATED_SHARE * canon.length) && share > bestShare) {
        best = j;
        bestShare = share;
      }
    });
    if (best < 0) return null;
    claimed.add(best);
    const word = pool[best];
    // Within one cell a changed character is the one it replaced: any pair may align.
    const map = alignChars(canon, word.map((x) => x.canon), () => true);
    for (let i = start; i < end; i++) {
      const j = map[i - start];
      if (j < 0) continue;
      const { ch, canon: c, sym } = word[j];
      const box = sym.box ?? glyphs[i].box;
      if (c === glyphs[i].canon) {
        glyphs[i] = { ...glyphs[i], box, confidence: sym.confidence, ...(sym.choices && sym.choices.length > 0 ? { choices: sym.choices } : {}) };
      } else {
        const choices = [{ text: ch, confidence: sym.confidence }, ...(sym.choices ?? []).filter((x) => canonicalCharCached(x.text) !== glyphs[i].canon)];
        glyphs[i] = { ...glyphs[i], box, choices };
      }
    }
    // Characters without a symbol: between the placed characters around them in the cell.
    const placed = glyphs.slice(start, end).map((g, i) => (map[i] >= 0 ? g.box : null));
    const spans = interpolate(placed);
    const band = unionBox(placed.filter((b): b is OcrBox => b !== null));
    for (let i = start; i < end; i++) {
      if (map[i - start] >= 0 || !band) continue;
      const { x0, x1 } = spans[i - start];
      glyphs[i] = { ...glyphs[i], box: { x: x0, y: band.y, w: x1 - x0, h: band.h } };
    }
  }
  return { source: "text", located: true, engine, confidence, glyphs };
}

const compact = (glyphs: Glyph[]) => glyphs.map((g) => g.canon).join("");

/**
 * The readings of a line, the words reading (if any) first, then each
 * engine's text once (tesseract's own text is its words).
 */
export function readingsOf(line: ExtractLine): Reading[] {
  const readings: Reading[] = [];
  const words = wordsReading(line);
  if (words) readings.push(words);
  // Another engine reading the same text is kept: agreement is evidence.
  const seen = new Set<string>();
  const texts: { text: string; confidence: number; engine: Reading["engine"] }[] = [
    { text: line.text, confidence: line.confidence, engine: line.engine ?? "primary" },
    ...(line.alternatives ?? []).map((a) => ({ text: a.text, confidence: a.confidence, engine: a.engine ?? ("alternative" as const) })),
  ];
  for (const t of texts) {
    // With words present, tesseract's text is the words reading.
    if (words && t.engine === "tesseract") continue;
    const reading =
      (t.engine === "ppocr" && line.ppocrWords ? locatedReading(t.text, t.confidence, line.ppocrWords, t.engine) : null) ??
      textReading(t.text, t.confidence, line.box, t.engine);
    if (!reading) continue;
    const key = compact(reading.glyphs);
    if (seen.has(key)) continue;
    seen.add(key);
    readings.push(reading);
  }
  return readings;
}

/** Horizontal extents for characters placed through an alignment; unplaced ones share the space between their neighbours. */
export function interpolate(boxes: readonly (OcrBox | null)[]): Span[] {
  const n = boxes.length;
  const spans: (Span | null)[] = boxes.map((b) => (b ? { x0: b.x, x1: b.x + b.w } : null));
  const known = spans.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
  if (known.length === 0) return [];
  const width = known.reduce((w, i) => w + (spans[i]!.x1 - spans[i]!.x0), 0) / known.length;
  for (let i = 0; i < n; i++) {
    if (spans[i]) continue;
    let prev = -1;
    for (const k of known) if (k < i) prev = k;
    const next = known.find((k) => k > i);
    if (prev >= 0 && next !== undefined) {
      const a = spans[prev]!.x1;
      const b = spans[next]!.x0;
      const step = (b - a) / (next - prev);
      spans[i] = { x0: a + step * (i - prev - 1), x1: a + step * (i - prev) };
    } else if (prev >= 0) {
      spans[i] = { x0: spans[prev]!.x1 + width * (i - prev - 1), x1: spans[prev]!.x1 + width * (i - prev) };
    } else {
      spans[i] = { x0: spans[next!]!.x0 - width * (next! - i), x1: spans[next!]!.x0 - width * (next! - i - 1) };
    }
  }
  return spans as Span[];
}

export function unionBox(boxes: readonly OcrBox[]): OcrBox | null {
  if (boxes.length === 0) return null;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: Math.round(x0), y: Math.round(y0), w: Math.round(x1 - x0), h: Math.round(y1 - y0) };
}

export function glyphsBox(glyphs: readonly Glyph[]): OcrBox | null {
  return unionBox(glyphs.map((g) => g.box));
}

/** Text of glyphs as written. */
export function glyphText(glyphs: readonly Glyph[]): string {
  return glyphs.map((g) => g.ch).join("");
}

/** Mean glyph confidence. */
export function glyphConfidence(glyphs: readonly Glyph[]): number {
  if (glyphs.length === 0) return 0;
  return glyphs.reduce((sum, g) => sum + g.confidence, 0) / glyphs.length;
}

/**
 * For each character of `from`, the character of `to` it aligns with when
 * the two are the same or look alike, else -1 (an alignment minimising edits).
 */
export function alignChars(from: readonly string[], to: readonly string[], sameish: (a: string, b: string) => boolean): Int32Array {
  const n = from.length;
  const m = to.length;
  const subCost = (i: number, j: number) => (from[i] === to[j] ? 0 : sameish(from[i], to[j]) ? 0.3 : 1);
  const cost: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 0; i <= n; i++) cost[i][0] = i;
  for (let j = 0; j <= m; j++) cost[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i][j] = Math.min(cost[i - 1][j - 1] + subCost(i - 1, j - 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1);
    }
  }
  const out = new Int32Array(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const sub = subCost(i - 1, j - 1);
    if (Math.abs(cost[i][j] - (cost[i - 1][j - 1] + sub)) < 1e-9) {
      if (sub < 1) out[i - 1] = j - 1;
      i--;
      j--;
    } else if (Math.abs(cost[i][j] - (cost[i - 1][j] + 1)) < 1e-9) {
      i--;
    } else {
      j--;
    }
  }
  return out;
}

/**
 * Where the characters of `from` fall in `to`: an alignment (look-alike
 * characters cost little) giving, for each boundary 0..from.length in
 * `from`, the matching boundary in `to`. Used to carry cell boundaries
 * found in one reading over to another reading of the same line.
 */
export function alignBoundaries(from: readonly string[], to: readonly string[], sameish: (a: string, b: string) => boolean): number[] {
  const n = from.length;
  const m = to.length;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 0; i <= n; i++) cost[i][0] = i;
  for (let j = 0; j <= m; j++) cost[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = from[i - 1] === to[j - 1] ? 0 : sameish(from[i - 1], to[j - 1]) ? 0.3 : 1;
      cost[i][j] = Math.min(cost[i - 1][j - 1] + sub, cost[i - 1][j] + 1, cost[i][j - 1] + 1);
    }
  }
  const boundary = new Array<number>(n + 1).fill(-1);
  let i = n;
  let j = m;
  boundary[n] = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0) {
      const sub = from[i - 1] === to[j - 1] ? 0 : sameish(from[i - 1], to[j - 1]) ? 0.3 : 1;
      if (Math.abs(cost[i][j] - (cost[i - 1][j - 1] + sub)) < 1e-9) {
        i--;
        j--;
        if (boundary[i] < 0) boundary[i] = j;
        continue;
      }
    }
    if (i > 0 && Math.abs(cost[i][j] - (cost[i - 1][j] + 1)) < 1e-9) {
      i--;
      if (boundary[i] < 0) boundary[i] = j;
      continue;
    }
    j--;
    // An extra character in `to` sits left of the boundary it precedes.
  }
  boundary[0] = 0;
  return boundary;
}
