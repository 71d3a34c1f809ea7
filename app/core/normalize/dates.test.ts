import fc from "fast-check";
import { Solar } from "lunar-javascript";
import { describe, expect, it } from "vitest";
import {
  DATE_COMPARISONS,
  compareDates,
  dateKey,
  datesWithUnreadableDigit,
  daysInMonth,
  formatIsoPartial,
  isValidGregorian,
  lunarMonthDays,
  lunarToGregorian,
  parseDate,
  type ParsedDate,
  type PartialYmd,
} from "./dates";
import { toChineseDigits, toChineseNumber } from "./numerals";

const ymd = (year: number, month: number | null = null, day: number | null = null): PartialYmd => ({ year, month, day });

function parsed(text: string, opts?: { defaultCentury?: number }): ParsedDate {
  const d = parseDate(text, opts);
  if (!d) throw new Error(`expected ${text} to parse`);
  return d;
}

describe("parseDate: Gregorian dates", () => {
  it.each([
    ["1956-03-12", ymd(1956, 3, 12)],
    ["1956/3/12", ymd(1956, 3, 12)],
    ["1956.3.12", ymd(1956, 3, 12)],
    ["19560312", ymd(1956, 3, 12)],
    ["1956年3月12日", ymd(1956, 3, 12)],
    ["1956年03月12日", ymd(1956, 3, 12)],
    ["1956年3月12号", ymd(1956, 3, 12)],
    ["1956年3月12", ymd(1956, 3, 12)],
    ["一九五六年三月十二日", ymd(1956, 3, 12)],
    ["一九五六年十二月三十一日", ymd(1956, 12, 31)],
    ["一九五六年三月廿八日", ymd(1956, 3, 28)],
    ["一九五六年三月卅日", ymd(1956, 3, 30)],
    ["一九〇五年元月五日", ymd(1905, 1, 5)],
    ["一千九百五十六年", ymd(1956)],
    ["１９５６年３月１２日", ymd(1956, 3, 12)],
    ["１９５６．３．１２", ymd(1956, 3, 12)],
    ["1956 年 3 月 12 日", ymd(1956, 3, 12)],
    ["一 九 五 六 年 三 月", ymd(1956, 3)],
    // Round marks OCR writes for 〇 beside numerals (tesseract, handwritten ledgers), and O typed for 0.
    ["一九七D年十二月二十四日", ymd(1970, 12, 24)],
    ["一九DO年三月二日", ymd(1900, 3, 2)],
    ["一九七G年五月十七日", ymd(1970, 5, 17)],
    ["一九五○年", ymd(1950)],
    ["19O0年3月2日", ymd(1900, 3, 2)],
    // A wrapped ledger cell read second line first: every part has its unit, so the order does not matter.
    ["一月二十日一九六八年", ymd(1968, 1, 20)],
    ["1月20日1968年", ymd(1968, 1, 20)],
    ["1956年3月", ymd(1956, 3)],
    ["1956年3月份", ymd(1956, 3)],
    ["1956-03", ymd(1956, 3)],
    ["1956.3", ymd(1956, 3)],
    ["1956年", ymd(1956)],
    ["1956", ymd(1956)],
    ["1956年度", ymd(1956)],
    ["2000-02-29", ymd(2000, 2, 29)],
    ["1956年3月12日生", ymd(1956, 3, 12)],
    ["出生日期：1956年3月12日", ymd(1956, 3, 12)],
    ["出生：1956.3.12", ymd(1956, 3, 12)],
    ["公历1956年3月12日", ymd(1956, 3, 12)],
    ["公元1956年", ymd(1956)],
    ["1956年3月12日。", ymd(1956, 3, 12)],
    ["出生於1956年", ymd(1956)],
    ["1956年3月12曰", ymd(1956, 3, 12)],
    ["1956年3月12日出生", ymd(1956, 3, 12)],
  ])("%s", (text, expected) => {
    const d = parsed(text);
    expect(d.calendar).toBe("gregorian");
    expect(d.source).toBe("gregorian");
    expect(d.uncertain).toBe(false);
    expect(d.gregorian).toEqual(expected);
    expect({ year: d.year, month: d.month, day: d.day }).toEqual(expected);
    expect(d.precision).toBe(expected.day !== null ? "day" : expected.month !== null ? "month" : "year");
    expect(d.raw).toBe(text);
  });

  it.each([
    ["约1956年", ymd(1956)],
    ["大约1956年", ymd(1956)],
    ["1956年左右", ymd(1956)],
    ["1956年前后", ymd(1956)],
    ["1956年3月?", ymd(1956, 3)],
  ])("%s is marked uncertain", (text, expected) => {
    const d = parsed(text);
    expect(d.gregorian).toEqual(expected);
    expect(d.uncertain).toBe(true);
  });

  it.each([
    ["五六年三月", ymd(1956, 3), undefined],
    ["五六年", ymd(1956), undefined],
    ["56年3月12日", ymd(1956, 3, 12), undefined],
    ["56.3.12", ymd(1956, 3, 12), undefined],
    ["〇八年五月", ymd(2008, 5), 2000],
    ["〇八年五月", ymd(2008, 5), 20],
    ["五六年", ymd(1956), 19],
    ["四十五年", ymd(1945), undefined],
  ])("short year %s → %j (century %s)", (text, expected, century) => {
    const d = parsed(text, century === undefined ? undefined : { defaultCentury: century });
    expect(d.source).toBe("short-year");
    expect(d.uncertain).toBe(true);
    expect(d.gregorian).toEqual(expected);
  });
});

