/**
 * One OCR line split into labels and the values that follow them. Each
 * reading of the line (tesseract's words, the other engine's text) is
 * searched for labels; the reading that finds the most gives the structure,
 * and every value it finds gets a candidate from each reading: the value
 * after the same label there, or else the same stretch of text located by
 * aligning the two readings.
 */
import type { OcrBox } from "~/core/ocr/types";
import { intervalIoU } from "~/core/ocr/combine";
import type { Candidate, Piece } from "./choose";
import { findLabels, LABEL_FORMS, sameish, type LabelForm, type LabelKey, type LabelMatch } from "./labels";
import { alignBoundaries, alignChars, glyphConfidence, glyphsBox, glyphText, readingsOf, type Glyph, type Reading } from "./readings";
import type { ExtractLine } from "./types";

export type LabelSpot = {
  key: LabelKey;
  match: LabelMatch;
  box: OcrBox | null;
  /** The box comes from tesseract's glyph boxes, not from an estimate. */
  exact: boolean;
  lineIndex: number;
};

export type ValueSpot = {
  /** The label this value follows on the line, or null for text before any label. */
  label: LabelSpot | null;
  piece: Piece;
  box: OcrBox | null;
  lineIndex: number;
  /** Offsets in the structure reading's glyphs. */
  start: number;
  end: number;
};

export type LineLayout = {
  lineIndex: number;
  line: ExtractLine;
  readings: Reading[];
  structure: Reading;
  labels: LabelSpot[];
  /**
   * Labels read exactly by a located text (PP-OCR's, real boxes) that the
   * structure reading lacks: a header cell tesseract misread (姓名 as 区)
   * still makes its column. Their offsets are in that reading's glyphs.
   */
  locatedLabels: LabelSpot[];
  values: ValueSpot[];
  /** Candidates (one per reading) and box for glyphs [start, end) of the structure reading. */
  piece(start: number, end: number): Piece;
};

type Segmented = { reading: Reading; labels: LabelMatch[] };

function canons(r: Reading): string[] {
  return r.glyphs.map((g) => g.canon);
}

/**
 * Value runs: the glyphs between one label and the next (or the line's
 * ends). A label found partway into a segment the engine separated (奥户主係
 * for 與户主關係) owns the stray characters before it: the value ends at the
 * segment's gap.
 */
function runs(glyphs: readonly Glyph[], labels: LabelMatch[]): { label: LabelMatch | null; start: number; end: number }[] {
  const out: { label: LabelMatch | null; start: number; end: number }[] = [];
  let cursor = 0;
  let previous: LabelMatch | null = null;
  for (const label of labels) {
    let end = label.start;
    if (end > cursor && !glyphs[end]?.gapBefore) {
      let gap = end - 1;
      while (gap > cursor && !glyphs[gap].gapBefore) gap--;
      if (gap > cursor && end - gap <= 2) end = gap;
    }
    if (end > cursor) out.push({ label: previous, start: cursor, end });
    cursor = label.end;
    previous = label;
  }
  if (glyphs.length > cursor) out.push({ label: previous, start: cursor, end: glyphs.length });
  return out;
}

function candidateOf(reading: Reading, glyphs: Glyph[]): Candidate {
  if (reading.source === "words") return { text: glyphText(glyphs), confidence: glyphConfidence(glyphs), engine: reading.engine, glyphs };
  return { text: glyphText(glyphs), confidence: reading.confidence, engine: reading.engine, ...(reading.located ? { located: glyphs } : {}) };
}

/** Which occurrence of its key a label is, counting from the left. */
function occurrence(labels: LabelMatch[], label: LabelMatch): number {
  return labels.filter((l) => l.key === label.key && l.start < label.start).length;
}

/**
 * A label with its first or last character lost (籍 for 籍贯, 文化程 for
 * 文化程度), accepted only as a whole segment of its own between gaps:
 * inside running text one missing character would match too much.
 */
