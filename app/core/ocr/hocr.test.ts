import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeEntities, parseHocr } from "./hocr";

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/ocr/${name}`, import.meta.url), "utf8");

describe("parseHocr on real tesseract.js output", () => {
  it("reads lines, words, symbols and their lstm choices (tesseract-js-chinese.png, chi_tra)", () => {
    const lines = parseHocr(fixture("tesseract-js-chinese.chi_tra.hocr"));
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.words.map((w) => w.text).join("")).toBe("繁體中文測試");
    expect(line.box).toEqual({ x: 69, y: 69, w: 173, h: 27 });
    expect(line.confidence).toBeGreaterThan(0.8);
    expect(line.confidence).toBeLessThanOrEqual(1);
    const symbols = line.words.flatMap((w) => w.symbols ?? []);
    expect(symbols.map((s) => s.text).join("")).toBe("繁體中文測試");
    for (const symbol of symbols) {
      expect(symbol.box?.w).toBeGreaterThan(0);
      expect(symbol.confidence).toBeGreaterThan(0.5);
      expect(symbol.confidence).toBeLessThanOrEqual(1);
      expect(symbol.choices?.length).toBeGreaterThan(1);
      expect(symbol.choices?.map((c) => c.text)).toContain(symbol.text);
      for (const choice of symbol.choices ?? []) expect(choice.confidence).toBeGreaterThanOrEqual(0);
    }
  });

  it("decodes the characters hOCR escapes, in text and in choices", () => {
    const lines = parseHocr(fixture("entities.eng+chi_tra.hocr"));
    const text = lines.map((l) => l.text).join("\n");
    expect(text).toContain("A&B");
    expect(text).toContain("<12>");
    expect(text).toContain('"No."');
    expect(text).toContain("'x'");
    const amp = lines.flatMap((l) => l.words).flatMap((w) => w.symbols ?? []).find((s) => s.text === "&");
    expect(amp?.choices?.[0].text).toBe("&");
  });
});

describe("parseHocr edge cases", () => {
  it("keeps words without per-symbol spans and ignores unknown markup", () => {
    const hocr = `<?xml version="1.0"?><!DOCTYPE html><!-- c --><div class='ocr_page' title='bbox 0 0 100 50'>
      <span class='ocr_line' title="bbox 1 2 31 22"><span class='ocrx_word' title='bbox 1 2 11 22; x_wconf 90'><strong>A&#x26;B</strong></span>
      <span class='ocrx_word' title='bbox 15 2 31 22; x_wconf 70'>&#25142;</span><br/></span>
      <span class='ocr_header' title="bbox 0 30 10 40"><span class='ocrx_word' title='bbox 0 30 10 40; x_wconf 50'>&unknown;</span></span></div>`;
    const lines = parseHocr(hocr);
    expect(lines.map((l) => l.text)).toEqual(["A&B 戶", "&unknown;"]);
    expect(lines[0].words[0]).toEqual({ text: "A&B", confidence: 0.9, box: { x: 1, y: 2, w: 10, h: 20 } });
    // Confidence is weighted by characters: (3 * 0.9 + 1 * 0.7) / 4.
    expect(lines[0].confidence).toBeCloseTo(0.85, 10);
  });

  it("returns nothing for an empty page or empty string", () => {
    expect(parseHocr("")).toEqual([]);
    expect(parseHocr("<div class='ocr_page' title='bbox 0 0 10 10'></div>")).toEqual([]);
  });

  it("decodes numeric and named entities and leaves bad ones alone", () => {
    expect(decodeEntities("&lt;&gt;&amp;&quot;&#39;&apos;&#x6236;&#25142;")).toBe(`<>&"''戶戶`);
    expect(decodeEntities("&#xD800; &#99999999; &bogus; & plain")).toBe("&#xD800; &#99999999; &bogus; & plain");
  });
});
