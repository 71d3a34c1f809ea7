import { canonicalChar, toSimplified } from "~/core/normalize/text";
import { normalizeOcrLine } from "./cjk";
import { PPOCR_V5_HAN } from "./ppocr-charset";
import type { OcrBox, OcrChoice, OcrLine } from "./types";

/**
 * Character-level fusion of two readings of the same line: ROVER with two
 * voters of different kinds. PP-OCR gives one confidence per line and is
 * the more accurate reader, so its characters are the backbone; tesseract
 * gives a confidence, a word and alternatives per character, and uses them
 * to correct single characters. The two are aligned by edit distance.
 */
export type FusionChar = {
  /** One code point, as the engine's display text has it. */
  text: string;
  /** The engine's calibrated confidence in this character (may exceed 1 after calibration). */
  confidence: number;
  /** Other characters the recogniser considered here (tesseract `lstm_choices`), confidences calibrated. */
  choices: readonly OcrChoice[];
  /** The whitespace before the character in its line ("" inside a word, U+3000 between cells). */
  gapBefore: string;
  /** The engine's own confidence in this very character, uncalibrated, where it gave one per character. */
  own?: number;
  /** The calibrated confidence of the engine line the character comes from. */
  lineConfidence: number;
  /** Which line of its candidate and which word of that line the character is in; -1 when unknown. */
  line: number;
  word: number;
  /** Tesseract's box for the symbol, where it gave one. */
  box?: OcrBox;
};

/** One column of an alignment: a character of each reading, or null where one reading has none. */
export type AlignedPair = { a: FusionChar | null; b: FusionChar | null; agree: boolean };

export type Script = "traditional" | "simplified";

/** A tesseract line below this calibrated confidence is garbage: it may agree, never overrule. */
export const MIN_OVERRULING_LINE_CONFIDENCE = 0.3;
/**
 * PP-OCR's own probability of a character (its CTC decoder's, uncalibrated)
 * at or above which tesseract never overrules it. Tesseract's confidence is
 * calibrated against PP-OCR's line confidence, which is lower than its
 * probability of a character it was sure of: PP-OCR read 吴霞 with 霞 at
 * 1.000, tesseract 吴起 with 起 at 0.93, and 起 won. Over the 1,910 people
 * of twenty bench:match seeds (19,552 fields), extraction gets 17 more
 * fields right with this at 0.99, 20 at 0.95, 22 at 0.9, 24 at 0.8 (25
 * fixed, one lost: a 孙女 read 女) and 23 at 0.5, where tesseract's right
 * 淅 also lost to PP-OCR's 浙.
 */
export const CERTAIN = 0.8;
/** Tesseract was torn between characters when an alternative is at least this confident. */
export const RIVAL_CONFIDENCE = 0.5;

/** Two characters are the same when their canonical forms are (width, script and variant folded). */
export function sameCharacter(x: string, y: string): boolean {
  return x === y || canonicalChar(x) === canonicalChar(y);
}

/** The two read the same character, or one of them considered the other's among its alternatives. */
export function agrees(a: FusionChar, b: FusionChar): boolean {
  return sameCharacter(a.text, b.text) || b.choices.some((c) => sameCharacter(c.text, a.text)) || a.choices.some((c) => sameCharacter(c.text, b.text));
}


/**
 * Levenshtein alignment of two character sequences. The same character
 * costs nothing and agreement through an alternative (see `agrees`) half a
 * substitution, so an exact match is preferred; substitutions, insertions
 * and deletions cost one. Between alignments of equal cost the one with
 * more agreeing columns wins: PP-OCR's 沈紅男 against tesseract's 沈繼紅
 * costs two either way, but only 沈 | 繼 | 紅 keeps 紅 opposite 紅 (the
 * other pairs 紅 with 繼 and 男 with 紅). Remaining ties prefer a
 * substitution, so a misread character stays opposite its reading in the
 * other sequence.
 */
