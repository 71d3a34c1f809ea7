/**
 * Dates as registers write them: Gregorian in digits or Chinese numerals,
 * short years (五六年), ROC years (民國45年), Japanese eras (昭和), Qing
 * reign years (光緒) and lunar dates (農曆八月十五), which are kept as lunar
 * and converted, never silently read as Gregorian.
 */
import { Lunar, LunarYear } from "lunar-javascript";
import { isNumeralChar, parseChineseNumber } from "./numerals";
import { toHalfWidth } from "./text";

export type DateCalendar = "gregorian" | "lunar";
export type DatePrecision = "year" | "month" | "day";
export type DateSource = "gregorian" | "roc" | "japanese" | "lunar" | "short-year";

/** A Gregorian date known to year, month or day. */
export type PartialYmd = { year: number; month: number | null; day: number | null };

export type ParsedDate = {
  calendar: DateCalendar;
  /** Lunar year, month and day for lunar dates; Gregorian otherwise. */
  year: number;
  month: number | null;
  day: number | null;
  /** Set (true) only for a lunar leap month (閏月). */
  leapMonth?: true;
  precision: DatePrecision;
  source: DateSource;
  /** The era written, in canonical (simplified) form: 民国, 明治, 大正, 昭和, 平成, 令和, 道光, 咸丰, 同治, 光绪, 宣统. */
  era?: string;
  /** Short years, lunar dates, approximate markers (约, 左右) and dates outside their era's span. */
  uncertain: boolean;
  /** The Gregorian equivalent; for lunar dates this may be less precise than the lunar date. */
  gregorian: PartialYmd | null;
  raw: string;
};

export type ParseDateOptions = {
  /** The century short years fall in: 1900 (or 19) reads 五六年 as 1956. Defaults to 1900. */
  defaultCentury?: number;
};

/** Earliest and latest Gregorian years accepted: anything else in a register is a misreading. */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2100;

type EraKind = "roc" | "roc-before" | "japanese" | "qing";
type Ymd = [number, number, number];
type Era = {
  names: string[];
  era: string;
  kind: EraKind;
  /** Gregorian year of the era's first year (元年). */
  base: number;
  maxYear: number;
  span?: [Ymd, Ymd | null];
};

/** Eras, matched against canonical (simplified) text, longest name first. */
export const ERAS: readonly Era[] = [
  { names: ["中华民国前", "民国前", "民前"], era: "民国", kind: "roc-before", base: 1912, maxYear: 100 },
  { names: ["中华民国", "民国", "民"], era: "民国", kind: "roc", base: 1912, maxYear: 189 },
  { names: ["明治"], era: "明治", kind: "japanese", base: 1868, maxYear: 45, span: [[1868, 1, 25], [1912, 7, 29]] },
  { names: ["大正"], era: "大正", kind: "japanese", base: 1912, maxYear: 15, span: [[1912, 7, 30], [1926, 12, 24]] },
  { names: ["昭和"], era: "昭和", kind: "japanese", base: 1926, maxYear: 64, span: [[1926, 12, 25], [1989, 1, 7]] },
  { names: ["平成"], era: "平成", kind: "japanese", base: 1989, maxYear: 31, span: [[1989, 1, 8], [2019, 4, 30]] },
  { names: ["令和"], era: "令和", kind: "japanese", base: 2019, maxYear: 82, span: [[2019, 5, 1], null] },
  { names: ["道光"], era: "道光", kind: "qing", base: 1821, maxYear: 30 },
  { names: ["咸丰"], era: "咸丰", kind: "qing", base: 1851, maxYear: 11 },
  { names: ["同治"], era: "同治", kind: "qing", base: 1862, maxYear: 13 },
  { names: ["光绪"], era: "光绪", kind: "qing", base: 1875, maxYear: 34 },
  { names: ["宣统"], era: "宣统", kind: "qing", base: 1909, maxYear: 3 },
];

const ERA_NAMES = ERAS.flatMap((era) => era.names.map((name) => ({ name, era }))).sort(
  (a, b) => b.name.length - a.name.length,
);

