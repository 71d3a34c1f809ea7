/**
 * PP-OCR's characters with their own boxes, probabilities and runners-up
 * (workers/ocr/ctc.ts): how extraction places them and what it offers as
 * alternatives.
 */
import { describe, expect, it } from "vitest";
import type { CombinedLine, OcrBox, OcrReading, OcrWord } from "~/core/ocr/types";
import { linesFromPage } from "./from-ocr";
import { lineSlope, tableRows, type ReadingCell } from "./ledger";
import { extractPage } from "./page";
import { readingsOf, type Glyph, type Reading } from "./readings";
import { placeTokens, type PlacedToken } from "./table-row";
import { centred, word, type WordSpec } from "./test-lines";
import type { ExtractLine } from "./types";

/** A line only PP-OCR read, as linesFromPage builds it: its text with wide gaps, and its words with symbols. */
function located(words: WordSpec[], y: number, h = 30, textOrder?: number[]): ExtractLine {
  const built = words.map((w) => word(w, y, h));
  const order = textOrder ?? built.map((_, i) => i);
  const x0 = Math.min(...built.map((w) => w.box.x));
  const x1 = Math.max(...built.map((w) => w.box.x + w.box.w));
  return {
    text: order.map((i) => built[i].text).join("\u3000"),
    confidence: 0.95,
    box: { x: x0, y, w: x1 - x0, h },
    engine: "ppocr",
    alternatives: [],
    ppocrWords: built,
  };
}

const centreX = (g: Glyph) => g.box.x + g.box.w / 2;

describe("a located PP-OCR text (readingsOf)", () => {
  it("places each cell by the word that holds it, whatever order the text gives them in", () => {
    // A row whose wrapped cell's first line the engine put at the end of the text.
    const line = located(
      [
        { text: "李芬", x: 100 },
        { text: "妻", x: 250 },
        { text: "1954年", x: 560 },
      ],
      400,
      30,
      [0, 2, 1],
    );
    const [reading] = readingsOf(line);
    expect(reading).toMatchObject({ source: "text", located: true, engine: "ppocr" });
    expect(reading.glyphs.map((g) => g.ch).join("")).toBe("李芬1954年妻");
    const at = (ch: string) => centreX(reading.glyphs.find((g) => g.ch === ch)!);
    expect(at("李")).toBeCloseTo(115, 0);
    expect(at("妻")).toBeCloseTo(265, 0);
    expect(at("年")).toBeGreaterThan(560);
  });

  it("keeps the engine's runners-up, and the engine's own character where the text changed it", () => {
    const built = word({ text: "買淑珍", x: 100, confidences: [0.47, 0.99, 0.99], choices: { 0: [{ text: "賈", confidence: 0.4 }] } }, 400, 30);
    const line: ExtractLine = { text: "買淑珍", confidence: 0.9, box: built.box, engine: "ppocr", ppocrWords: [built] };
    const [reading] = readingsOf(line);
    expect(reading.glyphs[0]).toMatchObject({ ch: "買", confidence: 0.47, choices: [{ text: "賈", confidence: 0.4 }] });
    // Tesseract's character won in the combined text: PP-OCR's is its first alternative, at the same place.
    const changed = readingsOf({ ...line, text: "賈淑珍" })[0];
    expect(changed.glyphs[0].ch).toBe("賈");
    expect(changed.glyphs[0].choices?.[0]).toEqual({ text: "買", confidence: 0.47 });
    expect(changed.glyphs[0].box).toEqual(built.symbols![0].box);
  });

  it("falls back to spreading the text over the line when a cell matches no word", () => {
    const line = located([{ text: "李芬", x: 100 }], 400);
    const [reading] = readingsOf({ ...line, text: "李芬\u3000户主" });
    expect(reading.located).toBeUndefined();
  });

  it("is placed by its own boxes, trusted like tesseract's words", () => {
    const line = located(
      [
        { text: "郑泽军", x: 100 },
        { text: "男", x: 400 },
      ],
      400,
    );
    const [reading] = readingsOf(line);
    const tokens = placeTokens(reading, null, line.box);
    expect(tokens.map((t) => t.weight)).toEqual([3, 3]);
    expect(tokens[1].spans[0].x0).toBeCloseTo(400, 0);
  });
});