describe("parseDate: ROC, Japanese and Qing eras", () => {
  it.each([
    ["民國45年3月12日", ymd(1956, 3, 12)],
    ["民国45年3月12日", ymd(1956, 3, 12)],
    ["民45.3.12", ymd(1956, 3, 12)],
    ["民45年", ymd(1956)],
    ["中華民國四十五年", ymd(1956)],
    ["中華民國四十五年三月十二日", ymd(1956, 3, 12)],
    ["民國四五年", ymd(1956)],
    ["民國元年", ymd(1912)],
    ["民國元年1月1日", ymd(1912, 1, 1)],
    ["民國前1年", ymd(1911)],
    ["民國前十年五月", ymd(1902, 5)],
    ["民國 45 年 3 月 12 日", ymd(1956, 3, 12)],
    ["民國１１３年", ymd(2024)],
  ])("ROC %s", (text, expected) => {
    const d = parsed(text);
    expect(d.source).toBe("roc");
    expect(d.era).toBe("民国");
    expect(d.calendar).toBe("gregorian");
    expect(d.gregorian).toEqual(expected);
    expect(d.year).toBe(expected.year);
  });

  it.each([
    ["明治元年", "明治", ymd(1868), true],
    ["明治6年1月1日", "明治", ymd(1873, 1, 1), false],
    ["明治45年", "明治", ymd(1912), false],
    ["大正元年", "大正", ymd(1912), false],
    ["大正元年8月1日", "大正", ymd(1912, 8, 1), false],
    ["大正元年3月1日", "大正", ymd(1912, 3, 1), true],
    ["大正十五年十二月二十日", "大正", ymd(1926, 12, 20), false],
    ["昭和元年12月25日", "昭和", ymd(1926, 12, 25), false],
    ["昭和3年5月6日", "昭和", ymd(1928, 5, 6), false],
    ["昭和二十年八月十五日", "昭和", ymd(1945, 8, 15), false],
    ["昭和64年1月7日", "昭和", ymd(1989, 1, 7), false],
    ["昭和64年1月8日", "昭和", ymd(1989, 1, 8), true],
    ["平成元年", "平成", ymd(1989), false],
  ])("Japanese %s", (text, era, expected, uncertain) => {
    const d = parsed(text);
    expect(d.source).toBe("japanese");
    expect(d.era).toBe(era);
    expect(d.calendar).toBe("gregorian");
    expect(d.gregorian).toEqual(expected);
    expect(d.uncertain).toBe(uncertain);
  });

  it.each([
    ["光緒二年", "光绪", 1876],
    ["光绪二年八月十五", "光绪", 1876],
    ["宣統三年", "宣统", 1911],
    ["同治元年正月初一", "同治", 1862],
    ["咸豐元年", "咸丰", 1851],
  ])("Qing reign year %s is a lunar year", (text, era, year) => {
    const d = parsed(text);
    expect(d.calendar).toBe("lunar");
    expect(d.source).toBe("lunar");
    expect(d.era).toBe(era);
    expect(d.year).toBe(year);
    expect(d.uncertain).toBe(true);
  });

  it.each(["大正16年", "昭和65年", "明治46年", "宣統四年", "民國0年", "民國1234年", "光緒三十五年"])("%s does not exist", (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe("parseDate: lunar dates", () => {
  it.each([
    ["一九五六年農曆八月十五", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["農曆1956年八月十五日", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["农历1956年8月15日", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["陰曆1956年8月15日", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["舊曆1956年8月15日", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["1956年8月15日(農曆)", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["(農曆)1956年8月15日", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
    ["一九五六年正月初三", { y: 1956, m: 1, d: 3 }, ymd(1956, 2, 14)],
    ["1956年臘月廿八", { y: 1956, m: 12, d: 28 }, ymd(1957, 1, 28)],
    ["1956年冬月初五", { y: 1956, m: 11, d: 5 }, ymd(1956, 12, 6)],
    ["2020年閏四月初一", { y: 2020, m: 4, d: 1 }, ymd(2020, 5, 23)],
    ["2020年农历四月初一", { y: 2020, m: 4, d: 1 }, ymd(2020, 4, 23)],
    ["民國四十五年農曆八月十五", { y: 1956, m: 8, d: 15 }, ymd(1956, 9, 19)],
  ])("%s", (text, lunar, gregorian) => {
    const d = parsed(text);
    expect(d.calendar).toBe("lunar");
    expect(d.source).toBe("lunar");
    expect(d.uncertain).toBe(true);
    expect([d.year, d.month, d.day]).toEqual([lunar.y, lunar.m, lunar.d]);
    expect(d.gregorian).toEqual(gregorian);
  });

  it("marks leap months and only leap months", () => {
    expect(parsed("2020年閏四月初一").leapMonth).toBe(true);
    expect(parsed("2020年農曆四月初一").leapMonth).toBeUndefined();
    expect(parsed("1957年閏八月").leapMonth).toBe(true);
  });

  it("does not read a lunar date as Gregorian", () => {
    const d = parsed("農曆1956年3月12日");
    expect(d.calendar).toBe("lunar");
    expect(d.gregorian).not.toEqual(ymd(1956, 3, 12));
    expect(d.gregorian).toEqual(ymd(1956, 4, 22));
  });

  it("keeps partial lunar dates partial in Gregorian terms", () => {
    const month = parsed("1956年農曆三月");
    expect(month.precision).toBe("month");
    expect(month.gregorian).toEqual(ymd(1956));
    const year = parsed("農曆1956年");
    expect(year.precision).toBe("year");
    expect(year.gregorian).toEqual(ymd(1956));
  });

  it("gives the Gregorian month when a lunar month falls inside one", () => {
    // Lunar 1956-08 runs 1956-09-05..1956-10-03, so only the year is certain.
    expect(parsed("1956年農曆八月").gregorian).toEqual(ymd(1956));
  });

  it.each([
    "1956年閏四月初一",
    "2021年閏四月初一",
    "1956年農曆二月三十一",
    "2020年閏四月三十",
    "公历1956年閏四月",
    "公历1956年正月初三",
    "農曆八月十五",
    "正月初三",
    "1956年初十一",
    "農曆公曆1956年",
  ])("%s → null", (text) => {
    expect(parseDate(text)).toBeNull();
  });

  it("validates days against the lunar month's length", () => {
    expect(lunarMonthDays(2020, 4)).toBe(30);
    expect(lunarMonthDays(2020, 4, true)).toBe(29);
    expect(lunarMonthDays(2021, 4, true)).toBeNull();
    expect(parseDate("2020年農曆四月三十")).not.toBeNull();
    expect(lunarToGregorian(2020, 4, 30)).toEqual([2020, 5, 22]);
    expect(lunarToGregorian(2020, 4, 30, true)).toBeNull();
  });
});

describe("parseDate: junk and impossible dates", () => {
  it.each([
    "",
    "   ",
    "abc",
    "junk 1956",
    "1956年13月",
    "1956年0月",
    "1956-02-30",
    "1955-02-29",
    "1900-02-29",
    "1956年4月31日",
    "1956年3月32日",
    "3月12日",
    "123年",
    "12345",
    "195603",
    "1956-3/12",
    "1956年3.12",
    "明治",
    "民國",
    "農曆",
    "1799年",
    "2101年",
    "9999-99-99",
    "1956年3月12日下午",
    "一九五六五年",
    "a".repeat(100),
  ])("%j → null", (text) => {
    expect(parseDate(text)).toBeNull();
  });

  it("never throws, whatever the input", () => {
    const registerish = fc.string({
      unit: fc.constantFrom(..."0123456789一二三四五六七八九十〇廿卅年月日号初正腊闰閏農曆农历民國前明治大正昭和光緒元.-/ ()約".split("")),
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), registerish), (s) => {
        expect(() => parseDate(s)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
    expect(parseDate(undefined as unknown as string)).toBeNull();
    expect(parseDate(1956 as unknown as string)).toBeNull();
  });
});

describe("calendar helpers", () => {
  it.each([
    [1956, 2, 29],
    [1955, 2, 28],
    [2000, 2, 29],
    [1900, 2, 28],
    [1956, 4, 30],
    [1956, 12, 31],
  ])("%d-%d has %d days", (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });

  it("accepts only real dates within range", () => {
    expect(isValidGregorian(1956, 3, 12)).toBe(true);
    expect(isValidGregorian(1956, 2, 30)).toBe(false);
    expect(isValidGregorian(1799, 1, 1)).toBe(false);
    expect(isValidGregorian(1956, 3, 1.5)).toBe(false);
  });
});

describe("formatIsoPartial and dateKey", () => {
  it.each([
    ["1956", "1956"],
    ["1956年3月", "1956-03"],
    ["1956年3月12日", "1956-03-12"],
    ["民國45年3月12日", "1956-03-12"],
    ["一九五六年農曆八月十五", "1956-09-19"],
    ["1956年臘月廿八", "1957-01-28"],
    ["1956年農曆三月", "1956"],
  ])("%s → %s", (text, iso) => {
    expect(formatIsoPartial(parsed(text))).toBe(iso);
  });

  it("keys dates by Gregorian year", () => {
    expect(dateKey(parsed("1956年3月12日"))).toBe("1956");
    expect(dateKey(parsed("民國45年"))).toBe("1956");
    expect(dateKey(parsed("1956年臘月廿八"))).toBe("1957");
  });
});

describe("compareDates", () => {
  it.each([
    ["1956-03-12", "1956年3月12日", "exact"],
    ["1956", "一九五六年", "exact"],
    ["農曆1956年八月十五", "一九五六年農曆八月十五", "exact"],
    ["民國45年3月12日", "1956-03-12", "same-after-era-conversion"],
    ["昭和31年3月12日", "1956-03-12", "same-after-era-conversion"],
    ["民國45年3月12日", "昭和31年3月12日", "same-after-era-conversion"],
    ["五六年三月", "1956年3月", "same-after-era-conversion"],
    ["一九五六年農曆八月十五", "1956-09-19", "same-after-era-conversion"],
    ["光緒二年八月十五", "農曆1876年八月十五", "same-after-era-conversion"],
    ["1956-03-12", "1956-12-03", "day-month-swapped"],
    ["1956-03-12", "1956-03-17", "one-field-off"],
    ["1956-03-12", "1958-03-12", "one-field-off"],
    ["1936-03-12", "1986-03-12", "one-field-off"],
    ["1980-04-24", "1989-04-24", "different"],
    ["1940-04-24", "1970-04-24", "different"],
    ["1956-03-12", "1956-08-12", "one-field-off"],
    ["1956-03", "1956-08", "one-field-off"],
    ["1956-03-12", "1956-03-25", "same-year-month"],
    ["1956-03-12", "1956-07-25", "same-year"],
    ["1956-03", "1956-11", "same-year"],
    ["1956-03-12", "1956-11", "same-year"],
    ["1959-03-12", "1960-03-12", "year-off-by-one"],
    ["1956", "1957-03", "year-off-by-one"],
    ["1956", "1956-03-12", "partial-compatible"],
    ["1956-03", "1956-03-12", "partial-compatible"],
    ["1956年農曆三月", "1956-04-20", "partial-compatible"],
    ["1956-03-12", "1970-08-01", "different"],
    ["1956-03-12", "1957-04-12", "different"],
    ["1956", "1960", "different"],
    ["2020年閏四月初一", "2020年農曆四月初一", "same-year"],
    ["農曆1956年3月12日", "1956-03-12", "same-year"],
  ] as const)("%s vs %s → %s", (a, b, expected) => {
    expect(compareDates(parsed(a), parsed(b))).toBe(expected);
    expect(compareDates(parsed(b), parsed(a))).toBe(expected);
  });

  it("never rates a lunar date against a Gregorian one as exact", () => {
    fc.assert(
      fc.property(validGregorian(1901, 2099), ({ y, m, d }) => {
        const lunar = Solar.fromYmd(y, m, d).getLunar();
        const lunarText = `農曆${lunar.getYear()}年${lunar.getMonth() < 0 ? "閏" : ""}${Math.abs(lunar.getMonth())}月${lunar.getDay()}日`;
        expect(compareDates(parsed(lunarText), parsed(`${y}-${m}-${d}`))).toBe("same-after-era-conversion");
      }),
      { numRuns: 100 },
    );
  });

  it("is symmetric and reflexive", () => {
    fc.assert(
      fc.property(anyParsedDate, anyParsedDate, (a, b) => {
        expect(compareDates(a, b)).toBe(compareDates(b, a));
        expect(compareDates(a, a)).toBe("exact");
        expect(DATE_COMPARISONS).toContain(compareDates(a, b));
      }),
      { numRuns: 500 },
    );
  });
});

/** A valid Gregorian date between the given years. */
function validGregorian(minYear: number, maxYear: number) {
  return fc
    .record({ y: fc.integer({ min: minYear, max: maxYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .map(({ y, m, d }) => ({ y, m, d: Math.min(d, daysInMonth(y, m)) }));
}

type Ymd = { y: number; m: number; d: number };
type Form = { name: string; accepts: (date: Ymd) => boolean; write: (date: Ymd) => string; opts?: (date: Ymd) => { defaultCentury: number } };

const pad = (n: number) => String(n).padStart(2, "0");
const fullWidth = (s: string) => s.replace(/[0-9.\-/]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const eraYear = (n: number, chinese: boolean) => (n === 1 ? "元" : chinese ? toChineseNumber(n) : String(n));

const JAPANESE_ERAS = [
  { name: "明治", base: 1868, from: [1873, 1, 1], to: [1912, 7, 29] },
  { name: "大正", base: 1912, from: [1912, 7, 30], to: [1926, 12, 24] },
  { name: "昭和", base: 1926, from: [1926, 12, 25], to: [1989, 1, 7] },
] as const;
const key = ({ y, m, d }: Ymd) => y * 10_000 + m * 100 + d;
const eraOf = (date: Ymd) =>
  JAPANESE_ERAS.find((e) => key(date) >= e.from[0] * 10_000 + e.from[1] * 100 + e.from[2] && key(date) <= e.to[0] * 10_000 + e.to[1] * 100 + e.to[2]);

const FORMS: Form[] = [
  { name: "iso", accepts: () => true, write: ({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}` },
  { name: "slash", accepts: () => true, write: ({ y, m, d }) => `${y}/${m}/${d}` },
  { name: "dot", accepts: () => true, write: ({ y, m, d }) => `${y}.${m}.${d}` },
  { name: "compact", accepts: () => true, write: ({ y, m, d }) => `${y}${pad(m)}${pad(d)}` },
  { name: "cjk digits", accepts: () => true, write: ({ y, m, d }) => `${y}年${m}月${d}日` },
  { name: "full-width", accepts: () => true, write: ({ y, m, d }) => fullWidth(`${y}年${m}月${d}日`) },
  { name: "spaced", accepts: () => true, write: ({ y, m, d }) => `${y} 年 ${m} 月 ${d} 日` },
  {
    name: "chinese numerals",
    accepts: () => true,
    write: ({ y, m, d }) => `${toChineseDigits(y)}年${toChineseNumber(m)}月${toChineseNumber(d)}日`,
  },
  { name: "chinese 号", accepts: () => true, write: ({ y, m, d }) => `${toChineseDigits(y)}年${toChineseNumber(m)}月${toChineseNumber(d)}号` },
  { name: "roc", accepts: ({ y }) => y >= 1912, write: ({ y, m, d }) => `民國${eraYear(y - 1911, false)}年${m}月${d}日` },
  { name: "roc short", accepts: ({ y }) => y >= 1913, write: ({ y, m, d }) => `民${y - 1911}.${m}.${d}` },
  {
    name: "roc chinese",
    accepts: ({ y }) => y >= 1912,
    write: ({ y, m, d }) => `中華民國${eraYear(y - 1911, true)}年${toChineseNumber(m)}月${toChineseNumber(d)}日`,
  },
  { name: "roc before", accepts: ({ y }) => y <= 1911 && y >= 1812, write: ({ y, m, d }) => `民國前${1912 - y}年${m}月${d}日` },
  {
    name: "japanese",
    accepts: (date) => eraOf(date) !== undefined,
    write: (date) => {
      const era = eraOf(date)!;
      return `${era.name}${eraYear(date.y - era.base + 1, false)}年${date.m}月${date.d}日`;
    },
  },
  {
    name: "japanese chinese",
    accepts: (date) => eraOf(date) !== undefined,
    write: (date) => {
      const era = eraOf(date)!;
      return `${era.name}${eraYear(date.y - era.base + 1, true)}年${toChineseNumber(date.m)}月${toChineseNumber(date.d)}日`;
    },
  },
  {
    name: "short year",
    accepts: () => true,
    write: ({ y, m, d }) => `${toChineseDigits(y % 100).padStart(2, "〇")}年${toChineseNumber(m)}月${toChineseNumber(d)}日`,
    opts: ({ y }) => ({ defaultCentury: Math.floor(y / 100) * 100 }),
  },
];

describe("parseDate round trips", () => {
  it.each(FORMS.map((f) => [f.name, f] as const))("reads back a random valid date written as %s", (_, form) => {
    fc.assert(
      fc.property(validGregorian(1800, 2100).filter(form.accepts), (date) => {
        const text = form.write(date);
        const d = parseDate(text, form.opts?.(date));
        expect(d, text).not.toBeNull();
        expect(d!.calendar).toBe("gregorian");
        expect(d!.gregorian).toEqual(ymd(date.y, date.m, date.d));
        expect(formatIsoPartial(d!)).toBe(`${date.y}-${pad(date.m)}-${pad(date.d)}`);
      }),
      { numRuns: 150 },
    );
  });

  it("reads back a random date written in the lunar calendar", () => {
    const monthName = (m: number) => (m === 1 ? "正" : toChineseNumber(m));
    const dayName = (d: number) => (d <= 10 ? `初${toChineseNumber(d)}` : d < 20 || d === 30 ? toChineseNumber(d) : d === 20 ? "二十" : `廿${toChineseNumber(d - 20)}`);
    fc.assert(
      fc.property(validGregorian(1801, 2099), ({ y, m, d }) => {
        const lunar = Solar.fromYmd(y, m, d).getLunar();
        const lm = lunar.getMonth();
        const text = `農曆${toChineseDigits(lunar.getYear())}年${lm < 0 ? "閏" : ""}${monthName(Math.abs(lm))}月${dayName(lunar.getDay())}`;
        const parsedLunar = parseDate(text);
        expect(parsedLunar, text).not.toBeNull();
        expect(parsedLunar!.calendar).toBe("lunar");
        expect(parsedLunar!.leapMonth ?? false).toBe(lm < 0);
        expect(parsedLunar!.gregorian).toEqual(ymd(y, m, d));
      }),
      { numRuns: 150 },
    );
  });
});

const anyParsedDate = fc
  .tuple(validGregorian(1870, 2050), fc.constantFrom(...FORMS.slice(0, 13)), fc.constantFrom("day", "month", "year", "lunar"))
  .map(([date, form, variant]) => {
    if (variant === "lunar") {
      const lunar = Solar.fromYmd(date.y, date.m, date.d).getLunar();
      return parsed(`農曆${lunar.getYear()}年${lunar.getMonth() < 0 ? "閏" : ""}${Math.abs(lunar.getMonth())}月${lunar.getDay()}日`);
    }
    if (variant === "year") return parsed(`${date.y}年`);
    if (variant === "month") return parsed(`${date.y}年${date.m}月`);
    return form.accepts(date) ? parsed(form.write(date)) : parsed(`${date.y}-${date.m}-${date.d}`);
  });

describe("datesWithUnreadableDigit: a date with one digit not read", () => {
  const iso = (text: string) => datesWithUnreadableDigit(text).map(formatIsoPartial);

  it("tries every digit where one character stands between numerals", () => {
    // 〇 read as 人 in a handwritten year.
    expect(iso("一九人七年十月四日")).toEqual(Array.from({ length: 10 }, (_, d) => `19${d}7-10-04`));
    // The last digit of a year, before 年.
    expect(iso("一九五咏年")).toEqual(Array.from({ length: 10 }, (_, d) => `195${d}`));
    // Arabic digits take Arabic candidates; the mark may also be a stray one (3月1日).
    expect(iso("1956年3月1x日")).toEqual([...Array.from({ length: 10 }, (_, d) => `1956-03-1${d}`), "1956-03-01"]);
  });

  it("keeps only the digits that make a date", () => {
    // 四十〇 is no era year: 民國41 … 49, or 40 without the mark.
    expect(iso("民國四十人年")).toEqual([...Array.from({ length: 9 }, (_, d) => String(1952 + d)), "1951"]);
    // A month after 十 can only be 11 or 12 (or 10); 2月3x日 only 30 or 31, or 3: February has neither 30 nor 31.
    expect(iso("一九五六年十?月")).toEqual(["1956-11", "1956-12", "1956-10"]);
    expect(iso("1956年2月3x日")).toEqual(["1956-02-03"]);
  });

  it("tries a mark before the date as nothing, and one after it as a digit or nothing", () => {
    // 照 from the 照片 box beside the date.
    expect(iso("照1927.11.23")).toEqual(["1927-11-23"]);
    expect(iso("1956.3.1x")).toEqual([...Array.from({ length: 10 }, (_, d) => `1956-03-1${d}`), "1956-03-01"]);
  });

  it("tries a lost 〇 at each place of a three-digit year", () => {
    expect(iso("一九二年七月十七日")).toEqual(["1902-07-17", "1920-07-17"]);
    expect(iso("一九八年十二月二十四日")).toEqual(["1908-12-24", "1980-12-24"]);
    expect(iso("192年7月17日")).toEqual(["1902-07-17", "1920-07-17"]);
    // Not where the year has units (二十年 is an era year, and needs its era) or only one digit is left.
    expect(iso("二十年")).toEqual([]);
    expect(iso("八年十二月二十五日")).toEqual([]);
  });

  it("tries a stray mark as nothing too", () => {
    expect(iso("一九四七年十一月十四有日")).toEqual(["1947-11-14"]);
    // A mark after a whole year: 19560 is no year, so only 1956.
    expect(iso("一九五六有年")).toEqual(["1956"]);
  });

  it("reads round marks beside numerals as zeros, and a zero read twice once", () => {
    // Seed 4242's ledger: tesseract read 一九〇〇年 as 一九o年 (one 〇 lost) and 一九〇〇年三月二日 as 一九DO年三月二日.
    expect(iso("一九o年八月九日")).toEqual(["1900-08-09"]);
    expect(iso("一九二O〇年七月十七日")).toEqual(["1920-07-17"]);
    expect(iso("一九〇〇〇年")).toEqual(["1900"]);
    // Five digits with no zero read twice are no year.
    expect(iso("一九二三四年")).toEqual([]);
  });

  it("gives nothing for a date that parses, two unread characters, or no digit slot", () => {
    expect(datesWithUnreadableDigit("一九五六年三月十二日")).toEqual([]);
    expect(datesWithUnreadableDigit("一人五人年三月十二日")).toEqual([]);
    expect(datesWithUnreadableDigit("19a7年x月3日")).toEqual([]);
    expect(datesWithUnreadableDigit("昭和?年")).toEqual([]);
    expect(datesWithUnreadableDigit("")).toEqual([]);
    expect(datesWithUnreadableDigit("一".repeat(80))).toEqual([]);
  });

  it("keeps the text as written on every candidate", () => {
    for (const d of datesWithUnreadableDigit(" 一九人七年十月四日 ")) expect(d.raw).toBe("一九人七年十月四日");
  });
});

describe("parseDate: a year written after its month and day", () => {
  it.each(["一月二十日六八年", "一月二十日", "二十日一九六八年", "一月一九六八年", "一九六八年一月二十日一九六九年"])("%s → null", (text) => {
    expect(parseDate(text)).toBeNull();
  });
});