export function alignCharacters(a: readonly FusionChar[], b: readonly FusionChar[]): AlignedPair[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  // Costs are doubled to stay integers: same 0, alternative 1, substitution and gap 2.
  const cost = new Int32Array((n + 1) * width);
  const agreeing = new Int32Array((n + 1) * width);
  const pairCosts = new Uint8Array((n + 1) * width);
  // How each cell was reached: 0 diagonal (a pair), 1 from above (a's character alone), 2 from the left (b's alone).
  const move = new Uint8Array((n + 1) * width);
  for (let i = 1; i <= n; i++) {
    cost[i * width] = 2 * i;
    move[i * width] = 1;
  }
  for (let j = 1; j <= m; j++) {
    cost[j] = 2 * j;
    move[j] = 2;
  }
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const here = i * width + j;
      const pairCost = sameCharacter(a[i - 1].text, b[j - 1].text) ? 0 : agrees(a[i - 1], b[j - 1]) ? 1 : 2;
      pairCosts[here] = pairCost;
      const diag = here - width - 1;
      let bestCost = cost[diag] + pairCost;
      let bestAgree = agreeing[diag] + (pairCost < 2 ? 1 : 0);
      let bestMove = 0;
      for (const [from, step] of [[here - width, 1], [here - 1, 2]] as const) {
        const c = cost[from] + 2;
        if (c < bestCost || (c === bestCost && agreeing[from] > bestAgree)) {
          bestCost = c;
          bestAgree = agreeing[from];
          bestMove = step;
        }
      }
      cost[here] = bestCost;
      agreeing[here] = bestAgree;
      move[here] = bestMove;
    }
  }
  const pairs: AlignedPair[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const step = move[i * width + j];
    if (step === 0) {
      pairs.push({ a: a[i - 1], b: b[j - 1], agree: pairCosts[i * width + j] < 2 });
      i--;
      j--;
    } else if (step === 1) {
      pairs.push({ a: a[i - 1], b: null, agree: false });
      i--;
    } else {
      pairs.push({ a: null, b: b[j - 1], agree: false });
      j--;
    }
  }
  return pairs.reverse();
}

/**
 * The characters of one engine line with their confidences. Tesseract's
 * display text is matched back to its symbols (spacing and width aside they
 * are the same characters); when that fails, or for engines without
 * symbols, each character takes the line's confidence.
 */
export function lineCharacters(line: OcrLine, factor: number, lineIndex = -1): FusionChar[] {
  const lineConfidence = line.confidence * factor;
  const chars: FusionChar[] = [];
  let gap = "";
  for (const ch of line.text) {
    if (/[\s\u3000]/u.test(ch)) gap += ch;
    else {
      chars.push({ text: ch, confidence: lineConfidence, choices: [], gapBefore: gap, lineConfidence, line: lineIndex, word: -1 });
      gap = "";
    }
  }
  const symbols = line.words.flatMap((word, index) =>
    (word.symbols ?? []).flatMap((symbol) => {
      const points = Array.from(normalizeOcrLine(symbol.text).replace(/[\s\u3000]/gu, ""));
      const choices = points.length === 1 ? (symbol.choices ?? []).filter((c) => c.text !== symbol.text).map((c) => ({ text: c.text, confidence: c.confidence * factor })) : [];
      return points.map((text) => ({ text, confidence: symbol.confidence * factor, own: symbol.confidence, choices, word: index, ...(symbol.box ? { box: symbol.box } : {}) }));
    }),
  );
  if (symbols.length === chars.length && symbols.every((s, k) => sameCharacter(s.text, chars[k].text))) {
    chars.forEach((ch, k) => Object.assign(ch, { confidence: symbols[k].confidence, own: symbols[k].own, choices: symbols[k].choices, word: symbols[k].word, ...(symbols[k].box ? { box: symbols[k].box } : {}) }));
  }
  return chars;
}

/** Characters back to display text. */
export function charactersToText(chars: readonly FusionChar[]): string {
  return normalizeOcrLine(chars.map((c) => c.gapBefore + c.text).join(""));
}

/**
 * Fuse PP-OCR's characters (`backbone`) with tesseract's (`detail`), column
 * by column of their alignment:
 *
 * - Both read the character (or tesseract considered PP-OCR's among its
 *   alternatives): it is kept, in the page's script when the forms differ
 *   only in script or variant (see `agreedForm`).
 * - They disagree: PP-OCR's character stays unless tesseract's overrules it
 *   (see `overrules`).
 * - Only PP-OCR read a character: it is kept.
 * - Only tesseract read one: it is inserted when it is a Chinese character
 *   between two agreed characters, more confident than PP-OCR's line (PP-OCR
 *   drops characters its dictionary lacks, such as 遷 or 關; tesseract's
 *   stray marks at cell edges stay out), and, if PP-OCR could have read it,
 *   its box does not run into a neighbour's (see `crowds`).
 *
 * Characters of a tesseract line below MIN_OVERRULING_LINE_CONFIDENCE never
 * overrule or insert: a garbage line can only agree. `ppocrHan` is what the
 * PP-OCR model that read the backbone can output (`ppocrHan(reading.language)`
 * of ppocr-charset.ts).
 */
