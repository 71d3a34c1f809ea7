import type { OcrBox } from "./types";

/**
 * Spacing and width normalisation for text that comes out of OCR engines.
 *
 * Tesseract treats every CJK character run as a "word" and puts a space
 * between words, so `繁體 中 文 測試` has to become `繁體中文測試`; spaces
 * between Latin words and numbers are real and stay. A wide gap (two or more
 * spaces, as tesseract writes with `preserve_interword_spaces=1` and as
 * `joinOcrWords` writes for words far apart, or an ideographic space)
 * separates things such as a form label and its value: next to CJK it
 * becomes one ideographic space U+3000 (so normalising again keeps it),
 * between Latin words one space. The raw engine text is always kept beside
 * the normalised text; nothing here folds Traditional and Simplified forms.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2E80-\u2FDF\u3000-\u303F\u31C0-\u31EF\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/gu;
const SPACES = /[\s\u3000]+/gu;
const IDEOGRAPHIC_SPACE = "\u3000";

export function isCjk(char: string): boolean {
  return CJK.test(char);
}

/** Full-width letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) to ASCII; anything else unchanged. */
export function toHalfWidthAlnum(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Every full-width ASCII form (U+FF01..U+FF5E) and the ideographic space to ASCII. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/gu, " ");
}

const ASCII_ALNUM = /[0-9A-Za-z]/;

/**
 * Normalise one line: full-width letters and digits become ASCII, full-width
 * punctuation between two ASCII letters or digits becomes ASCII (`１２．５`
 * -> `12.5`) while Chinese punctuation in Chinese text stays, a single space
 * next to a CJK character is dropped, a wide gap next to CJK becomes U+3000,
 * and any other run of spaces becomes one space. Idempotent.
 */
export function normalizeOcrLine(line: string): string {
  // Order matters for idempotence: letters and digits first (they decide what
  // counts as CJK), then spacing, then punctuation (it looks at final neighbours).
  const text = toHalfWidthAlnum(line.replace(INVISIBLE, ""));
  let spaced = "";
  let last = 0;
  for (const match of text.matchAll(SPACES)) {
    const index = match.index ?? 0;
    spaced += text.slice(last, index);
    last = index + match[0].length;
    if (index === 0 || last === text.length) continue;
    const before = Array.from(text.slice(0, index)).pop() ?? "";
    const after = String.fromCodePoint(text.codePointAt(last) ?? 32);
    const nextToCjk = isCjk(before) || isCjk(after);
    const wide = match[0].length >= 2 || match[0].includes(IDEOGRAPHIC_SPACE);
    if (wide) spaced += nextToCjk ? IDEOGRAPHIC_SPACE : " ";
    else if (!nextToCjk) spaced += " ";
  }
  spaced += text.slice(last);
  const chars = Array.from(spaced);
  for (let i = 0; i < chars.length; i++) {
    const code = chars[i].codePointAt(0) ?? 0;
    if (code < 0xff01 || code > 0xff5e) continue;
    const before = neighbour(chars, i, -1);
    const after = neighbour(chars, i, 1);
    if (before !== null && after !== null && ASCII_ALNUM.test(before) && ASCII_ALNUM.test(after)) {
      chars[i] = String.fromCharCode(code - 0xfee0);
    }
  }
  return chars.join("");
}

function neighbour(chars: string[], i: number, step: 1 | -1): string | null {
  const next = chars[i + step];
  return next === undefined || /\s/u.test(next) ? null : next;
}

/** Normalise multi-line OCR text line by line; blank lines are dropped. */
export function normalizeOcrText(text: string): string {
  return text
    .split(/\r?\n/)
    .map(normalizeOcrLine)
    .filter((line) => line.length > 0)
    .join("\n");
}

/**
 * Build a line's text from its words using their boxes: words closer than
 * `wideGap` pixels are joined without a space when either side is CJK and
 * with one space between Latin words; words further apart (separate form
 * cells) are separated by a wide gap (U+3000 next to CJK).
 */
export function joinOcrWords(words: readonly { text: string; box: OcrBox }[], wideGap: number): string {
  let out = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (i > 0) {
      const prev = words[i - 1];
      const gap = word.box.x - (prev.box.x + prev.box.w);
      out += gap >= wideGap ? "  " : " ";
    }
    out += word.text;
  }
  return normalizeOcrLine(out);
}

const RULE_LIKE = /^[一丨|｜\-－_＿—–~～=＝.·・。,，、'"“”‘’:：;；!！()（）\[\]［］「」]+$/u;

/**
 * True for a line that is only strokes and punctuation, at least three of
 * them (`一一-一一一`, `| | |`): a table rule or frame the preprocessing did
 * not remove, read as text. Such lines are dropped from readings.
 */
export function isRuleRemnant(line: string): boolean {
  const compact = line.replace(/\s/gu, "");
  return Array.from(compact).length >= 3 && RULE_LIKE.test(compact);
}