describe("linesFromPage with PP-OCR's symbols", () => {
  const symbolsWord = word({ text: "李芬", x: 100 }, 400, 30);
  const reading = (withSymbols: boolean): OcrReading => ({
    engine: "ppocr",
    engineVersion: "test",
    language: "ch_PP-OCRv5",
    text: "李芬",
    rawText: "李芬",
    confidence: 0.95,
    durationMs: 0,
    params: {},
    lines: [{ text: "李芬", confidence: 0.95, box: symbolsWord.box, words: [withSymbols ? symbolsWord : { ...symbolsWord, symbols: undefined }] }],
  });
  const combined: CombinedLine[] = [{ text: "李芬", confidence: 0.95, engine: "ppocr", box: symbolsWord.box, alternatives: [] }];

  it("attaches PP-OCR's words to the combined line that holds them, only where they carry symbols", () => {
    expect(linesFromPage({ combined, readings: [reading(true)] })[0].ppocrWords).toEqual([symbolsWord]);
    expect(linesFromPage({ combined, readings: [reading(false)] })[0].ppocrWords).toBeUndefined();
    // An archivist's correction replaces the OCR text: the engine's positions no longer describe it.
    expect(linesFromPage({ combined, readings: [reading(true)] }, ["李芳"])[0].ppocrWords).toBeUndefined();
  });
});

describe("extraction from a located PP-OCR reading", () => {
  const HEADER: [string, number][] = [["姓名", 135], ["与户主关系", 270], ["性别", 362], ["民族", 439], ["出生日期", 602], ["籍贯", 805]];
  const page = (lines: ExtractLine[]) => extractPage({ lines, width: 1000, height: 800 });

  it("offers PP-OCR's runner-up as an alternative of the field", () => {
    const row = centred([["買淑珍", 135], ["长女", 270], ["女", 362], ["汉", 439], ["1948年10月23日", 602], ["浙江绍兴", 805]], 26).map((w, i) =>
      i === 0 ? { ...w, confidences: [0.47, 0.99, 0.99], choices: { 0: [{ text: "賈", confidence: 0.4 }] } } : w,
    );
    const lines = [located([{ text: "户口登记簿", x: 400 }], 60, 40), located(centred(HEADER, 24), 300, 24), located(row, 380, 26)];
    const p = page(lines);
    expect(p.entries).toHaveLength(1);
    const name = p.entries[0].fields.name!;
    expect(name.raw).toBe("買淑珍");
    expect(name.alternatives).toContain("賈淑珍");
    // Without PP-OCR's symbols there is nothing to offer.
    const bare = page(lines.map(({ ppocrWords: _w, ...l }) => l));
    expect(bare.entries[0].fields.name!.alternatives).not.toContain("賈淑珍");
  });
});

describe("a header label only PP-OCR read exactly", () => {
  it("still makes its column (seed 2468's heavy ledger: tesseract read 姓名 as 区, PP-OCR 与户主关系性别 as 品)", () => {
    const header: [string, number][] = [["姓名", 135], ["与户主关系", 270], ["性别", 362], ["民族", 439], ["出生日期", 602], ["籍贯", 805]];
    const tesseract = centred(header, 24).map((w, i) => (i === 0 ? { ...w, text: "区" } : w));
    const ppocr = centred(header, 24).filter((_, i) => i !== 1 && i !== 2);
    ppocr.splice(1, 0, { text: "品", x: 300 });
    const built = tesseract.map((w) => word(w, 300, 24));
    const located = ppocr.map((w) => word(w, 300, 24));
    const headerLine = readByBoth(located, built, 0.6, { x: 100, y: 300, w: 760, h: 24 });
    const rows = [
      [["陈宏", 135], ["户主", 270], ["男", 362], ["汉", 439], ["1957年2月26日", 602], ["广西防城港", 805]],
      [["娄珍素", 135], ["妻", 270], ["女", 362], ["汉", 439], ["1958年2月18日", 602], ["河北邢台", 805]],
    ] as [string, number][][];
    const body = rows.map((row, r) => {
      const ws = centred(row, 26).map((w) => word(w, 380 + 60 * r, 26));
      return { text: ws.map((w) => w.text).join("\u3000"), confidence: 0.95, box: { x: 100, y: 380 + 60 * r, w: 800, h: 26 }, engine: "ppocr", alternatives: [], ppocrWords: ws } as ExtractLine;
    });
    const title = located0("户口登记簿", 400, 60);
    const p = extractPage({ lines: [title, headerLine, ...body], width: 1000, height: 800 });
    expect(p.entries.map((e) => e.fields.name?.value)).toEqual(["陈宏", "娄珍素"]);
    const { ppocrWords: _w, ...bare } = headerLine;
    const without = extractPage({ lines: [title, bare, ...body], width: 1000, height: 800 });
    expect(without.entries.map((e) => e.fields.name?.value ?? null)).not.toEqual(["陈宏", "娄珍素"]);
  });
});

