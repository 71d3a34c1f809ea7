import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNumeralChar, parseChineseNumber, toChineseDigits, toChineseNumber } from "./numerals";

describe("parseChineseNumber", () => {
  it.each([
    ["一九五六", 1956],
    ["一九〇五", 1905],
    ["一九零五", 1905],
    ["二〇〇八", 2008],
    ["五六", 56],
    ["十", 10],
    ["十二", 12],
    ["二十", 20],
    ["二十一", 21],
    ["三十", 30],
    ["三十一", 31],
    ["一十二", 12],
    ["廿", 20],
    ["廿一", 21],
    ["廿八", 28],
    ["卅", 30],
    ["卅一", 31],
    ["卌", 40],
    ["〇", 0],
    ["零", 0],
    ["一", 1],
    ["两", 2],
    ["兩", 2],
    ["两百", 200],
    ["壹貳參", 123],
    ["壹贰叁", 123],
    ["肆伍陸柒捌玖", 456789],
    ["拾", 10],
    ["壹佰零伍", 105],
    ["贰拾壹", 21],
    ["一百", 100],
    ["一百零五", 105],
    ["一百一十", 110],
    ["一百五", 150],
    ["三千二", 3200],
    ["一千九百五十六", 1956],
    ["一万", 10_000],
    ["一万五", 15_000],
    ["一万零五", 10_005],
    ["十万", 100_000],
    ["一亿", 100_000_000],
    ["1956", 1956],
    ["１９５６", 1956],
    ["19五6", 1956],
    [" 十 二 ", 12],
    ["幺九五六", 1956],
  ])("%s → %d", (input, expected) => {
    expect(parseChineseNumber(input)).toBe(expected);
  });

  it.each(["", " ", "abc", "十十", "百", "千五", "二二十", "零十", "一百零", "十百", "一万万", "年", "三月", "五六年", "1.5", "-3", "一二三四五六七八九〇一二三四五六"])(
    "%j → null",
    (input) => {
      expect(parseChineseNumber(input)).toBeNull();
    },
  );

  it("reads back every number written with place units", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (n) => {
        expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
      }),
    );
  });

  it("reads back every number written digit by digit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        expect(parseChineseNumber(toChineseDigits(n))).toBe(n);
      }),
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."一二三十百千万零〇廿卅两壹拾123 abc年") }), (s) => {
        const n = parseChineseNumber(s);
        expect(n === null || Number.isSafeInteger(n)).toBe(true);
      }),
    );
  });
});

describe("toChineseNumber and toChineseDigits", () => {
  it.each([
    [0, "零"],
    [10, "十"],
    [12, "十二"],
    [20, "二十"],
    [21, "二十一"],
    [45, "四十五"],
    [100, "一百"],
    [105, "一百零五"],
    [110, "一百一十"],
    [1956, "一千九百五十六"],
    [10_005, "一万零五"],
  ])("%d → %s", (n, expected) => {
    expect(toChineseNumber(n)).toBe(expected);
  });

  it("writes digits one by one", () => {
    expect(toChineseDigits(1956)).toBe("一九五六");
    expect(toChineseDigits(2008)).toBe("二〇〇八");
    expect(toChineseDigits(0)).toBe("〇");
  });

  it("rejects numbers it cannot write", () => {
    expect(() => toChineseNumber(-1)).toThrow(RangeError);
    expect(() => toChineseNumber(100_000)).toThrow(RangeError);
    expect(() => toChineseDigits(1.5)).toThrow(RangeError);
  });

  it("knows numeral characters", () => {
    expect(["一", "十", "廿", "〇", "壹", "拾", "5", "５"].every(isNumeralChar)).toBe(true);
    expect(["年", "月", "a", "初"].some(isNumeralChar)).toBe(false);
  });
});
