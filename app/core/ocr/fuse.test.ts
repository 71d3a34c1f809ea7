import { describe, expect, it } from "vitest";
import { alignCharacters, charactersToText, fuseCharacters, lineCharacters, sameCharacter, type FusionChar, type Script } from "./fuse";
import { PPOCR_V4_HAN, PPOCR_V5_HAN } from "./ppocr-charset";
import type { OcrLine } from "./types";

type Extra = Partial<FusionChar>;
const char = (text: string, confidence: number, extra: Extra = {}): FusionChar => ({ text, confidence, choices: [], gapBefore: "", lineConfidence: 0.9, line: 0, word: -1, ...extra });
/** PP-OCR: one confidence for the whole line, no words. */
const ppocr = (text: string, confidence = 0.9) => Array.from(text).map((t) => char(t, confidence, { lineConfidence: confidence }));
/** Tesseract: words of characters, each with its own confidence; `extra` per character by its index in the line. */
const tesseract = (words: string[], confidence = 0.98, lineConfidence = 0.9, extra: Record<number, Extra> = {}) => {
  let k = 0;
  return words.flatMap((word, w) => Array.from(word).map((t) => char(t, confidence, { word: w, lineConfidence, ...extra[k++] })));
};
const fuse = (a: FusionChar[], b: FusionChar[], script: Script | null = null, han?: ReadonlySet<string>) =>
  fuseCharacters(a, b, script, han).map((c) => c.text).join("");

describe("sameCharacter", () => {
  it("folds width, script and variants, and nothing else", () => {
    expect(sameCharacter("記", "记")).toBe(true);
    expect(sameCharacter("戶", "户")).toBe(true);
    expect(sameCharacter("，", ",")).toBe(true);
    expect(sameCharacter("记", "计")).toBe(false);
    expect(sameCharacter("辨", "辦")).toBe(false);
  });
});

describe("alignCharacters", () => {
  it("puts a misread character opposite its reading and a gap where one reading lacks a character", () => {
    const pairs = alignCharacters(ppocr("陳氏住"), tesseract(["陳林氏", "往"]));
    expect(pairs.map((p) => [p.a?.text ?? null, p.b?.text ?? null, p.agree])).toEqual([
      ["陳", "陳", true],
      [null, "林", false],
      ["氏", "氏", true],
      ["住", "往", false],
    ]);
  });

  it("prefers an exact match to agreement through an alternative", () => {
    // Tesseract read 职业”个体 and listed 业 among the alternatives of ”: the two 业 belong together.
    const pairs = alignCharacters(ppocr("职业个体"), tesseract(["职业”个体"], 0.98, 0.9, { 2: { choices: [{ text: "业", confidence: 0.2 }] } }));
    expect(pairs.map((p) => [p.a?.text ?? null, p.b?.text ?? null])).toEqual([
      ["职", "职"],
      ["业", "业"],
      [null, "”"],
      ["个", "个"],
      ["体", "体"],
    ]);
  });

  it("between alignments of equal cost, keeps more characters opposite their readings", () => {
    // PP-OCR dropped 繼 (not in its dictionary) and read the next cell's 男, which tesseract missed.
    // 紅/繼 + 男/紅 costs as much as a gap for 繼 and one for 男, but agrees on one character less.
    const pairs = alignCharacters(ppocr("沈紅男民國"), tesseract(["沈", "繼", "紅", "民國"]));
    expect(pairs.map((p) => [p.a?.text ?? null, p.b?.text ?? null, p.agree])).toEqual([
      ["沈", "沈", true],
      [null, "繼", false],
      ["紅", "紅", true],
      ["男", null, false],
      ["民", "民", true],
      ["國", "國", true],
    ]);
    expect(fuse(ppocr("沈紅男民國", 0.8), tesseract(["沈", "繼", "紅", "民國"]))).toBe("沈繼紅男民國");
    // With nothing to gain, a misread character still stays opposite its reading.
    expect(alignCharacters(ppocr("陳氏"), tesseract(["陳民"])).map((p) => [p.a?.text ?? null, p.b?.text ?? null])).toEqual([
      ["陳", "陳"],
      ["氏", "民"],
    ]);
  });
});