export function fuseCharacters(
  backbone: readonly FusionChar[],
  detail: readonly FusionChar[],
  script: Script | null,
  ppocrHan: ReadonlySet<string> = PPOCR_V5_HAN,
): FusionChar[] {
  const pairs = alignCharacters(backbone, detail);
  const out: FusionChar[] = [];
  let droppedGap = "";
  const emit = (c: FusionChar, gapBefore: string) => {
    out.push({ ...c, gapBefore: wider(droppedGap, gapBefore) });
    droppedGap = "";
  };
  pairs.forEach(({ a, b, agree }, k) => {
    if (a && b && agree) emit({ ...a, text: agreedForm(a, b, script), confidence: Math.max(a.confidence, b.confidence) }, a.gapBefore);
    else if (a && b) emit(overrules(b, a, pairs) ? b : a, a.gapBefore);
    else if (a) emit(a, a.gapBefore);
    else if (b && fillsGap(b, pairs[k - 1], pairs[k + 1], ppocrHan)) emit(b, b.gapBefore);
    else if (b) droppedGap = wider(droppedGap, b.gapBefore);
  });
  return out;
}

/**
 * Tesseract's character replaces PP-OCR's when both are Chinese characters
 * and tesseract's is more confident than PP-OCR's line (calibrated), PP-OCR
 * was not sure of its own (see CERTAIN), tesseract was not torn between it
 * and another character, and it is anchored: another
 * character of the same tesseract word agrees with PP-OCR, so both read the
 * same spot and tesseract's word is not noise.
 */
function overrules(b: FusionChar, a: FusionChar, pairs: readonly AlignedPair[]): boolean {
  if (b.lineConfidence < MIN_OVERRULING_LINE_CONFIDENCE) return false;
  if (!isHan(a.text) || !isHan(b.text) || b.confidence <= a.confidence) return false;
  if (a.own !== undefined && a.own >= CERTAIN) return false;
  if (b.choices.some((c) => c.confidence >= RIVAL_CONFIDENCE)) return false;
  return b.word >= 0 && pairs.some((p) => p.agree && p.b !== null && p.b !== b && p.b.line === b.line && p.b.word === b.word);
}

function fillsGap(b: FusionChar, before: AlignedPair | undefined, after: AlignedPair | undefined, ppocrHan: ReadonlySet<string>): boolean {
  if (b.lineConfidence < MIN_OVERRULING_LINE_CONFIDENCE || !isHan(b.text)) return false;
  if (!before?.agree || !after?.agree || before.a === null) return false;
  if (ppocrHan.has(b.text) && (crowds(b, before.b) || crowds(b, after.b))) return false;
  return b.confidence > before.a.confidence;
}

/** Share of a character's width its box may overlap a neighbour's and still be a character of its own. */
export const MAX_INSERT_OVERLAP = 0.15;

/**
 * A character only tesseract read, whose box runs into a neighbour both
 * engines read, is a mark in the gap between two characters (a letter-spaced
 * 姓　名 read 姓和名), not a character PP-OCR dropped.
 */
function crowds(b: FusionChar, neighbour: FusionChar | null): boolean {
  if (!b.box || !neighbour?.box) return false;
  const [p, q] = [b.box, neighbour.box];
  // Along the line: across for horizontal text, down for vertical.
  const across = Math.abs(p.x + p.w / 2 - (q.x + q.w / 2)) >= Math.abs(p.y + p.h / 2 - (q.y + q.h / 2));
  const [start, size, otherStart, otherSize] = across ? [p.x, p.w, q.x, q.w] : [p.y, p.h, q.y, q.h];
  // Tesseract sometimes gives a word's first symbol the whole word's box: no glyph is that long.
  const otherThickness = across ? q.h : q.w;
  if (size <= 0 || otherSize > 1.5 * otherThickness) return false;
  const overlap = Math.min(start + size, otherStart + otherSize) - Math.max(start, otherStart);
  return overlap > MAX_INSERT_OVERLAP * size;
}

/**
 * The agreed character in the page's script. Simplification is a function,
 * so on a simplified page the form that simplification leaves alone wins;
 * conversion to traditional is not (游 may be 遊 or 游), so on a
 * traditional page tesseract's form wins: it read with traditional data.
 */
function agreedForm(a: FusionChar, b: FusionChar, script: Script | null): string {
  if (a.text === b.text || script === null) return a.text;
  const forms = [b.text, ...b.choices.map((c) => c.text), a.text].filter((t) => isHan(t) && sameCharacter(t, a.text));
  if (script === "traditional") return forms[0] ?? a.text;
  return forms.find((t) => toSimplified(t) === t) ?? a.text;
}


function isHan(ch: string): boolean {
  return /\p{Script=Han}/u.test(ch);
}

function wider(x: string, y: string): string {
  return y.length > x.length || (y.includes("\u3000") && !x.includes("\u3000")) ? y : x;
}
