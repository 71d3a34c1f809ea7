/**
 * Chinese numerals as registers write them: digit by digit for years
 * (一九五六), with place units for months, days and era years (二十一, 廿一),
 * and the financial forms (壹貳參) in either script.
 */
import { toHalfWidth } from "./text";

const DIGITS: Readonly<Record<string, number>> = {
  "0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9,
  〇: 0, 零: 0,
  一: 1, 壹: 1, 弌: 1, 幺: 1,
  二: 2, 贰: 2, 貳: 2, 弍: 2, 两: 2, 兩: 2,
  三: 3, 叁: 3, 參: 3, 参: 3, 弎: 3,
  四: 4, 肆: 4,
  五: 5, 伍: 5,
  六: 6, 陆: 6, 陸: 6,
  七: 7, 柒: 7,
  八: 8, 捌: 8,
  九: 9, 玖: 9,
};

const UNITS: Readonly<Record<string, number>> = {
  十: 10, 拾: 10,
  百: 100, 佰: 100,
  千: 1000, 仟: 1000,
  万: 10_000, 萬: 10_000,
  亿: 100_000_000, 億: 100_000_000,
};

/** 廿 (20), 卅 (30) and 卌 (40) read as a digit followed by 十. */
const TENS: Readonly<Record<string, number>> = { 廿: 2, 卄: 2, 卅: 3, 卌: 4 };

type NumeralToken = { kind: "digit"; value: number } | { kind: "unit"; value: number };

/** Is the character part of a numeral (a digit, a place unit, 廿/卅/卌)? */
export function isNumeralChar(ch: string): boolean {
  const c = toHalfWidth(ch);
  return c in DIGITS || c in UNITS || c in TENS;
}

function tokenize(text: string): NumeralToken[] | null {
  const tokens: NumeralToken[] = [];
  for (const ch of text) {
    if (ch in DIGITS) tokens.push({ kind: "digit", value: DIGITS[ch] });
    else if (ch in UNITS) tokens.push({ kind: "unit", value: UNITS[ch] });
    else if (ch in TENS) tokens.push({ kind: "digit", value: TENS[ch] }, { kind: "unit", value: 10 });
    else return null;
  }
  return tokens;
}

/**
 * Reads a Chinese (or Arabic, or mixed digit-by-digit) numeral. Without place
 * units the digits are read one by one (一九五六 → 1956, 〇 → 0); with units
 * they are read as a quantity (二十一 → 21, 廿一 → 21, 一百零五 → 105, 一百五 → 150).
 * Returns null for anything that is not a well-formed numeral.
 */
export function parseChineseNumber(text: string): number | null {
  const compact = toHalfWidth(text).replace(/\s+/gu, "");
  const tokens = tokenize(compact);
  if (!tokens || tokens.length === 0) return null;
  if (tokens.every((t) => t.kind === "digit")) {
    if (tokens.length > 15) return null;
    return tokens.reduce((n, t) => n * 10 + t.value, 0);
  }
  return readWithUnits(tokens);
}

function readWithUnits(tokens: NumeralToken[]): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastSmallUnit = Infinity;
  let lastBigUnit = Infinity;
  let afterZero = false;
  let prev: NumeralToken | null = null;

  for (const token of tokens) {
    if (token.kind === "digit") {
      if (digit !== null && !(digit === 0 && prev?.kind === "digit")) return null;
      if (token.value === 0) {
        if (prev === null) return null;
        afterZero = true;
        digit = 0;
      } else {
        digit = token.value;
      }
    } else if (token.value < 10_000) {
      if (digit === 0) return null;
      if (digit === null) {
        // A bare 十 may open a section (十二, 一万十); no other unit may.
        if (token.value !== 10 || prev?.kind === "unit" && prev.value < 10_000) return null;
        digit = 1;
      }
      if (token.value >= lastSmallUnit) return null;
      section += digit * token.value;
      lastSmallUnit = token.value;
      digit = null;
      afterZero = false;
    } else {
      if (digit === 0) return null;
      section += digit ?? 0;
      if (section === 0 || token.value >= lastBigUnit) return null;
      total += section * token.value;
      section = 0;
      digit = null;
      lastSmallUnit = Infinity;
      lastBigUnit = token.value;
      afterZero = false;
    }
    prev = token;
  }

  if (digit !== null) {
    if (digit === 0) return null;
    if (!afterZero && prev?.kind === "digit") {
      // A trailing digit straight after a unit is an abbreviation: 一百五 = 150, 一万五 = 15000.
      const unit = lastSmallUnit !== Infinity ? lastSmallUnit : lastBigUnit;
      const before = tokens[tokens.length - 2];
      if (before?.kind === "unit" && unit >= 100) section += (digit * unit) / 10;
      else section += digit;
    } else {
      section += digit;
    }
  }
  const value = total + section;
  return Number.isSafeInteger(value) ? value : null;
}

const DIGIT_CHARS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** Writes a non-negative integer digit by digit: 1956 → 一九五六, 0 → 〇. */
export function toChineseDigits(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
  return Array.from(String(n), (d) => DIGIT_CHARS[Number(d)]).join("");
}

/** Writes 0..99999 with place units the way dates and ages are written: 12 → 十二, 21 → 二十一, 105 → 一百零五. */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99_999) throw new RangeError(`out of range: ${n}`);
  if (n === 0) return "零";
  const places: Array<[number, string]> = [[10_000, "万"], [1000, "千"], [100, "百"], [10, "十"], [1, ""]];
  let out = "";
  let pendingZero = false;
  let rest = n;
  for (const [size, unit] of places) {
    const d = Math.floor(rest / size);
    rest %= size;
    if (d === 0) {
      if (out !== "") pendingZero = true;
      continue;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    out += (d === 1 && size === 10 && out === "" ? "" : DIGIT_CHARS[d]) + unit;
  }
  return out;
}