describe("fuseCharacters", () => {
  it("keeps what both engines read", () => {
    expect(fuse(ppocr("姓名陳林氏"), tesseract(["姓名", "陳林氏"]))).toBe("姓名陳林氏");
  });

  it("lets a confident, anchored tesseract character overrule PP-OCR's", () => {
    // 辦 is in the word 承辦人, whose other characters PP-OCR read too.
    expect(fuse(ppocr("承辨人王", 0.8), tesseract(["承辦人", "王"]))).toBe("承辦人王");
  });

  it("keeps a character PP-OCR itself was sure of, however confident tesseract's", () => {
    const line = ppocr("承辨人王", 0.8).map((c, k) => (k === 1 ? { ...c, own: 0.995 } : c));
    expect(fuse(line, tesseract(["承辦人", "王"]))).toBe("承辨人王");
    expect(fuse(line.map((c) => ({ ...c, own: 0.7 })), tesseract(["承辦人", "王"]))).toBe("承辦人王");
  });

  it("keeps PP-OCR's character when tesseract's is unanchored, less confident, torn or not Chinese", () => {
    const line = ppocr("承辨人", 0.8);
    expect(fuse(line, tesseract(["承", "辦", "人"]))).toBe("承辨人");
    expect(fuse(line, tesseract(["承辦人"], 0.75))).toBe("承辨人");
    expect(fuse(line, tesseract(["承辦人"], 0.98, 0.9, { 1: { choices: [{ text: "瓣", confidence: 0.6 }] } }))).toBe("承辨人");
    expect(fuse(ppocr("1956年", 0.8), tesseract(["1958年"]))).toBe("1956年");
  });

  it("counts a tesseract alternative that is PP-OCR's character as agreement", () => {
    const line = ppocr("户主", 0.8);
    expect(fuse(line, tesseract(["尸主"]))).toBe("尸主");
    expect(fuse(line, tesseract(["尸主"], 0.98, 0.9, { 0: { choices: [{ text: "户", confidence: 0.3 }] } }))).toBe("户主");
  });

  it("inserts a Chinese character only tesseract read between agreed characters", () => {
    // PP-OCR drops characters its dictionary lacks (遷).
    expect(fuse(ppocr("何地來本址"), tesseract(["何地遷來本址"]))).toBe("何地遷來本址");
    // Not at the edge of the line, not punctuation, not when less sure than PP-OCR.
    expect(fuse(ppocr("來本址"), tesseract(["遷來本址"]))).toBe("來本址");
    expect(fuse(ppocr("姓名陳"), tesseract(["姓名：陳"]))).toBe("姓名陳");
    expect(fuse(ppocr("何地來本址", 0.95), tesseract(["何地遷來本址"], 0.9))).toBe("何地來本址");
  });

  it("does not insert a mark tesseract read in the gap of a letter-spaced label, unless PP-OCR could not have read it", () => {
    // 姓　名 printed wide apart: tesseract reads a 和 into the gap, its box running into 名's.
    const box = (x: number, w = 40) => ({ box: { x, y: 0, w, h: 45 } });
    const gap = tesseract(["姓", "和", "名"], 0.98, 0.9, { 0: box(168), 1: box(246, 35), 2: box(273) });
    expect(fuse(ppocr("姓名"), gap)).toBe("姓名");
    // The same mark clear of both neighbours is a character PP-OCR missed.
    expect(fuse(ppocr("姓名"), tesseract(["姓", "和", "名"], 0.98, 0.9, { 0: box(168), 1: box(220, 35), 2: box(273) }))).toBe("姓和名");
    // A character outside PP-OCR's dictionary is inserted however crowded: PP-OCR could only drop it.
    expect(fuse(ppocr("沈紅"), tesseract(["沈", "繼", "紅"], 0.98, 0.9, { 0: box(100), 1: box(135), 2: box(170) }))).toBe("沈繼紅");
    // Which characters those are depends on the model that read the line: PP-OCRv4 could not
    // read 繼, so a crowded 繼 is one it dropped; PP-OCRv5 could, so it is a mark in the gap.
    const crowded = tesseract(["沈", "繼", "紅"], 0.98, 0.9, { 0: box(100), 1: box(128), 2: box(170) });
    expect(fuse(ppocr("沈紅"), crowded, null, PPOCR_V4_HAN)).toBe("沈繼紅");
    expect(fuse(ppocr("沈紅"), crowded, null, PPOCR_V5_HAN)).toBe("沈紅");
    expect(fuse(ppocr("沈紅"), crowded)).toBe("沈紅");
    // A neighbour given its whole word's box (梁 over 梁閩氏) proves nothing.
    expect(fuse(ppocr("梁氏"), tesseract(["梁", "閩", "氏"], 0.98, 0.9, { 0: box(148, 122), 1: box(203), 2: box(242) }))).toBe("梁閩氏");
  });

  it("never lets a garbage tesseract line overrule or insert", () => {
    const garbage = tesseract(["何地遷來", "本址"], 0.99, 0.2);
    expect(fuse(ppocr("何地來本址"), garbage)).toBe("何地來本址");
    expect(fuse(ppocr("承辨人", 0.8), tesseract(["承辦人"], 0.99, 0.2))).toBe("承辨人");
  });

  it("writes an agreed character in the page's script", () => {
    const line = ppocr("登记表");
    const read = tesseract(["登記表"]);
    expect(fuse(line, read, "traditional")).toBe("登記表");
    expect(fuse(line, read, "simplified")).toBe("登记表");
    expect(fuse(line, read, null)).toBe("登记表");
    // On a simplified page a traditional form read by tesseract does not replace PP-OCR's simplified one, nor the reverse.
    expect(fuse(ppocr("登記表"), tesseract(["登记表"]), "simplified")).toBe("登记表");
  });

  it("keeps the gaps between cells", () => {
    const line = (text: string): OcrLine => ({ text, confidence: 0.9, box: { x: 0, y: 0, w: 100, h: 20 }, words: [] });
    const chars = fuseCharacters(lineCharacters(line("姓名\u3000陳林氏"), 1), lineCharacters(line("姓名 陳林氏"), 1), null);
    expect(charactersToText(chars)).toBe("姓名\u3000陳林氏");
  });
});

