/**
 * Writes ISO dates the way registers do: Gregorian digits, Gregorian year
 * spelled digit by digit in Chinese numerals (一九五六年三月十二日), or ROC years
 * (民國45年 = 1956, 民國前3年 = 1909) as on Taiwanese-style pages.
 * Output is Simplified-neutral except the ROC forms, which are Traditional
 * because they only appear on Traditional pages.
 */

export const DATE_STYLES = ["gregorian-digits", "gregorian-dotted", "gregorian-hanzi", "roc-digits", "roc-hanzi"] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

const DIGITS = "〇一二三四五六七八九";

/** 1..99 as counted in Chinese: 十, 十二, 二十, 四十五. */
export function hanziNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`hanziNumber out of range: ${n}`);
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${units === 0 ? "" : DIGITS[units]}`;
}

/** 1956 -> 一九五六 */
export function hanziDigits(n: number): string {
  return String(n)
    .split("")
    .map((d) => DIGITS[Number(d)])
    .join("");
}

function parseIso(iso: string): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!match) throw new Error(`not an ISO date: ${iso}`);
  return { year: Number(match[1]), month: Number(match[2]), day: match[3] ? Number(match[3]) : 0 };
}

function rocYear(year: number, hanzi: boolean): string {
  const roc = year - 1911;
  if (roc >= 1) return `民國${hanzi ? hanziNumber(roc) : roc}年`;
  // There is no year 0: 1911 is 民國前1年.
  const before = 1912 - year;
  return `民國前${hanzi ? hanziNumber(before) : before}年`;
}

/** Formats yyyy-mm-dd, or yyyy-mm for a year-month (move-in dates). */
export function formatDate(iso: string, style: DateStyle): string {
  const { year, month, day } = parseIso(iso);
  const hasDay = day > 0;
  switch (style) {
    case "gregorian-digits":
      return `${year}年${month}月${hasDay ? `${day}日` : ""}`;
    case "gregorian-dotted":
      return hasDay ? `${year}.${String(month).padStart(2, "0")}.${String(day).padStart(2, "0")}` : `${year}.${String(month).padStart(2, "0")}`;
    case "gregorian-hanzi":
      return `${hanziDigits(year)}年${hanziNumber(month)}月${hasDay ? `${hanziNumber(day)}日` : ""}`;
    case "roc-digits":
      return `${rocYear(year, false)}${month}月${hasDay ? `${day}日` : ""}`;
    case "roc-hanzi":
      return `${rocYear(year, true)}${hanziNumber(month)}月${hasDay ? `${hanziNumber(day)}日` : ""}`;
  }
}

export function isRocStyle(style: DateStyle): boolean {
  return style.startsWith("roc-");
}

/** Days in a Gregorian month (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day?: number): string {
  const ym = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
  return day === undefined ? ym : `${ym}-${String(day).padStart(2, "0")}`;
}
