import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VARIANTS, canonicalChar, canonicalText, isCjk, stripCjkSpaces, toHalfWidth, toSimplified, toTraditional } from "./text";

describe("toHalfWidth", () => {
  it.each([
    ["１９５６年３月１２日", "1956年3月12日"],
    ["ＡＢＣ ａｂｃ", "ABC abc"],
    ["（男）", "(男)"],
    ["陳，林；王：李！？", "陳,林;王:李!?"],
    ["１１０１０５１９５６０３１２００１ｘ", "11010519560312001x"],
    ["陳\u3000林", "陳 林"],
    ["￥１００", "¥100"],
    ["plain ascii 123", "plain ascii 123"],
    ["、。「」", "、。「」"],
    ["", ""],
  ])("%s → %s", (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected);
  });

  it("leaves no full-width ASCII behind and keeps the length", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0xff01, max: 0xff5e }).map((cp) => String.fromCodePoint(cp)) }), (s) => {
        const half = toHalfWidth(s);
        expect(half.length).toBe(s.length);
        expect(/[\uff01-\uff5e]/u.test(half)).toBe(false);
      }),
    );
  });
});

describe("stripCjkSpaces", () => {
  it.each([
    ["陳 林 氏", "陳林氏"],
    ["中 華 民 國 四 十 五 年", "中華民國四十五年"],
    ["北京市  東城區", "北京市東城區"],
    ["陳\u3000林", "陳林"],
    ["陳\t林", "陳林"],
    ["Taipei City", "Taipei City"],
    ["住 Taipei 市", "住 Taipei 市"],
    ["1956 年 3 月", "1956 年 3 月"],
    ["戶 口 、 登 記", "戶口、登記"],
    ["一 〇 五", "一〇五"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(stripCjkSpaces(input)).toBe(expected);
  });

  it("recognises CJK characters and punctuation, not Latin or digits", () => {
    expect(["陳", "〇", "、", "。", "㐀"].every(isCjk)).toBe(true);
    expect(["a", "1", " ", "-"].some(isCjk)).toBe(false);
  });
});

describe("toSimplified and toTraditional", () => {
  it.each([
    ["戶口登記簿", "户口登记簿"],
    ["臺灣省", "台湾省"],
    ["陳林氏", "陈林氏"],
    ["歐陽", "欧阳"],
    ["衞生", "卫生"],
    ["發", "发"],
    ["乾隆", "乾隆"],
  ])("simplifies %s → %s", (input, expected) => {
    expect(toSimplified(input)).toBe(expected);
  });

  it.each([
    ["户口登记", "戶口登記"],
    ["陈林氏", "陳林氏"],
    ["欧阳", "歐陽"],
    ["三里屯", "三里屯"],
    ["公里", "公里"],
    ["100里", "100里"],
    ["里长", "里長"],
    ["这里", "這裏"],
    ["里面", "裏面"],
  ])("traditionalises %s → %s", (input, expected) => {
    expect(toTraditional(input)).toBe(expected);
  });

  it("writes Taiwan forms on request", () => {
    expect(toTraditional("这里", "tw")).toBe("這裡");
    expect(toTraditional("台湾", "tw")).toBe("臺灣");
  });
});

describe("canonicalChar", () => {
  it.each([
    ["戶", "户"],
    ["戸", "户"],
    ["户", "户"],
    ["峯", "峰"],
    ["裏", "里"],
    ["裡", "里"],
    ["里", "里"],
    ["羣", "群"],
    ["敎", "教"],
    ["衞", "卫"],
    ["衛", "卫"],
    ["綫", "线"],
    ["線", "线"],
    ["啓", "启"],
    ["啟", "启"],
    ["著", "着"],
    ["牀", "床"],
    ["鷄", "鸡"],
    ["雞", "鸡"],
    ["爲", "为"],
    ["為", "为"],
    ["髙", "高"],
    ["淸", "清"],
    ["Ａ", "A"],
    ["１", "1"],
    ["陳", "陈"],
    ["陜", "陕"],
    ["陝", "陕"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalChar(input)).toBe(expected);
  });

  it("maps every variant to a character that is already canonical", () => {
    for (const target of new Set(Object.values(VARIANTS))) expect(canonicalChar(target)).toBe(target);
  });

  it("never maps 里 to 裏 or 裡", () => {
    expect(Object.values(VARIANTS)).not.toContain("裏");
    expect(Object.values(VARIANTS)).not.toContain("裡");
  });
});

describe("canonicalText", () => {
  it.each([
    ["陳 林 氏", "陈林氏"],
    ["  戶 口 登 記 簿  ", "户口登记簿"],
    ["１９５６年３月１２日", "1956年3月12日"],
    ["臺北市　大安區", "台北市大安区"],
    ["Taipei   City", "Taipei City"],
    ["衞生院", "卫生院"],
    ["峯", "峰"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(canonicalText(input)).toBe(expected);
  });

  const registerChars = fc.constantFrom(
    ..."戶户戸峯峰裏裡里羣群敎教衞衛卫綫線线啓啟启着著牀床鷄雞鸡爲為为陳林氏歐陽乾隆發髮後面麵臺台灣於苧干幹一二〇 ，　ＡａB1２".split(""),
  );

  it("is idempotent on register characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: registerChars, maxLength: 12 }), (s) => {
        const once = canonicalText(s);
        expect(canonicalText(once)).toBe(once);
      }),
      { numRuns: 400 },
    );
  });

  it("is idempotent on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 20 }), (s) => {
        const once = canonicalText(s);
        expect(canonicalText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with canonicalChar character by character on single characters", () => {
    fc.assert(
      fc.property(registerChars, (ch) => {
        const c = canonicalText(ch);
        if (c !== "") expect(c).toBe(canonicalChar(ch).trim());
      }),
    );
  });
});
