/**
 * One reading of one table line cut into cells and put into columns.
 *
 * Where the characters are matters, and so does what they say: a run of
 * eighteen digits belongs under 公民身份号码, 男 under 性别, a date under
 * 出生日期. Each reading is split into tokens (at wide gaps), the tokens
 * are placed on the page (tesseract's words have real boxes; another
 * engine's token is found in tesseract's text and takes its boxes, or is
 * placed by its share of the line), and a dynamic programme cuts the
 * tokens into cells and assigns them to columns, left to right, scoring
 * each cell by how well its text fits the column and how close it sits to
 * the column's label. A token may be cut where the script changes (an ID
 * number run into 半文盲) or at a gap; text that fits nowhere is dropped.
 */
import type { OcrBox } from "~/core/ocr/types";
import type { ParsedDate } from "~/core/normalize";
import { normalizeFieldText, type MoveIn } from "./fields";
import { sameish } from "./labels";
import { alignChars, glyphText, interpolate, unionBox, type Glyph, type Reading, type Span } from "./readings";

export type { Span };
import type { FieldName } from "./types";

export type TableColumn = { key: FieldName; center: number };

export type PlacedToken = {
  glyphs: Glyph[];
  spans: Span[];
  /** How far the positions can be trusted: 3 real boxes, 2 found in tesseract's text, below 1 estimated. */
  weight: number;
  y: OcrBox | null;
};

export type RowCell = { column: number; glyphs: Glyph[]; box: OcrBox | null };

const isDigitLike = (ch: string) => /[0-9Xx]/u.test(ch);

/**
 * How much a cell's distance from its column counts where both were placed by
 * their share of the line, not by boxes (tesseract read nothing on a heavy
 * page): a quarter. Text lengths differ between labels and values, so such
 * positions drift by whole columns; at full weight 户主 男 壯 went into one
 * cell and a date lost its first digit to the cell before (户主 and 男 still
 * share the relation column at a quarter). Over the bench pages of eight
 * seeds, all fields 8,264 -> 8,302 of 8,613 right (1 and 0.5 tried; no seed
 * worse).
 */
const ESTIMATED_DISTANCE = 0.25;

/** The weight of a long run of text with no gaps and no boxes: a whole row read as one, cut anywhere its text suggests. */
const RUN_TOGETHER = 0.6;

/** Stretches of a reading between wide gaps (and, for tesseract's words, line breaks). */
export function tokenRanges(reading: Reading): [number, number][] {
  const g = reading.glyphs;
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= g.length; i++) {
    const breaks = i === g.length || g[i].gapBefore || (reading.source === "words" && g[i].box.x < g[i - 1].box.x);
    if (breaks) {
      if (i > start) out.push([start, i]);
      start = i;
    }
  }
  return out;
}

function spansOf(glyphs: readonly Glyph[]): Span[] {
  return glyphs.map((g) => ({ x0: g.box.x, x1: g.box.x + g.box.w }));
}

const centre = (spans: readonly Span[]) => (spans[0].x0 + spans[spans.length - 1].x1) / 2;

/** Every approximate occurrence of `needle` in `hay` within `limit` edits: [start, end, cost]. */
function occurrences(hay: readonly string[], needle: readonly string[], limit: number): [number, number, number][] {
  const n = hay.length;
  const m = needle.length;
  let prev = new Float64Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  for (let j = 1; j <= m; j++) prev[j] = j;
  const out: [number, number, number][] = [];
  for (let i = 1; i <= n; i++) {
    const cur = new Float64Array(m + 1);
    const curStart = new Int32Array(m + 1);
    curStart[0] = i;
    for (let j = 1; j <= m; j++) {
      const same = hay[i - 1] === needle[j - 1] ? 0 : sameish(hay[i - 1], needle[j - 1]) ? 0.3 : 1;
      let v = prev[j - 1] + same;
      let s = prevStart[j - 1];
      if (prev[j] + 1 < v) {
        v = prev[j] + 1;
        s = prevStart[j];
      }
      if (cur[j - 1] + 1 < v) {
        v = cur[j - 1] + 1;
        s = curStart[j - 1];
      }
      cur[j] = v;
      curStart[j] = s;
    }
    if (cur[m] <= limit && i > curStart[m]) out.push([curStart[m], i, cur[m]]);
    prev = cur;
    prevStart = curStart;
  }
  return out;
}

