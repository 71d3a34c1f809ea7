import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCjk, isRuleRemnant, joinOcrWords, normalizeOcrLine, normalizeOcrText, toHalfWidth, toHalfWidthAlnum } from "./cjk";

describe("normalizeOcrLine", () => {
  it("removes the spaces tesseract puts between CJK words", () => {
    expect(normalizeOcrLine("繁體 中 文 測試")).toBe("繁體中文測試");
    expect(normalizeOcrLine("民國 45 年 3 月")).toBe("民國45年3月");
  });

  it("keeps spaces between Latin words and numbers, collapsed to one", () => {
    expect(normalizeOcrLine("Yuyuan  Rd.")).toBe("Yuyuan Rd.");
    expect(normalizeOcrLine("315 309")).toBe("315 309");
    expect(normalizeOcrLine("Hello world! 你 好 世界")).toBe("Hello world!你好世界");
  });

  it("keeps a wide gap next to CJK as one ideographic space", () => {
    expect(normalizeOcrLine("姓名   陳林氏")).toBe("姓名\u3000陳林氏");
    expect(normalizeOcrLine("姓名\u3000陳林氏")).toBe("姓名\u3000陳林氏");
    expect(normalizeOcrLine("號碼  110105195603120021")).toBe("號碼\u3000110105195603120021");
  });

  it("turns full-width letters and digits into ASCII, and punctuation only between them", () => {
    expect(normalizeOcrLine("民國４５年")).toBe("民國45年");
    expect(normalizeOcrLine("１２．５")).toBe("12.5");
    expect(normalizeOcrLine("ＩＤ：１２３")).toBe("ID:123");
    expect(normalizeOcrLine("當然，在媒介")).toBe("當然，在媒介");
    expect(normalizeOcrLine("（一）")).toBe("（一）");
  });

  it("trims and drops invisible characters", () => {
    expect(normalizeOcrLine("  戶\u200B籍  ")).toBe("戶籍");
  });

  it("is idempotent and never adds characters", () => {
    const alphabet = fc.constantFrom("戶", "籍", "陳", "a", "B", "1", "２", "Ｘ", "，", "．", " ", "  ", "\u3000", "-", "。");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), (parts) => {
        const line = parts.join("");
        const once = normalizeOcrLine(line);
        expect(normalizeOcrLine(once)).toBe(once);
        expect(Array.from(once.replace(/\s/gu, "")).length).toBe(Array.from(line.replace(/\s/gu, "")).length);
        expect(once).not.toMatch(/^\s|\s$/u);
        expect(once).not.toMatch(/\s{2}/u);
      }),
    );
  });
});

describe("normalizeOcrText", () => {
  it("normalises each line and drops blank ones", () => {
    expect(normalizeOcrText("繁體 中文\n\n  \nA  B\r\n測 試\n")).toBe("繁體中文\nA B\n測試");
  });
});

describe("joinOcrWords", () => {
  const box = (x: number, w: number) => ({ x, y: 0, w, h: 40 });
  it("joins close CJK words without a space and far ones with a wide gap", () => {
    const words = [
      { text: "姓名", box: box(0, 80) },
      { text: "陳", box: box(200, 40) },
      { text: "林氏", box: box(242, 80) },
    ];
    expect(joinOcrWords(words, 40)).toBe("姓名\u3000陳林氏");
  });
  it("keeps one space between Latin words", () => {
    expect(joinOcrWords([{ text: "Yuyuan", box: box(0, 100) }, { text: "Rd.", box: box(110, 40) }], 40)).toBe("Yuyuan Rd.");
  });
});

describe("width helpers", () => {
  it("folds full-width forms", () => {
    expect(toHalfWidth("ＡＢ，１\u3000！")).toBe("AB,1 !");
    expect(toHalfWidthAlnum("ＡＢ，１")).toBe("AB，1");
  });
  it("recognises CJK characters and punctuation", () => {
    for (const c of ["戶", "户", "戸", "，", "。", "〇", "ㄅ"]) expect(isCjk(c)).toBe(true);
    for (const c of ["a", "1", ",", " "]) expect(isCjk(c)).toBe(false);
  });
});

describe("isRuleRemnant", () => {
  it("spots table rules read as text", () => {
    for (const line of ["一一-一一一一-一", "| | |", "一　一　一　一", "——————", "_ _ _ ~"]) expect(isRuleRemnant(line)).toBe(true);
  });
  it("keeps real text, short strokes and numbers", () => {
    for (const line of ["一", "一一", "一九五六年", "民國45年", "姓名", "1956.01.19", "---a"]) expect(isRuleRemnant(line)).toBe(false);
  });
});