const LUNAR_MARKER = /[(\[]?(农历|阴历|旧历|夏历|古历|农)[)\]]?/gu;
const GREGORIAN_MARKER = /[(\[]?(公历|阳历|新历|西历|国历|公元)[)\]]?/gu;
const LABEL_PREFIX = /^(出生日期|出生年月日|出生年月|出生时间|出生于|生于|出生|生日|日期)[:：]?/u;
const BIRTH_SUFFIX = /(出生|诞生|生人|生)$/u;
const APPROX_PREFIX = /^(大约|大概|约于|约)/u;
const APPROX_SUFFIX = /(左右|前后|[?？]+)$/u;
const TRIM_PUNCT = /^[\s.,;:'"、。，；：·•()（）[\]]+|[\s.,;:'"、。，；：·•()（）[\]]+$/gu;
const SEPARATORS = new Set(["-", ".", "/", "\\", "_"]);

function isGregorianLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in a Gregorian month. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isGregorianLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Is year-month-day a real Gregorian date within {@link MIN_YEAR}..{@link MAX_YEAR}? */
export function isValidGregorian(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** The number of days in a lunar month, or null if that (leap) month does not exist in that lunar year. */
export function lunarMonthDays(year: number, month: number, leap = false): number | null {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  const m = LunarYear.fromYear(year).getMonth(leap ? -month : month);
  return m ? m.getDayCount() : null;
}

/** Converts a lunar date to Gregorian; null if the lunar date does not exist. */
export function lunarToGregorian(year: number, month: number, day: number, leap = false): Ymd | null {
  const days = lunarMonthDays(year, month, leap);
  if (days === null || !Number.isInteger(day) || day < 1 || day > days) return null;
  const solar = Lunar.fromYmd(year, leap ? -month : month, day).getSolar();
  return [solar.getYear(), solar.getMonth(), solar.getDay()];
}

/**
 * Traditional forms of the characters the date grammar reads. Dates go
 * through this table rather than OpenCC: it is ten times faster, and parsing
 * dates is on the extraction hot path.
 */
const DATE_CHARS: Readonly<Record<string, string>> = {
  農: "农", 曆: "历", 歷: "历", 陰: "阴", 舊: "旧", 陽: "阳", 國: "国", 華: "华", 閏: "闰", 臘: "腊",
  號: "号", 貳: "贰", 參: "叁", 参: "叁", 陸: "陆", 兩: "两", 緒: "绪", 統: "统", 豐: "丰", 約: "约", 後: "后",
  誕: "诞", 於: "于", 時: "时", 間: "间", 曰: "日",
};

/** Round marks OCR (and a hurried typist) write for 〇: Latin O, o, D, G, C, Q, the circle signs, and an Arabic 0. */
const ROUND = /[0OoＯｏDGCQ○◯]/u;
const HAN_DIGIT = /[〇零一二三四五六七八九十]/u;

/**
 * A round mark beside a digit-by-digit Chinese numeral is 〇, and a Latin O
 * beside an Arabic digit is 0: tesseract reads a handwritten 一九七〇年 as
 * 一九七D年, 一九七G年 or 一九七O年 (about a hundred times over the bench's
 * eighteen seeds), and nothing else round stands in a number. Extraction
 * applies it to whole move-in texts too (一九七D年三月由…迁来).
 */
export function zeroesForRoundMarks(text: string): string {
  return roundMarksAsZero(Array.from(text)).join("");
}

function roundMarksAsZero(chars: readonly string[]): string[] {
  const out = [...chars];
  for (let i = 0; i < chars.length; ) {
    if (!ROUND.test(chars[i])) {
      i++;
      continue;
    }
    // A run of round marks (一九DO年: both are 〇), judged by what stands either side of it.
    let j = i;
    while (j < chars.length && ROUND.test(chars[j])) j++;
    const [left, right] = [chars[i - 1] ?? "", chars[j] ?? ""];
    const latinO = chars.slice(i, j).every((ch) => /[0OoＯｏ]/u.test(ch));
    const zero = HAN_DIGIT.test(left) || HAN_DIGIT.test(right) ? "〇" : latinO && (/\d/.test(left) || /\d/.test(right)) ? "0" : null;
    if (zero) for (let k = i; k < j; k++) out[k] = zero;
    i = j;
  }
  return out;
}

function dateText(raw: string): string {
  const chars: string[] = [];
  for (const ch of toHalfWidth(raw)) {
    if (/\s/u.test(ch)) continue;
    chars.push(DATE_CHARS[ch] ?? ch);
  }
  return roundMarksAsZero(chars).join("");
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i] ?? "";
  }
  eat(token: string): boolean {
    if (this.s.startsWith(token, this.i)) {
      this.i += token.length;
      return true;
    }
    return false;
  }
  eatAny(tokens: readonly string[]): string | null {
    for (const t of tokens) if (this.eat(t)) return t;
    return null;
  }
  numeralRun(): string {
    const start = this.i;
    while (!this.done && isNumeralChar(this.peek())) this.i++;
    return this.s.slice(start, this.i);
  }
}