export function withTruncatedLabels(reading: Reading, labels: LabelMatch[]): LabelMatch[] {
  const whole = (f: LabelForm) => f.chars.join("");
  const glyphs = reading.glyphs;
  const out = [...labels];
  const tokens: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= glyphs.length; i++) {
    if (i < glyphs.length && !glyphs[i].gapBefore) continue;
    tokens.push([start, i]);
    start = i;
  }
  const isLabel = (t: [number, number] | undefined) => t === undefined || out.some((l) => l.start <= t[0] && l.end >= t[1]);
  tokens.forEach(([start, end], k) => {
    const token = glyphs.slice(start, end).map((g) => g.canon);
    if (token.length === 0 || out.some((l) => l.start < end && l.end > start)) return;
    const text = token.join("");
    let form = LABEL_FORMS.find((f) => {
      if (f.part || f.chars.length < 2 || token.length !== f.chars.length - 1) return false;
      // 出生 is 出生地 without 地, and also a value: only one-character stumps of two-character labels and stumps of three or more.
      if (token.length === 2) return false;
      return whole(f).startsWith(text) || whole(f).endsWith(text);
    });
    // In a row of column headers, a segment between two labels that is one character off a label
    // (籍員 for 籍贯) is that label; elsewhere 汉族 is a value, not 民族 misread.
    if (!form && labels.length >= 4 && isLabel(tokens[k - 1]) && isLabel(tokens[k + 1])) {
      form = LABEL_FORMS.find((f) => {
        if (f.part || f.chars.length !== token.length || f.chars.length < 2 || out.some((l) => l.key === f.key)) return false;
        return f.chars.filter((ch, i) => ch !== token[i]).length === 1;
      });
    }
    if (!form) return;
    // 籍 | 噴 | 河北省保定市: the stump of a two-character label, then one character standing
    // alone, then more text that is no label: the lone character is the label's second, misread
    // (籍貫). Followed by a label or nothing, it is the value (性 | 男 | 民族).
    const next = tokens[k + 1];
    const after = tokens[k + 2];
    const swallow = token.length === 1 && form.chars.length === 2 && whole(form).startsWith(text) && next !== undefined && next[1] - next[0] === 1 && after !== undefined && !isLabel(after) && !out.some((l) => l.start < next[1] && l.end > next[0]);
    out.push({ key: form.key, form, start, end: swallow ? next[1] : end, cost: 1 });
  });
  return out.sort((a, b) => a.start - b.start);
}

/** Another reading lends a value the structure lacks only when read with at least this confidence. */
const MIN_BORROWED_CONFIDENCE = 0.7;