/**
 * Places the tokens of one reading. Tesseract's words and a located text
 * (PP-OCR's symbols) carry their boxes; another engine's token is looked up
 * in tesseract's text (the occurrence nearest where its share of the line
 * puts it) and takes the boxes of the characters it matches there.
 */
export function placeTokens(reading: Reading, words: Reading | null, lineBox: OcrBox): PlacedToken[] {
  const ranges = tokenRanges(reading);
  const boxed = reading.source === "words" || reading.located === true;
  if (boxed || !words) {
    return ranges.map(([s, e]) => {
      const glyphs = reading.glyphs.slice(s, e);
      // One segment of text with no boxes may be one cell (trust it) or a whole row run together (do not).
      const weight = boxed ? 3 : ranges.length === 1 ? (glyphs.length <= 24 ? 2 : RUN_TOGETHER) : 0.4;
      return { glyphs, spans: spansOf(glyphs), weight, y: boxed ? unionBox(glyphs.map((g) => g.box)) : lineBox };
    });
  }
  const hay = words.glyphs.map((g) => g.canon);
  // Longer tokens are found first and claim their characters: a lone 女 must not be found inside 三女.
  const claimed = new Array<boolean>(hay.length).fill(false);
  const placed: PlacedToken[] = new Array(ranges.length);
  const order = ranges.map((r, i) => i).sort((a, b) => ranges[b][1] - ranges[b][0] - (ranges[a][1] - ranges[a][0]) || a - b);
  for (const i of order) {
    const [s, e] = ranges[i];
    const glyphs = reading.glyphs.slice(s, e);
    const estimate = spansOf(glyphs);
    const needle = glyphs.map((g) => g.canon);
    const limit = needle.length <= 1 ? 0.3 : Math.max(1, 0.4 * needle.length);
    let best: { start: number; end: number; score: number } | null = null;
    for (const [start, end, cost] of occurrences(hay, needle, limit)) {
      if (claimed.slice(start, end).some(Boolean)) continue;
      const at = (words.glyphs[start].box.x + words.glyphs[end - 1].box.x + words.glyphs[end - 1].box.w) / 2;
      const score = cost + (3 * Math.abs(at - centre(estimate))) / Math.max(1, lineBox.w);
      if (!best || score < best.score) best = { start, end, score };
    }
    if (!best) {
      placed[i] = { glyphs, spans: estimate, weight: ranges.length === 1 ? 1 : 0.4, y: lineBox };
      continue;
    }
    for (let k = best.start; k < best.end; k++) claimed[k] = true;
    const found = words.glyphs.slice(best.start, best.end);
    const map = alignChars(needle, found.map((g) => g.canon), sameish);
    const boxes = needle.map((_, k) => (map[k] >= 0 ? found[map[k]].box : null));
    const spans = interpolate(boxes);
    placed[i] = { glyphs, spans: spans.length === glyphs.length ? spans : estimate, weight: 2, y: unionBox(found.map((g) => g.box)) };
  }
  // Where tesseract's words place most tokens, a token they do not contain goes between its neighbours
  // in the engine's order, if they leave room for it; otherwise it has no place we can trust (the engine
  // may have put it out of order: a wrapped cell's first line read into the middle of the row).
  const found = placed.filter((t) => t.weight >= 2).length;
  if (found < 0.5 * placed.length || placed.length <= 1) return placed;
  const out: PlacedToken[] = [];
  placed.forEach((t, i) => {
    if (t.weight >= 2) return void out.push(t);
    let prev: PlacedToken | undefined;
    for (let k = i - 1; k >= 0 && !prev; k--) if (placed[k].weight >= 2) prev = placed[k];
    const next = placed.slice(i + 1).find((x) => x.weight >= 2);
    const a = prev ? prev.spans[prev.spans.length - 1].x1 : lineBox.x;
    const b = next ? next.spans[0].x0 : lineBox.x + lineBox.w;
    if (b - a < 0.25 * (t.spans[t.spans.length - 1].x1 - t.spans[0].x0)) return;
    const step = (b - a) / t.glyphs.length;
    out.push({ ...t, spans: t.glyphs.map((_, k) => ({ x0: a + k * step, x1: a + (k + 1) * step })), weight: 0.5, y: prev?.y ?? next?.y ?? lineBox });
  });
  return out;
}