describe("a header label tesseract read out of stains, far from where PP-OCR placed it", () => {
  it("takes PP-OCR's box for the column (seed 2468's heavy ledger: 文化程度 spread from 籍贯 to 职业 took the ID numbers)", () => {
    const header: [string, number][] = [["姓名", 135], ["出生日期", 300], ["籍贯", 450], ["公民身份号码", 640], ["文化程度", 840], ["职业", 960]];
    const ppocr = centred(header, 24).map((w) => word(w, 300, 24));
    // Tesseract's reading of the header: stains, and 文化程度 whose characters it spread from 籍贯 to 职业.
    const spread = ["文", "化", "程", "度"].map((ch, i) => ({ text: ch, confidence: 0.3, box: { x: 430 + i * 170, y: 300, w: 24, h: 24 } }));
    const stains: OcrWord[] = [word({ text: "了汪", x: 200 }, 300, 24), { text: "文化程度", confidence: 0.3, box: { x: 430, y: 300, w: 534, h: 24 }, symbols: spread }];
    const headerLine = readByBoth(ppocr, stains, 0.3, { x: 100, y: 300, w: 900, h: 24 });
    const ws = centred([["徐鹤森", 135], ["1936.01.24", 300], ["福建泉州", 450], ["350583360124677", 640], ["初中", 840], ["干部", 960]], 26).map((w) => word(w, 380, 26));
    const row = { text: ws.map((w) => w.text).join("\u3000"), confidence: 0.95, box: { x: 100, y: 380, w: 900, h: 26 }, engine: "ppocr", alternatives: [], ppocrWords: ws } as ExtractLine;
    const p = extractPage({ lines: [located0("户口登记簿", 400, 60), headerLine, row], width: 1100, height: 800 });
    expect(p.entries).toHaveLength(1);
    const f = p.entries[0].fields;
    expect([f.birthDate?.value, f.nativePlace?.value, f.idNumber?.raw, f.education?.value]).toEqual(["1936-01-24", "福建泉州", "350583360124677", "初中"]);
  });
});

describe("a card value one engine lost and the other read", () => {
  it("takes the value PP-OCR read after a label where tesseract's words, leading, have none (seed 4711: 马萍瑞)", () => {
    const line = (y: number, cells: [string, number][], tesseractCells: [string, number][] = cells) =>
      readByBoth(centred(cells, 30).map((w) => word(w, y, 30)), centred(tesseractCells, 30).map((w) => word(w, y, 30)), 0.8, { x: 100, y, w: 900, h: 30 });
    const card = (nameLine: ExtractLine) =>
      extractPage({
        lines: [
          located0("常住人口登记表", 400, 60),
          nameLine,
          line(200, [["曾用名", 160], ["马珍卫", 330], ["性别", 600], ["女", 700]]),
          line(280, [["出生日期", 180], ["1964年2月10日", 420]]),
        ],
        width: 1100,
        height: 800,
      });
    // Tesseract read both labels of the line but not the name between them; PP-OCR read all of it.
    const lost = line(120, [["姓名", 160], ["马萍瑞", 330], ["与户主关系", 600], ["儿媳", 760]], [["姓", 140], ["名", 180], ["与户主关系", 600], ["儿媳", 760]]);
    const p = card(lost);
    expect(p.entries).toHaveLength(1);
    expect(p.entries[0].fields.name).toMatchObject({ value: "马萍瑞", raw: "马萍瑞" });
    expect(p.entries[0].fields.name?.box?.x).toBeGreaterThan(250);
    expect(p.entries[0].fields.relation?.value).toBe("儿媳");
    // A lone character there is a speck, not a name.
    const speck = card(line(120, [["姓名", 160], ["马", 330], ["与户主关系", 600], ["儿媳", 760]], [["姓", 140], ["名", 180], ["与户主关系", 600], ["儿媳", 760]]));
    expect(speck.entries[0]?.fields.name?.value ?? null).toBeNull();
  });
});