export function layoutLine(line: ExtractLine, lineIndex: number): LineLayout | null {
  const readings = readingsOf(line);
  if (readings.length === 0) return null;
  const segmented: Segmented[] = readings.map((reading) => ({ reading, labels: withTruncatedLabels(reading, findLabels(canons(reading))) }));
  // Most labels wins; on a tie the words reading (real boxes) comes first.
  let structure = segmented[0];
  for (const s of segmented) if (s.labels.length > structure.labels.length) structure = s;
  const words = segmented.find((s) => s.reading.source === "words");
  const matched = words && words !== structure ? alignChars(canons(structure.reading), canons(words.reading), sameish) : null;
  const toWords = words && words !== structure ? alignBoundaries(canons(structure.reading), canons(words.reading), sameish) : null;

  /**
   * Where the structure's own characters are located (PP-OCR's), a box from the words reading replaces
   * theirs only where it is mostly the same stretch (horizontal IoU at least 0.3), or a tighter box
   * inside it covering a quarter of it or more (民 of 民族 alone). On a heavy page tesseract reads
   * stains: words aligned to a header's 文化程度 by chance spread from 籍貫 to 職業 (that column would
   * take the ID numbers), or a stray C and A inside it make a box a fifth of its width.
   */
  const nearOwn = (box: OcrBox | null, start: number, end: number): boolean => {
    const own = structure.reading.located ? glyphsBox(structure.reading.glyphs.slice(start, end)) : null;
    if (!box || !own) return true;
    if (intervalIoU(box.x, box.x + box.w, own.x, own.x + own.w) >= 0.3) return true;
    const slack = 0.1 * own.w;
    return box.x >= own.x - slack && box.x + box.w <= own.x + own.w + slack && box.w >= 0.25 * own.w;
  };
  /** A span's box: real glyph boxes where the words reading has them, an estimate otherwise. */
  const spanBox = (start: number, end: number): OcrBox | null => {
    if (structure.reading.source === "words") return glyphsBox(structure.reading.glyphs.slice(start, end));
    const own = glyphsBox(structure.reading.glyphs.slice(start, end));
    if (words && matched && toWords) {
      const hits: Glyph[] = [];
      for (let i = start; i < end; i++) if (matched[i] >= 0) hits.push(words.reading.glyphs[matched[i]]);
      const hitBox = hits.length > 0 && hits.length >= 0.5 * (end - start) ? glyphsBox(hits) : null;
      if (hitBox && nearOwn(hitBox, start, end)) return hitBox;
      // The stretch the alignment projects, unless it lies nowhere near the span's own estimate:
      // text the words reading never saw (a header label merged into a member row's line) has no glyphs there.
      const projected = glyphsBox(words.reading.glyphs.slice(toWords[start], toWords[end]));
      if (projected && (!own || (projected.x < own.x + own.w && own.x < projected.x + projected.w)) && nearOwn(projected, start, end)) return projected;
      return own;
    }
    return own;
  };
  /** A label's box: the same label found in the words reading, else its span's box. */
  const labelBox = (match: LabelMatch): { box: OcrBox | null; exact: boolean } => {
    if (structure.reading.source === "words") return { box: glyphsBox(structure.reading.glyphs.slice(match.start, match.end)), exact: true };
    if (words) {
      const n = occurrence(structure.labels, match);
      const same = words.labels.filter((l) => l.key === match.key)[n];
      const sameBox = same ? glyphsBox(words.reading.glyphs.slice(same.start, same.end)) : null;
      if (same && nearOwn(sameBox, match.start, match.end)) return { box: sameBox, exact: true };
      if (matched) {
        let hits = 0;
        for (let i = match.start; i < match.end; i++) if (matched[i] >= 0) hits++;
        if (hits >= 0.5 * (match.end - match.start)) return { box: spanBox(match.start, match.end), exact: true };
      }
    }
    return { box: spanBox(match.start, match.end), exact: false };
  };

  const labels: LabelSpot[] = structure.labels.map((match) => ({ key: match.key, match, ...labelBox(match), lineIndex }));
  const keys = new Set(labels.map((l) => l.key));
  const locatedLabels: LabelSpot[] = segmented
    .filter((s) => s !== structure && s.reading.located)
    .flatMap((s) =>
      s.labels
        .filter((m) => m.cost === 0 && !m.form.part && !keys.has(m.key))
        .map((match) => ({ key: match.key, match, box: glyphsBox(s.reading.glyphs.slice(match.start, match.end)), exact: true, lineIndex })),
    );
  const alignments = new Map<Segmented, number[]>();
  const projected = (other: Segmented, start: number, end: number): Glyph[] => {
    let map = alignments.get(other);
    if (!map) {
      map = alignBoundaries(canons(structure.reading), canons(other.reading), sameish);
      alignments.set(other, map);
    }
    return other.reading.glyphs.slice(map[start], map[end]);
  };
  const otherRuns = new Map<Segmented, ReturnType<typeof runs>>();
  const runsOf = (other: Segmented) => {
    let list = otherRuns.get(other);
    if (!list) {
      list = runs(other.reading.glyphs, other.labels);
      otherRuns.set(other, list);
    }
    return list;
  };
  const piece = (start: number, end: number, label: LabelMatch | null = null): Piece => {
    const candidates: Candidate[] = [candidateOf(structure.reading, structure.reading.glyphs.slice(start, end))];
    for (const other of segmented) {
      if (other === structure) continue;
      let glyphs: Glyph[] | null = null;
      if (label) {
        // The same label in the other reading: take what follows it there. Not when the other
        // reading has only a stump of it (籍 of 籍貫, its second character misread as 買 and kept
        // apart): the misread character would start the value; the alignment places it.
        const n = occurrence(structure.labels, label);
        const same = other.labels.filter((l) => l.key === label.key)[n];
        if (same && same.end - same.start >= label.end - label.start) {
          // Its run there ends as the structure's runs end: before a stray character the next label owns (劉秀 | 奧戶主關係).
          const run = runsOf(other).find((r) => r.label === same);
          if (run && run.end > run.start) glyphs = other.reading.glyphs.slice(run.start, run.end);
        }
      }
      glyphs ??= projected(other, start, end);
      if (glyphs.length > 0) candidates.push(candidateOf(other.reading, glyphs));
    }
    return { box: spanBox(start, end), candidates };
  };
  const values: ValueSpot[] = [];
  for (const run of runs(structure.reading.glyphs, structure.labels)) {
    const p = piece(run.start, run.end, run.label);
    const label = run.label ? (labels.find((l) => l.match === run.label) ?? null) : null;
    values.push({ label, piece: p, box: p.box, lineIndex, start: run.start, end: run.end });
  }
  // A label the structure reads with nothing after it, where another reading has a value after the
  // same label: that reading's value. Tesseract lost 马萍瑞 of 姓名　马萍瑞　与户主关系　儿媳, and with as
  // many labels read its words led; PP-OCR had read the name. A lone character there is taken for a
  // speck (a header row's labels stand side by side).
  for (const label of labels) {
    if (values.some((v) => v.label === label)) continue;
    const n = occurrence(structure.labels, label.match);
    for (const other of segmented) {
      if (other === structure || other.reading.confidence < MIN_BORROWED_CONFIDENCE) continue;
      const same = other.labels.filter((l) => l.key === label.key)[n];
      const run = same ? runsOf(other).find((r) => r.label === same) : undefined;
      if (!run || run.end - run.start < 2) continue;
      const glyphs = other.reading.glyphs.slice(run.start, run.end);
      const box = glyphsBox(glyphs);
      values.push({ label, piece: { box, candidates: [candidateOf(other.reading, glyphs)] }, box, lineIndex, start: label.match.end, end: label.match.end });
      break;
    }
  }
  return { lineIndex, line, readings, structure: structure.reading, labels, locatedLabels, values, piece: (start, end) => piece(start, end) };
}

export function centerY(box: OcrBox): number {
  return box.y + box.h / 2;
}