const NUMERAL = /[〇零一二三四五六七八九十\d]/u;

const DATE_PIECE = /^[〇零一二三四五六七八九十\d年月日.\-/民国前元初号]+$/u;

/** How well a text fits a column: its validity as that field, with some credit for pieces of wrapped values. */
/** Texts that cannot be a field at a glance, before normalising (which is slower). */
const CANNOT: Partial<Record<FieldName, (t: string) => boolean>> = {
  sex: (t) => t.length > 3,
  idNumber: (t) => !/^[\dXx×]+$/u.test(t),
  birthDate: (t) => !/^[\d〇零一二三四五六七八九十年月日.\-/民國国前元初号號农農历曆()（）OoIl@]+$/u.test(t),
  ethnicity: (t) => t.length > 6,
  relation: (t) => t.length > 5,
  education: (t) => t.length > 8,
  occupation: (t) => t.length > 8,
  maritalStatus: (t) => t.length > 4,
  name: (t) => t.length > 7,
};

/**
 * A date written with 年 that ends in a bare numeral (一九六三年四月二十,
 * 一九七五年九) has most likely lost its last 日 or 月 to the next cell:
 * it fits its column less well than the whole date would.
 */
const endsBare = (text: string) => /年/u.test(text) && NUMERAL.test(Array.from(text).at(-1) ?? "");
const CUT_SHORT = 0.4;

/**
 * How well a date with a two-digit year fits a date column: as a plausible
 * value, not a valid one. Registers write years in full; PP-OCR's
 * 一九三年十月十日 (〇 lost) was cut at a column boundary into 一 and
 * 九三年十月十日, which read as 1993 beat the whole reading, no date as it
 * stood (seed 1618: 1930 read as 1993).
 */
const SHORT_YEAR_FIT = 0.6;

export function affinity(field: FieldName, text: string): number {
  if (CANNOT[field]?.(text)) return -1.5;
  // 户主, 母, 长子 are what a ledger says of a member, never a member's name (even where 户 is a
  // surname), nor the end of one: 龙金海户主 is a name and its relation run together.
  if (field === "name" && relationOrEndsInOne(text)) return -1.5;
  const n = normalizeFieldText(field, text);
  if (n.validity === "valid") {
    // A whole date beats a date cut short (1984年11 | 月6日 in the next cell).
    const date = field === "birthDate" ? (n.normalized as ParsedDate | undefined) : field === "moveIn" ? ((n.normalized as MoveIn | undefined)?.date ?? null) : null;
    // A two-digit year in a ledger is most often a four-digit one cut at a column boundary (一 | 九三年十月十日).
    if (date && date.source === "short-year") return SHORT_YEAR_FIT;
    if (date && date.precision !== "day") return (date.precision === "month" ? 1.4 : 1) - (endsBare(text) ? CUT_SHORT : 0);
    return 2 - (date && endsBare(text) ? CUT_SHORT : 0);
  }
  if (n.validity === "plausible") return field === "name" || field === "relation" || field === "ethnicity" ? 0.3 : 0.6;
  if ((field === "birthDate" || field === "moveIn") && DATE_PIECE.test(text)) return 0.4;
  if (field === "idNumber" && /^[\dXx]{4,17}$/u.test(text)) return 0.2;
  return -1.5;
}

type Unit = { token: number; from: number; to: number };

const validAs = (field: FieldName, text: string) => !CANNOT[field]?.(text) && normalizeFieldText(field, text).validity === "valid";