describe("lineCharacters", () => {
  const box = { x: 0, y: 0, w: 10, h: 10 };
  const read: OcrLine = {
    text: "姓名\u3000陳氏",
    confidence: 0.7,
    box,
    words: [
      { text: "姓名", confidence: 0.9, box, symbols: [{ text: "姓", confidence: 0.9 }, { text: "名", confidence: 0.8, choices: [{ text: "名", confidence: 0.8 }, { text: "各", confidence: 0.3 }] }] },
      { text: "陳氏", confidence: 0.6, box, symbols: [{ text: "陳", confidence: 0.5 }, { text: "氏", confidence: 0.4 }] },
    ],
  };

  it("gives each character of tesseract's display text its symbol's confidence, word and other choices", () => {
    const chars = lineCharacters(read, 2, 3);
    expect(chars.map((c) => [c.text, c.confidence, c.word, c.gapBefore])).toEqual([
      ["姓", 1.8, 0, ""],
      ["名", 1.6, 0, ""],
      ["陳", 1, 1, "\u3000"],
      ["氏", 0.8, 1, ""],
    ]);
    expect(chars[1].choices).toEqual([{ text: "各", confidence: 0.6 }]);
    expect(chars.every((c) => c.line === 3 && c.lineConfidence === 1.4)).toBe(true);
  });

  it("falls back to the line's confidence when the symbols do not spell the text", () => {
    const chars = lineCharacters({ ...read, text: "姓名\u3000陳" }, 1);
    expect(chars.map((c) => [c.text, c.confidence, c.word])).toEqual([
      ["姓", 0.7, -1],
      ["名", 0.7, -1],
      ["陳", 0.7, -1],
    ]);
  });
});