/** A line PP-OCR read (its words located) and tesseract read too, as the combiner passes it on: PP-OCR's text leads. */
function readByBoth(ppocr: OcrWord[], tesseract: OcrWord[], tesseractConfidence: number, box: OcrBox): ExtractLine {
  return {
    text: ppocr.map((w) => w.text).join("\u3000"),
    confidence: 0.95,
    box,
    engine: "ppocr",
    alternatives: [{ text: tesseract.map((w) => w.text).join("\u3000"), confidence: tesseractConfidence, engine: "tesseract" }],
    words: tesseract,
    ppocrWords: ppocr,
  };
}

function located0(text: string, x: number, y: number): ExtractLine {
  const w = word({ text, x }, y, 40);
  return { text, confidence: 0.95, box: w.box, engine: "ppocr", alternatives: [], ppocrWords: [w] };
}

describe("lineSlope", () => {
  const token = (xs: number[], slope: number, y0 = 500): PlacedToken => {
    const glyphs = xs.map((x) => ({ ch: "字", canon: "字", box: { x, y: y0 + slope * x, w: 30, h: 30 }, confidence: 1, gapBefore: false }));
    return { glyphs, spans: glyphs.map((g) => ({ x0: g.box.x, x1: g.box.x + g.box.w })), weight: 3, y: null };
  };
  it("measures how far a line climbs per pixel across, from its tokens of three characters or more", () => {
    expect(lineSlope([token([100, 130, 160, 190], -0.05), token([600, 630, 660], -0.05)])).toBeCloseTo(-0.05, 6);
    // Two-character tokens say nothing; a stray token does not move the median much.
    expect(lineSlope([token([100, 130], 0.3)])).toBe(0);
    expect(lineSlope([token([100, 130, 160], 0.02), token([400, 430, 460], 0.02), token([700, 730, 760], 0.5)])).toBeCloseTo(0.02, 6);
    // Never steeper than 0.2.
    expect(lineSlope([token([100, 130, 160], 1)])).toBe(0.2);
  });
});

describe("tableRows", () => {
  const reading: Reading = { source: "text", engine: "ppocr", confidence: 1, glyphs: [] };
  const cell = (text: string, y: number, h = 30): ReadingCell => ({ column: 0, reading, glyphs: Array.from(text, (ch) => ({ ch, canon: ch, box: { x: 0, y, w: h, h }, confidence: 1, gapBefore: false })), box: { x: 0, y, w: 30, h }, lineIndex: 0 });
  const texts = (rows: ReturnType<typeof tableRows>) => rows.map((r) => r.cells.map((c) => c.glyphs.map((g) => g.ch).join("")));

  it("does not let a stray mark between two rows join them", () => {
    // Rows 60 apart, 40 high; a speck read 35 below the first row (seed 42's heavy ledger: 畫作 between two members).
    // Halfway between its lowest and highest cells, the first row's centre would come within reach of the second.
    const rows = tableRows([cell("张福生", 100, 40), cell("三子", 102, 40), cell("畫", 135, 40), cell("张金海", 160, 40), cell("四子", 162, 40)]);
    expect(texts(rows)).toEqual([["张福生", "三子"], ["畫", "张金海", "四子"]]);
  });

  it("finds rows by a skewed line's levelled heights, keeping the cells' own boxes for the evidence crop", () => {
    // One row read 90 pixels higher at its right end than at its left (a page left skewed), levelled to 115.
    const left = { ...cell("龍金海", 190), rowY: 115 };
    const right = { ...cell("原住本址", 100), rowY: 115 };
    const next = cell("岳玉蘭", 280);
    const rows = tableRows([left, right, next]);
    expect(texts(rows)).toEqual([["龍金海", "原住本址"], ["岳玉蘭"]]);
    expect(rows[0].cells.map((c) => c.box!.y)).toEqual([190, 100]);
  });

  it("puts the first line of a wrapped cell with its own row, not the row above", () => {
    // Rows 45 apart, 30 high; 民国前四年 / 八月十七日 wrapped around the second row's line (centre 160):
    // its first line is within reach of the first row's centre (115), but nearer its own.
    const rows = tableRows([cell("李柏魁", 100), cell("户主", 100), cell("民国前七年二月五日", 100), cell("民国前四年", 130), cell("李苏氏", 145), cell("妻", 145), cell("八月十七日", 160)]);
    expect(texts(rows)).toEqual([["李柏魁", "户主", "民国前七年二月五日"], ["民国前四年", "李苏氏", "妻", "八月十七日"]]);
  });
});