/** A relation term (户主, 母), or a text ending in one of two or three characters (龙金海户主). */
function relationOrEndsInOne(text: string): boolean {
  const chars = Array.from(text);
  if (chars.length <= 3 && validAs("relation", text)) return true;
  return [2, 3].some((k) => chars.length > k && validAs("relation", chars.slice(-k).join("")));
}

/** Fields whose values come from a short closed list: 男, 汉族, 长子, 小学, 已婚. */
const CLOSED: readonly FieldName[] = ["sex", "ethnicity", "relation", "education", "maritalStatus"];
const closedValue = (text: string) => CLOSED.some((f) => validAs(f, text));

/**
 * Where a token may be cut besides gaps, script changes and column
 * boundaries: before or after the longest value of a closed list that starts
 * or ends it; never inside a token that is such a value as a whole.
 * PP-OCRv5 often reads two neighbouring cells as one (女漢, 山東烟台小學),
 * and where tesseract gave no boxes nothing else says where to cut.
 */
export function closedCuts(text: readonly string[]): Set<number> {
  const cuts = new Set<number>();
  const n = text.length;
  // A token that is itself such a value (长子, 户主, 三女) is one cell: 子 and 女 alone are values too.
  if (n <= 6 && closedValue(text.join(""))) return cuts;
  // The longest such value at each end: 半文盲 is not 半 + 文盲, 长子 not 长 + 子.
  for (let k = Math.min(4, n - 1); k >= 1; k--) {
    if (closedValue(text.slice(0, k).join(""))) {
      cuts.add(k);
      break;
    }
  }
  for (let k = Math.max(1, n - 4); k < n; k++) {
    if (closedValue(text.slice(k).join(""))) {
      cuts.add(k);
      break;
    }
  }
  return cuts;
}

const DATE_CHAR = /[〇零一二三四五六七八九十\d年月日号號]/u;

/**
 * Where a date written out with 日 ends inside a token: after the 日 (or 号)
 * that follows 年 or 月 and a numeral, or that ends a token's first few
 * numerals (the tail of a date the token starts with). A ledger's dates are its widest
 * values, and PP-OCR runs one into the next cell's text
 * (一九六三年四月二十七日内蒙古鄂尔多斯); cut only at the column
 * boundary, which lies at the midpoint between the labels, the date lost
 * its 日 and the place gained it. The cut is a place the cells may divide,
 * not a division: one token's units rejoin at no cost.
 */
export function dateEndCuts(text: readonly string[]): Set<number> {
  const cuts = new Set<number>();
  for (let k = 2; k < text.length; k++) {
    if (!/[日号號]/u.test(text[k - 1]) || DATE_CHAR.test(text[k]) || !NUMERAL.test(text[k - 2])) continue;
    const before = text.slice(Math.max(0, k - 8), k - 1).join("");
    // After 年 or 月, or the tail of a date cut off before it (四日山西阳泉: the cell boundary fell inside the date).
    if (/[年月]/u.test(before) || (k <= 4 && text.slice(0, k - 1).every((ch) => NUMERAL.test(ch)))) cuts.add(k);
  }
  return cuts;
}

/**
 * Where a date written out with a four-digit year starts inside a token:
 * before the year's first digit, where what precedes is no numeral. The
 * mirror of {@link dateEndCuts}: a heavy ledger's 妻女漢一九七〇年十二月十八日
 * was cut only at the column boundary, between 一 and 九, and the date lost
 * its first digit to the ethnicity (漢一).
 */
export function dateStartCuts(text: readonly string[]): Set<number> {
  const cuts = new Set<number>();
  for (let k = 1; k + 4 < text.length; k++) {
    if (NUMERAL.test(text[k - 1])) continue;
    if (text.slice(k, k + 4).every((ch) => /[〇零一二三四五六七八九\d]/u.test(ch)) && text[k + 4] === "年") cuts.add(k);
  }
  return cuts;
}

/**
 * Tokens stacked in one cell (a value wrapped onto two lines that one
 * reading holds together) become one token, top line first.
 */