type Fields = {
  era: Era | null;
  /** The year as written: an era year, a two-digit year or a full year. */
  year: number;
  yearKind: "full" | "short" | "era";
  month: number | null;
  day: number | null;
  leap: boolean;
  /** 正月, 腊月 or 冬月: month names used only for lunar months. */
  lunarMonthName: boolean;
  /** 初一..初十: day names used only for lunar days. */
  chu: boolean;
};

function readYear(c: Cursor): Pick<Fields, "era" | "year" | "yearKind"> | null {
  const eraMatch = ERA_NAMES.find(({ name }) => c.s.startsWith(name, c.i));
  if (eraMatch) {
    c.i += eraMatch.name.length;
    if (c.eat("元")) return { era: eraMatch.era, year: 1, yearKind: "era" };
    const run = c.numeralRun();
    if (/^\d+$/.test(run) && run.length > 3) return null;
    const n = parseChineseNumber(run);
    if (n === null || n < 1 || n > eraMatch.era.maxYear) return null;
    return { era: eraMatch.era, year: n, yearKind: "era" };
  }
  const run = c.numeralRun();
  if (run === "") return null;
  const n = parseChineseNumber(run);
  if (n === null) return null;
  const hasUnits = !/^[\d〇零一二三四五六七八九壹贰叁参肆伍陆柒捌玖]+$/u.test(run);
  if (hasUnits) {
    if (n >= 1000) return { era: null, year: n, yearKind: "full" };
    if (n < 100) return { era: null, year: n, yearKind: "short" };
    return null;
  }
  if (run.length === 4) return { era: null, year: n, yearKind: "full" };
  if (run.length === 2) return { era: null, year: n, yearKind: "short" };
  return null;
}

const MONTH_NAMES: Readonly<Record<string, number>> = { 正: 1, 腊: 12, 冬: 11, 元: 1 };

function readMonth(c: Cursor): Pick<Fields, "month" | "leap" | "lunarMonthName"> | null {
  const leap = c.eat("闰");
  const named = c.eatAny(Object.keys(MONTH_NAMES));
  if (named !== null) {
    if (c.peek() !== "月") return null;
    // 元月 is January in either calendar; the others name lunar months.
    return { month: MONTH_NAMES[named], leap, lunarMonthName: named !== "元" };
  }
  const month = parseChineseNumber(c.numeralRun());
  if (month === null || month < 1 || month > 12) return null;
  return { month, leap, lunarMonthName: false };
}

function readDay(c: Cursor): Pick<Fields, "day" | "chu"> | null {
  const chu = c.eat("初");
  const day = parseChineseNumber(c.numeralRun());
  if (day === null || day < 1 || day > 31 || (chu && day > 10)) return null;
  return { day, chu };
}

