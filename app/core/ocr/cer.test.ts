import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cerCount, cerRate, characterErrorRate, editDistance } from "./cer";

describe("characterErrorRate", () => {
  it("is 0 for identical text and ignores whitespace", () => {
    expect(characterErrorRate("繁體 中 文 測試\n", "繁體中文測試")).toBe(0);
    expect(characterErrorRate("姓名\u3000陳林氏", "姓名陳林氏")).toBe(0);
  });

  it("counts substitutions, insertions and deletions per code point", () => {
    expect(characterErrorRate("己經", "已經")).toBe(0.5);
    expect(characterErrorRate("已經了", "已經")).toBe(0.5);
    expect(characterErrorRate("經", "已經")).toBe(0.5);
    // 𠀋 is outside the BMP: one code point, two UTF-16 units.
    expect(characterErrorRate("𠀋a", "𠀋b")).toBe(0.5);
  });

  it("folds full-width forms only when asked", () => {
    expect(characterErrorRate("當然,在", "當然，在")).toBe(0.25);
    expect(characterErrorRate("當然,在", "當然，在", { foldWidth: true })).toBe(0);
    expect(characterErrorRate("ＩＤ１２", "ID12", { foldWidth: true })).toBe(0);
  });

  it("does not fold Traditional and Simplified forms", () => {
    expect(characterErrorRate("户口", "戶口")).toBe(0.5);
  });

  it("handles empty references", () => {
    expect(characterErrorRate("", "")).toBe(0);
    expect(characterErrorRate("a", "")).toBe(1);
    expect(characterErrorRate("", "ab")).toBe(1);
  });

  it("micro-averages over a corpus", () => {
    expect(cerRate([cerCount("ab", "ab"), cerCount("x", "abcd")])).toBeCloseTo(4 / 6, 10);
  });
});

describe("editDistance", () => {
  it("is a metric on random strings", () => {
    const text = fc.array(fc.constantFrom("戶", "户", "a", "1", "已", "己"), { maxLength: 12 });
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        const ab = editDistance(a, b);
        expect(ab).toBe(editDistance(b, a));
        expect(editDistance(a, a)).toBe(0);
        expect(ab).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(ab).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
        expect(editDistance(a, c)).toBeLessThanOrEqual(ab + editDistance(b, c));
      }),
    );
  });
});
