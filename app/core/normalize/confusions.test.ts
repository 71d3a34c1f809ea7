import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOOK_ALIKE_SETS, areLookAlike, lookAlikesOf, ocrEditDistance } from "./confusions";
import { canonicalChar } from "./text";

/** Plain Levenshtein over canonical characters, the upper bound of the weighted distance. */
function levenshtein(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}

describe("look-alike sets", () => {
  it("has about forty sets", () => {
    expect(LOOK_ALIKE_SETS.length).toBeGreaterThanOrEqual(40);
  });

  it("keeps every set meaningful in canonical form", () => {
    for (const set of LOOK_ALIKE_SETS) expect(new Set(Array.from(set, canonicalChar)).size).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ["己", "已"],
    ["已", "巳"],
    ["己", "巳"],
    ["未", "末"],
    ["土", "士"],
    ["日", "曰"],
    ["人", "入"],
    ["入", "八"],
    ["戊", "戌"],
    ["戌", "戍"],
    ["王", "玉"],
    ["玉", "壬"],
    ["刀", "力"],
    ["大", "太"],
    ["太", "犬"],
    ["天", "夭"],
    ["干", "千"],
    ["千", "于"],
    ["田", "由"],
    ["甲", "申"],
    ["貝", "見"],
    ["贝", "见"],
    ["侯", "候"],
    ["徐", "徒"],
    ["毛", "手"],
    ["子", "孑"],
    ["孑", "孓"],
    ["木", "本"],
    ["冶", "治"],
    ["兔", "免"],
    ["鳥", "烏"],
    ["拔", "拨"],
    ["拔", "撥"],
    ["陳", "陸"],
    ["陈", "陆"],
    ["東", "車"],
    ["沈", "沉"],
    ["江", "汪"],
  ])("%s and %s look alike", (a, b) => {
    expect(areLookAlike(a, b)).toBe(true);
    expect(areLookAlike(b, a)).toBe(true);
  });

  it.each([
    ["陈", "王"],
    ["日", "月"],
    ["己", "未"],
    ["a", "b"],
    ["曰", "白"],
  ])("%s and %s do not", (a, b) => {
    expect(areLookAlike(a, b)).toBe(false);
  });

  it("treats a character and its other script or variant as alike", () => {
    expect(areLookAlike("陳", "陈")).toBe(true);
    expect(areLookAlike("戶", "户")).toBe(true);
  });

  it("lists the look-alikes of a character in canonical form", () => {
    expect(lookAlikesOf("己")).toEqual(["巳", "已"].sort());
    expect(lookAlikesOf("貝")).toEqual(["见"]);
    // Handwritten confusions both engines made on the benchmark's pages.
    expect(areLookAlike("賈", "買")).toBe(true);
    expect(areLookAlike("贾", "买")).toBe(true);
    expect(lookAlikesOf("鸞")).toEqual(["弯", "莺"].sort());
    expect(lookAlikesOf("我")).toEqual([]);
  });
});

describe("ocrEditDistance", () => {
  it.each([
    ["陈秀英", "陈秀英", 0],
    ["陳秀英", "陈秀英", 0],
    ["戶口", "户口", 0],
    ["己未", "巳末", 0.6],
    ["陈", "陆", 0.3],
    ["王建国", "玉建国", 0.3],
    ["王建国", "李建国", 1],
    ["王建国", "王国", 1],
    ["王建国", "", 3],
    ["", "", 0],
    ["abc", "abd", 1],
    ["陳 秀 英", "陈秀英", 0],
    ["戊戌", "戍戌", 0.3],
  ])("%j ↔ %j = %d", (a, b, expected) => {
    expect(ocrEditDistance(a, b)).toBe(expected);
  });

  const chars = fc.constantFrom(..."己已巳未末土士日曰人入八王玉壬陈陆阵陳陸東車东车李张秀英建国".split(""));
  const words = fc.string({ unit: chars, maxLength: 6 });

  it("is symmetric and zero only for equal canonical text", () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        const d = ocrEditDistance(a, b);
        expect(ocrEditDistance(b, a)).toBe(d);
        expect(d === 0).toBe(Array.from(a, canonicalChar).join("") === Array.from(b, canonicalChar).join(""));
      }),
    );
  });

  it("lies between 0.3 × and 1 × the plain edit distance, and above the length difference", () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        const x = Array.from(a, canonicalChar);
        const y = Array.from(b, canonicalChar);
        const d = ocrEditDistance(a, b);
        const lev = levenshtein(x, y);
        expect(d).toBeLessThanOrEqual(lev);
        expect(d).toBeGreaterThanOrEqual(0.3 * lev - 1e-9);
        expect(d).toBeGreaterThanOrEqual(Math.abs(x.length - y.length));
      }),
    );
  });

  it("obeys a relaxed triangle inequality (look-alike sets are not transitive)", () => {
    fc.assert(
      fc.property(words, words, words, (a, b, c) => {
        expect(ocrEditDistance(a, c)).toBeLessThanOrEqual((ocrEditDistance(a, b) + ocrEditDistance(b, c)) / 0.3 + 1e-9);
      }),
    );
  });

  it("obeys the triangle inequality exactly when no look-alikes are involved", () => {
    const plain = fc.string({ unit: fc.constantFrom(..."李张秀英建国abc".split("")), maxLength: 6 });
    fc.assert(
      fc.property(plain, plain, plain, (a, b, c) => {
        expect(ocrEditDistance(a, c)).toBeLessThanOrEqual(ocrEditDistance(a, b) + ocrEditDistance(b, c) + 1e-9);
      }),
    );
  });
});