function readFields(text: string): Fields | null {
  if (/^\d{8}$/.test(text)) {
    return {
      era: null, year: Number(text.slice(0, 4)), yearKind: "full",
      month: Number(text.slice(4, 6)), day: Number(text.slice(6, 8)), leap: false, lunarMonthName: false, chu: false,
    };
  }
  const c = new Cursor(text);
  const year = readYear(c);
  if (!year) return null;
  const fields: Fields = { ...year, month: null, day: null, leap: false, lunarMonthName: false, chu: false };
  if (c.done) return fields;

  let sep: string | null = null;
  if (c.eat("年")) c.eat("度");
  else if (SEPARATORS.has(c.peek())) sep = c.s[c.i++];
  else return null;
  if (c.done) return sep === null ? fields : null;

  const month = readMonth(c);
  if (!month) return null;
  Object.assign(fields, month);
  const monthWord = c.eat("月");
  if (monthWord) c.eat("份");
  if (c.done) return fields;
  if (sep !== null && !monthWord && !c.eat(sep)) return null;
  if (sep === null && !monthWord) return null;

  const day = readDay(c);
  if (!day) return null;
  Object.assign(fields, day);
  c.eatAny(["日", "号"]);
  return c.done ? fields : null;
}

function centuryBase(defaultCentury: number | undefined): number {
  if (defaultCentury === undefined || !Number.isFinite(defaultCentury)) return 1900;
  const base = defaultCentury < 100 ? defaultCentury * 100 : defaultCentury;
  return Math.floor(base / 100) * 100;
}

function compareYmd(a: Ymd, b: Ymd): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function outsideEraSpan(era: Era, y: number, m: number | null, d: number | null): boolean {
  if (!era.span) return false;
  const [start, end] = era.span;
  // A partial date is inside the era if any day it could mean is.
  const latest: Ymd = [y, m ?? 12, d ?? daysInMonth(y, m ?? 12)];
  const earliest: Ymd = [y, m ?? 1, d ?? 1];
  return compareYmd(latest, start) < 0 || (end !== null && compareYmd(earliest, end) > 0);
}

function lunarGregorian(year: number, month: number | null, day: number | null, leap: boolean): PartialYmd | null {
  if (month === null) return { year, month: null, day: null };
  if (day !== null) {
    const g = lunarToGregorian(year, month, day, leap);
    return g && { year: g[0], month: g[1], day: g[2] };
  }
  const days = lunarMonthDays(year, month, leap);
  if (days === null) return null;
  const first = lunarToGregorian(year, month, 1, leap)!;
  const last = lunarToGregorian(year, month, days, leap)!;
  if (first[0] === last[0] && first[1] === last[1]) return { year: first[0], month: first[1], day: null };
  return { year: first[0], month: null, day: null };
}

/**
 * Parses one written date. Returns null for junk and for dates that do not
 * exist (2月30日, a leap month the lunar year lacks, 大正20年); never throws.
 */
export function parseDate(text: string, opts: ParseDateOptions = {}): ParsedDate | null {
  try {
    return parseDateUnsafe(text, opts);
  } catch {
    return null;
  }
}

/**
 * A month and day with their units, then a four-digit year with 年
 * (一月二十日一九六八年): the year put first. A ledger cell wrapped onto two
 * lines comes out in this order where the engine read its second line
 * first; every part carries its unit, so the date is not in doubt.
 */
const YEAR_LAST = /^([〇零一二三四五六七八九十廿卅\d]+月[〇零一二三四五六七八九十廿卅\d]+[日号])((?:\d|[〇零一二三四五六七八九]){4}年)$/u;
function yearFirst(s: string): string {
  const m = YEAR_LAST.exec(s);
  return m ? m[2] + m[1] : "";
}