export function stackWrapped(tokens: readonly PlacedToken[]): PlacedToken[] {
  const out: PlacedToken[] = [];
  const sorted = [...tokens].sort((a, b) => (a.y?.y ?? 0) - (b.y?.y ?? 0));
  for (const t of sorted) {
    const host = t.y && t.weight >= 2
      ? out.find((o) => {
          if (!o.y || o.weight < 2) return false;
          const a = { x0: o.spans[0].x0, x1: o.spans[o.spans.length - 1].x1 };
          const b = { x0: t.spans[0].x0, x1: t.spans[t.spans.length - 1].x1 };
          const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
          const below = t.y!.y + t.y!.h / 2 - (o.y.y + o.y.h / 2);
          return overlap > 0.3 * Math.min(a.x1 - a.x0, b.x1 - b.x0) && below > 0.5 * Math.min(o.y.h, t.y!.h) && below < 1.8 * Math.max(o.y.h, t.y!.h);
        })
      : undefined;
    if (!host) {
      out.push(t);
      continue;
    }
    host.glyphs = [...host.glyphs, ...t.glyphs];
    host.spans = [...host.spans, ...t.spans];
    host.y = unionBox([host.y!, t.y!]);
    host.weight = Math.min(host.weight, t.weight);
  }
  return out;
}

/**
 * Cuts placed tokens into cells and assigns them to columns (see the module
 * comment). Columns must be ordered left to right.
 */
export function assignCells(placed: readonly PlacedToken[], columns: readonly TableColumn[]): RowCell[] {
  if (placed.length === 0 || columns.length === 0) return [];
  const tokens = stackWrapped(placed);
  const order = tokens.map((t, i) => ({ t, i })).sort((a, b) => centre(a.t.spans) - centre(b.t.spans));
  const boundaries = columns.slice(1).map((c, i) => (columns[i].center + c.center) / 2);
  const crossesBoundary = (a: Span, b: Span) => boundaries.some((x) => (a.x0 + a.x1) / 2 < x && (b.x0 + b.x1) / 2 >= x);
  // Units: the smallest pieces a cell is built from.
  const units: Unit[] = [];
  for (const { t, i } of order) {
    const h = t.y ? t.y.h : 0;
    const closed = t.glyphs.length > 1 ? closedCuts(t.glyphs.map((g) => g.ch)) : null;
    const dateEnds = t.glyphs.length > 3 ? dateEndCuts(t.glyphs.map((g) => g.ch)) : null;
    const dateStarts = t.glyphs.length > 5 ? dateStartCuts(t.glyphs.map((g) => g.ch)) : null;
    let from = 0;
    for (let k = 1; k <= t.glyphs.length; k++) {
      // With estimated positions any character boundary may be a cell boundary: what the text says decides.
      // A token placed only by estimate is one cell: the engine separated it, and nothing says where to cut it.
      const cut = k === t.glyphs.length
        || (t.weight === RUN_TOGETHER && !(isDigitLike(t.glyphs[k - 1].ch) && isDigitLike(t.glyphs[k].ch)))
        || ((t.weight >= 1 || t.weight === RUN_TOGETHER) && isDigitLike(t.glyphs[k - 1].ch) !== isDigitLike(t.glyphs[k].ch))
        || (t.weight >= 2 && h > 0 && t.spans[k].x0 - t.spans[k - 1].x1 > 0.35 * h)
        || (t.weight >= 2 && crossesBoundary(t.spans[k - 1], t.spans[k]))
        || (closed?.has(k) ?? false)
        || (dateEnds?.has(k) ?? false)
        || (dateStarts?.has(k) ?? false);
      if (cut) {
        units.push({ token: i, from, to: k });
        from = k;
      }
    }
  }
  const U = units.length;
  const M = columns.length;
  const spacing = columns.map((c, i) => {
    const left = i > 0 ? c.center - columns[i - 1].center : Infinity;
    const right = i + 1 < M ? columns[i + 1].center - c.center : Infinity;
    const d = Math.min(left, right);
    return Number.isFinite(d) ? d / 2 : 100;
  });
  // Estimated positions drift by whole narrow columns: measure their distance in average columns.
  const average = M > 1 ? (columns[M - 1].center - columns[0].center) / (M - 1) / 2 : 100;

  const segText = (p: number, q: number) => units.slice(p, q).map((u) => glyphText(tokens[u.token].glyphs.slice(u.from, u.to))).join("");
  const segSpan = (p: number, q: number): Span => {
    let x0 = Infinity;
    let x1 = -Infinity;
    for (const u of units.slice(p, q)) {
      const s = tokens[u.token].spans;
      x0 = Math.min(x0, s[u.from].x0);
      x1 = Math.max(x1, s[u.to - 1].x1);
    }
    return { x0, x1 };
  };
  const segWeight = (p: number, q: number) => Math.min(...units.slice(p, q).map((u) => tokens[u.token].weight));
  const crossings = (p: number, q: number) => {
    let n = 0;
    for (let k = p + 1; k < q; k++) if (units[k].token !== units[k - 1].token) n += tokens[units[k].token].weight >= 3 ? 0.4 : 1;
    return n;
  };
  const cache = new Map<string, number>();
  const score = (p: number, q: number, c: number): number => {
    const key = `${p},${q},${c}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const span = segSpan(p, q);
    const weight = segWeight(p, q);
    const distance = ((span.x0 + span.x1) / 2 - columns[c].center) / (weight < 1 ? Math.max(spacing[c], average) : spacing[c]);
    // Where the position is only estimated, what the text says must carry the decision.
    const fit = affinity(columns[c].key, segText(p, q));
    const value = (fit < 0 && weight < 1 ? 2 * fit : fit) - (weight < 1 ? ESTIMATED_DISTANCE : 1) * weight * distance * distance - crossings(p, q);
    cache.set(key, value);
    return value;
  };
  const MAX_UNITS = 14;
  // best[p][c + 1]: best score with units [0, p) placed and column c the last used (-1: none).
  const best: Float64Array[] = Array.from({ length: U + 1 }, () => new Float64Array(M + 1).fill(-Infinity));
  const back: { p: number; c: number; col: number }[][] = Array.from({ length: U + 1 }, () => new Array(M + 1));
  best[0][0] = 0;
  for (let p = 0; p < U; p++) {
    for (let c = -1; c < M; c++) {
      const here = best[p][c + 1];
      if (here === -Infinity) continue;
      for (let q = p + 1; q <= Math.min(U, p + MAX_UNITS); q++) {
        const length = segText(p, q).length;
        if (length > 40) break;
        const drop = here - 0.5 - 0.5 * length;
        if (drop > best[q][c + 1]) {
          best[q][c + 1] = drop;
          back[q][c + 1] = { p, c, col: -1 };
        }
        // The same column again continues a cell (a wrapped line, a cell cut at a gap).
        for (let col = Math.max(0, c); col < M; col++) {
          const v = here + score(p, q, col) - (col === c ? 0.3 : 0);
          if (v > best[q][col + 1]) {
            best[q][col + 1] = v;
            back[q][col + 1] = { p, c, col };
          }
        }
      }
    }
  }
  let end = 0;
  for (let c = 0; c <= M; c++) if (best[U][c] > best[U][end]) end = c;
  const segments: { p: number; q: number; col: number }[] = [];
  let q = U;
  let c = end - 1;
  while (q > 0) {
    const step = back[q][c + 1];
    segments.push({ p: step.p, q, col: step.col });
    q = step.p;
    c = step.c;
  }
  const cells: RowCell[] = [];
  for (const seg of segments.reverse()) {
    if (seg.col < 0) continue;
    const glyphs: Glyph[] = [];
    const boxes: OcrBox[] = [];
    for (const u of units.slice(seg.p, seg.q)) {
      const t = tokens[u.token];
      glyphs.push(...t.glyphs.slice(u.from, u.to));
      if (t.y) {
        const s0 = t.spans[u.from];
        const s1 = t.spans[u.to - 1];
        boxes.push({ x: Math.round(s0.x0), y: t.y.y, w: Math.round(s1.x1 - s0.x0), h: t.y.h });
      }
    }
    cells.push({ column: seg.col, glyphs, box: unionBox(boxes) });
  }
  return cells;
}