function parseDateUnsafe(raw: string, opts: ParseDateOptions): ParsedDate | null {
  if (typeof raw !== "string" || raw.length > 64) return null;
  let s = dateText(raw);
  let uncertain = false;
  let lunarMarked = false;
  let gregorianMarked = false;

  s = s.replace(LUNAR_MARKER, () => ((lunarMarked = true), ""));
  s = s.replace(GREGORIAN_MARKER, () => ((gregorianMarked = true), ""));
  if (lunarMarked && gregorianMarked) return null;
  s = s.replace(TRIM_PUNCT, "").replace(LABEL_PREFIX, "");
  s = s.replace(APPROX_PREFIX, () => ((uncertain = true), ""));
  s = s.replace(APPROX_SUFFIX, () => ((uncertain = true), ""));
  s = s.replace(TRIM_PUNCT, "").replace(BIRTH_SUFFIX, "").replace(TRIM_PUNCT, "");
  if (s === "") return null;

  const f = readFields(s) ?? readFields(yearFirst(s));
  if (!f) return null;

  // 闰 and 初 only exist in the lunar calendar; 正月 and 腊月 name lunar months.
  if (gregorianMarked && (f.leap || f.chu || f.era?.kind === "qing")) return null;
  const lunar = lunarMarked || f.era?.kind === "qing" || (!gregorianMarked && (f.leap || f.chu || f.lunarMonthName));

  let year: number;
  let source: DateSource;
  if (f.era) {
    if (f.era.kind === "roc") year = f.era.base - 1 + f.year;
    else if (f.era.kind === "roc-before") year = f.era.base - f.year;
    else year = f.era.base - 1 + f.year;
    source = f.era.kind === "roc" || f.era.kind === "roc-before" ? "roc" : f.era.kind === "japanese" ? "japanese" : "lunar";
  } else if (f.yearKind === "short") {
    year = centuryBase(opts.defaultCentury) + f.year;
    source = "short-year";
    uncertain = true;
  } else {
    year = f.year;
    source = "gregorian";
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return null;

  const precision: DatePrecision = f.day !== null ? "day" : f.month !== null ? "month" : "year";
  const base = { year, month: f.month, day: f.day, precision, raw, ...(f.era ? { era: f.era.era } : {}) };

  if (lunar) {
    if (f.month !== null && lunarMonthDays(year, f.month, f.leap) === null) return null;
    const gregorian = lunarGregorian(year, f.month, f.day, f.leap);
    if (f.day !== null && gregorian === null) return null;
    return { calendar: "lunar", ...base, ...(f.leap ? { leapMonth: true as const } : {}), source: "lunar", uncertain: true, gregorian };
  }

  if (f.leap) return null;
  if (f.month !== null && f.day !== null && !isValidGregorian(year, f.month, f.day)) return null;
  if (f.era?.kind === "japanese" && (outsideEraSpan(f.era, year, f.month, f.day) || (f.era.era === "明治" && f.year <= 5))) {
    // Before 明治6 (1873) Japan still kept the lunar calendar.
    uncertain = true;
  }
  return {
    calendar: "gregorian",
    ...base,
    source,
    uncertain,
    gregorian: { year, month: f.month, day: f.day },
  };
}

function gregorianOf(d: ParsedDate): PartialYmd {
  return d.gregorian ?? { year: d.year, month: null, day: null };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 at the date's Gregorian precision: 1956, 1956-03 or 1956-03-12. */
export function formatIsoPartial(d: ParsedDate): string {
  const g = gregorianOf(d);
  if (g.month === null) return pad(g.year, 4);
  if (g.day === null) return `${pad(g.year, 4)}-${pad(g.month)}`;
  return `${pad(g.year, 4)}-${pad(g.month)}-${pad(g.day)}`;
}

/** Blocking key: the Gregorian year. */
export function dateKey(d: ParsedDate): string {
  return pad(gregorianOf(d).year, 4);
}

/** How two dates agree, best first. */
export const DATE_COMPARISONS = [
  "exact",
  "same-after-era-conversion",
  "day-month-swapped",
  "one-field-off",
  "same-year-month",
  "same-year",
  "year-off-by-one",
  "partial-compatible",
  "different",
] as const;
export type DateComparison = (typeof DATE_COMPARISONS)[number];

type Comparable = { year: number; month: number | null; day: number | null };

/** Differ in exactly one written digit (months and days as two digits, years as four). */
function oneDigitApart(a: number, b: number, width: number): boolean {
  const x = pad(a, width);
  const y = pad(b, width);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  return diff === 1;
}

/** Digits OCR and hurried hands confuse: 1/7, 3/8, 5/6, 6/8, 0/6, 0/8, 4/9. */
const DIGIT_LOOK_ALIKES = new Set(["17", "38", "56", "68", "06", "08", "49"]);

/**
 * A year written or read wrong in one digit: a neighbouring year (a slip), or
 * digits that look alike. 1989 for 1980 is neither: another year, not a typo.
 */
function plausibleYearSlip(a: number, b: number): boolean {
  if (Math.abs(a - b) <= 3) return true;
  const x = pad(a, 4);
  const y = pad(b, 4);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return DIGIT_LOOK_ALIKES.has(x[i] < y[i] ? x[i] + y[i] : y[i] + x[i]);
  }
  return false;
}

function fieldsOf(d: ParsedDate, lunarDomain: boolean): Comparable {
  if (!lunarDomain) return gregorianOf(d);
  // A leap month is a different month from its namesake: offset it so they never compare equal.
  return { year: d.year, month: d.month === null ? null : d.month + (d.leapMonth ? 100 : 0), day: d.day };
}

/**
 * Compares two dates (symmetric). Lunar dates are compared with each other in
 * lunar terms and with Gregorian dates by their converted value, and a lunar
 * date never matches a Gregorian one better than 'same-after-era-conversion'.
 */
export function compareDates(a: ParsedDate, b: ParsedDate): DateComparison {
  const bothLunar = a.calendar === "lunar" && b.calendar === "lunar";
  const x = fieldsOf(a, bothLunar);
  const y = fieldsOf(b, bothLunar);
  const sameWriting = a.calendar === b.calendar && a.source === b.source && (a.era ?? "") === (b.era ?? "");

  const bothMonth = x.month !== null && y.month !== null;
  const bothDay = x.day !== null && y.day !== null;
  const samePrecision = (x.month === null) === (y.month === null) && (x.day === null) === (y.day === null);
  const yearEq = x.year === y.year;
  const monthEq = !bothMonth || x.month === y.month;
  const dayEq = !bothDay || x.day === y.day;

  if (yearEq && monthEq && dayEq) {
    if (!samePrecision) return "partial-compatible";
    return sameWriting ? "exact" : "same-after-era-conversion";
  }
  if (samePrecision && bothDay && yearEq && x.month === y.day && x.day === y.month) return "day-month-swapped";
  if (samePrecision && bothMonth) {
    const off = [
      !yearEq && oneDigitApart(x.year, y.year, 4) && plausibleYearSlip(x.year, y.year),
      !monthEq && oneDigitApart(x.month! % 100, y.month! % 100, 2) && x.month! < 100 && y.month! < 100,
      !dayEq && oneDigitApart(x.day ?? 0, y.day ?? 0, 2),
    ];
    const wrong = [!yearEq, !monthEq, !dayEq].filter(Boolean).length;
    if (wrong === 1 && off.some(Boolean)) return "one-field-off";
  }
  if (yearEq && bothMonth && x.month === y.month) return "same-year-month";
  if (yearEq) return "same-year";
  if (Math.abs(x.year - y.year) === 1 && monthEq && dayEq) return "year-off-by-one";
  return "different";
}

/** The characters that give a written date its shape: units and separators. */
const DATE_MARKERS = /^[年月日号號.\-/／．・]$/u;
const ARABIC_DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const HAN_DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const isArabic = (ch: string | undefined) => ch !== undefined && /^[0-9]$/u.test(toHalfWidth(ch));

/**
 * The dates a written date may be when one of its digits was not read:
 * - the one character standing where a digit belongs (between numerals, or
 *   between a numeral and 年/月/日 or a separator) is tried as each digit in
 *   turn, and as nothing (a stray mark): 一九人七年十月四日 (〇 read as 人) is
 *   one of 1907-10-04 … 1997-10-04; 一九五咏年 one of 1950 … 1959;
 *   十四有日 is 十四日; a mark before the first numeral (照1927.11.23, from
 *   the 照片 box beside it) is tried as nothing, one after the last as a
 *   digit or nothing;
 * - a year of three digits written digit by digit lost one: 〇, the thin
 *   circle OCR most often drops, is tried at each place (一九二年: 1902 or
 *   1920);
 * - a year of five digits with a zero twice in a row read one zero twice
 *   (一九二O〇年, the O a round mark read as 〇).
 * Round marks beside numerals count as zeros throughout (一九o年: 一九〇年).
 * Returns [] for a date that parses as written, for two or more unread
 * characters, and where nothing makes a date. Candidates, never a reading:
 * which one was written is not known.
 */
export function datesWithUnreadableDigit(text: string, opts: ParseDateOptions = {}): ParsedDate[] {
  return textsWithUnreadableDigit(text, opts).map((c) => c.date);
}

/** {@link datesWithUnreadableDigit}, each date with the text that gave it (一九七年 → 一九〇七年, 一九七〇年). */
export function textsWithUnreadableDigit(text: string, opts: ParseDateOptions = {}): { text: string; date: ParsedDate }[] {
  if (typeof text !== "string" || text.length > 64 || parseDate(text, opts) !== null) return [];
  const chars = roundMarksAsZero(Array.from(text.trim()));
  const isNumeral = (ch: string | undefined) => ch !== undefined && isNumeralChar(ch);
  const isMarker = (ch: string | undefined) => ch !== undefined && DATE_MARKERS.test(ch);
  const out = new Map<string, { text: string; date: ParsedDate }>();
  const tryText = (candidate: string) => {
    const parsed = parseDate(candidate, opts);
    const key = parsed && `${parsed.calendar}|${formatIsoPartial(parsed)}`;
    if (parsed && !out.has(key!)) out.set(key!, { text: candidate, date: { ...parsed, raw: text.trim() } });
  };
  const slots: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (isNumeral(ch) || isMarker(ch) || /\s/u.test(ch)) continue;
    const [left, right] = [chars[i - 1], chars[i + 1]];
    if ((isNumeral(left) && (isNumeral(right) || isMarker(right))) || (isMarker(left) && isNumeral(right)) || (i === 0 && isNumeral(right)) || (i === chars.length - 1 && isNumeral(left))) slots.push(i);
  }
  if (slots.length === 1) {
    const at = slots[0];
    const digits = at === 0 ? [] : isArabic(chars[at - 1]) || isArabic(chars[at + 1]) ? ARABIC_DIGITS : HAN_DIGITS;
    for (const digit of [...digits, ""]) tryText([...chars.slice(0, at), digit, ...chars.slice(at + 1)].join(""));
  } else if (slots.length === 0) {
    // Three digits before 年 or a separator, at the start: a four-digit year that lost its 〇.
    const run = chars.findIndex((ch) => !isNumeral(ch));
    const year = chars.slice(0, run);
    if (run === 3 && isMarker(chars[run]) && year.every((ch) => isNumeral(ch) && !/[十百千万萬拾佰仟廿卅卌]/u.test(ch))) {
      const zero = isArabic(year[0]) ? "0" : "〇";
      for (let at = 1; at <= 3; at++) tryText([...chars.slice(0, at), zero, ...chars.slice(at)].join(""));
    }
    // Five, with a zero read twice (一九二O〇年: O and 〇 are two readings of one 〇).
    if (run === 5 && isMarker(chars[run]) && year.every((ch) => isNumeral(ch) && !/[十百千万萬拾佰仟廿卅卌]/u.test(ch))) {
      for (let at = 1; at < 5; at++) if (/[〇0]/u.test(year[at]) && year[at - 1] === year[at]) tryText([...chars.slice(0, at), ...chars.slice(at + 1)].join(""));
    }
  }
  return [...out.values()];
}
