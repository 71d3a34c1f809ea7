import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineReadings, inReadingOrder, intervalIoU, unionBox } from "./combine";
import type { OcrBox, OcrEngine, OcrLine, OcrReading } from "./types";

const line = (text: string, confidence: number, box: OcrBox): OcrLine => ({ text, confidence, box, words: [{ text, confidence, box }] });
const reading = (engine: OcrEngine, lines: OcrLine[]): OcrReading => ({
  engine,
  engineVersion: "test",
  language: "chi_tra",
  text: lines.map((l) => l.text).join("\n"),
  rawText: "",
  confidence: 0,
  lines,
  durationMs: 0,
  params: {},
});
const box = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
const calibration = { tesseract: 1, ppocr: 1 };

/** A tesseract line whose words are given as [text, confidence]; every character is a symbol of its word's confidence. */
const tesseractLine = (words: [string, number][], box: OcrBox, confidence = words.reduce((a, [, c]) => a + c, 0) / words.length): OcrLine => ({
  text: words.map(([t]) => t).join(" "),
  confidence,
  box,
  words: words.map(([text, c]) => ({ text, confidence: c, box, symbols: Array.from(text).map((t) => ({ text: t, confidence: c })) })),
});

describe("combineReadings", () => {
  const tesseract = reading("tesseract", [
    line("常住人口登記表", 0.9, box(500, 20, 400, 50)),
    line("姓名\u3000陳林氏", 0.6, box(60, 120, 500, 40)),
    line("性別\u3000女", 0.95, box(900, 122, 300, 40)),
    line("噪", 0.2, box(10, 600, 20, 20)),
  ]);
  const ppocr = reading("ppocr", [
    line("常住人口登记表", 0.99, box(498, 22, 405, 46)),
    line("姓名\u3000陳林氏\u3000性别\u3000女", 0.8, box(58, 118, 1150, 44)),
    line("承辦人\u3000王", 0.9, box(60, 400, 300, 40)),
  ]);

  it("groups lines by row and builds each on PP-OCR's text, keeping tesseract's as the alternative", () => {
    const page = combineReadings([tesseract, ppocr], { calibration });
    // Tesseract read chi_tra: the page is traditional, so 登记 and 性别 are written 登記 and 性別.
    // The stray 噪 only tesseract saw, unsure, on a page PP-OCR read, is noise.
    expect(page.lines.map((l) => [l.engine, l.text])).toEqual([
      ["ppocr", "常住人口登記表"],
      ["ppocr", "姓名\u3000陳林氏\u3000性別\u3000女"],
      ["ppocr", "承辦人\u3000王"],
    ]);
    expect(page.lines[0].alternatives).toEqual([{ engine: "tesseract", text: "常住人口登記表", confidence: 0.9 }]);
    // Tesseract's two cells of the row form one alternative, weighted by characters: (5*0.6 + 3*0.95) / 8.
    expect(page.lines[1].alternatives[0].text).toBe("姓名\u3000陳林氏\u3000性別\u3000女");
    expect(page.lines[1].alternatives[0].confidence).toBeCloseTo((5 * 0.6 + 3 * 0.95) / 8, 10);
    expect(page.lines[1].box).toEqual(box(58, 118, 1150, 44));
    // Every character agreed: each takes the higher confidence of the two.
    expect(page.lines[0].confidence).toBeCloseTo(0.99, 10);
    expect(page.text.split("\n")).toHaveLength(3);
  });

  it("corrects single characters of PP-OCR's line with tesseract's, weighing calibrated confidences", () => {
    const t = reading("tesseract", [tesseractLine([["承辦人", 0.9], ["王", 0.9]], box(60, 400, 300, 40))]);
    const p = reading("ppocr", [line("承辨人\u3000王", 0.95, box(60, 400, 300, 40))]);
    expect(combineReadings([t, p], { calibration }).text).toBe("承辨人\u3000王");
    expect(combineReadings([t, p], { calibration: { tesseract: 1, ppocr: 0.85 } }).text).toBe("承辦人\u3000王");
    // Raw readings are left as they were.
    expect(p.lines[0].text).toBe("承辨人\u3000王");
  });

  it("never lets tesseract overrule a character PP-OCR was sure of, though its line's confidence still votes", () => {
    // The real case: PP-OCR read 吴霞 (霞 at probability 1.000) on a handwritten ledger, tesseract 吴起 (起 at 0.93).
    const t = reading("tesseract", [tesseractLine([["吴起", 0.93]], box(60, 400, 120, 40))]);
    const withSymbols = (sure: number): OcrLine => ({
      text: "吴霞",
      confidence: 0.86,
      box: box(60, 400, 120, 40),
      words: [{ text: "吴霞", confidence: 0.86, box: box(60, 400, 120, 40), symbols: [{ text: "吴", confidence: 0.71 }, { text: "霞", confidence: sure }] }],
    });
    const cal = { tesseract: 1.08, ppocr: 0.91 };
    expect(combineReadings([t, reading("ppocr", [withSymbols(1)])], { calibration: cal }).text).toBe("吴霞");
    // Where PP-OCR was less than sure of it, the line's confidence votes as before, and tesseract's sure reading wins.
    expect(combineReadings([t, reading("ppocr", [withSymbols(0.6)])], { calibration: cal }).text).toBe("吴起");
  });

  it("does not let a garbage tesseract line change PP-OCR's text", () => {
    const t = reading("tesseract", [tesseractLine([["位页", 0.99], ["猴习冰河外", 0.99], ["来狂人", 0.99]], box(9, 6, 600, 39), 0.1)]);
    const p = reading("ppocr", [line("仍有铁马水河入梦来", 0.94, box(6, 9, 620, 39))]);
    const page = combineReadings([t, p], { calibration, languages: ["chi_sim"] });
    expect(page.text).toBe("仍有铁马水河入梦来");
    expect(page.lines[0].alternatives.map((a) => a.engine)).toEqual(["tesseract"]);
  });

  it("writes PP-OCR's text in traditional characters only on a traditional page", () => {
    const p = reading("ppocr", [line("户别\u3000农业家庭户", 0.95, box(60, 400, 600, 40))]);
    const t = (language: string) => ({ ...reading("tesseract", []), language });
    expect(combineReadings([t("chi_tra"), p]).text).toBe("戶別\u3000農業家庭戶");
    expect(combineReadings([t("chi_sim"), p]).text).toBe("户别\u3000农业家庭户");
    // The page's languages, when given, decide over the tesseract reading's.
    expect(combineReadings([t("chi_tra"), p], { languages: ["chi_sim"] }).text).toBe("户别\u3000农业家庭户");
    expect(combineReadings([p], { languages: ["chi_tra"] }).text).toBe("戶別\u3000農業家庭戶");
    expect(combineReadings([p]).text).toBe("户别\u3000农业家庭户");
  });

  it("drops what only tesseract saw on a page PP-OCR read when it is unsure, strokes, or inside a PP-OCR line", () => {
    const p = reading("ppocr", [line("姓名\u3000陳林氏", 0.95, box(60, 120, 500, 60))]);
    const t = reading("tesseract", [
      line("承辦人", 0.3, box(60, 400, 300, 40)),
      line("一一-一一一人", 0.9, box(60, 20, 900, 40)),
      line("外7", 0.8, box(300, 130, 60, 15)),
      line("出生地\u3000陝西", 0.9, box(60, 600, 400, 40)),
    ]);
    expect(combineReadings([t, p], { calibration }).lines.map((l) => l.text)).toEqual(["姓名\u3000陳林氏", "出生地\u3000陝西"]);
    // Without PP-OCR's reading of the page tesseract's lines are all there is.
    expect(combineReadings([t, reading("ppocr", [])], { calibration }).lines).toHaveLength(4);
    // Preferring tesseract keeps them too.
    expect(combineReadings([t, p], { calibration, prefer: "tesseract" }).lines).toHaveLength(5);
  });

  it("prefers one engine when the archive says so, falling back to the other where it found nothing", () => {
    const page = combineReadings([tesseract, ppocr], { prefer: "tesseract", calibration });
    expect(page.lines.map((l) => l.engine)).toEqual(["tesseract", "tesseract", "ppocr", "tesseract"]);
    expect(page.lines[1].text).toBe("姓名\u3000陳林氏\u3000性別\u3000女");
    // The preferred engine's text is taken as it read it, in its own script.
    expect(combineReadings([tesseract, ppocr], { prefer: "ppocr", calibration }).lines[0].text).toBe("常住人口登记表");
  });

  it("drops lines only one engine found below minSoloConfidence, when asked", () => {
    const page = combineReadings([tesseract], { calibration, minSoloConfidence: 0.5 });
    expect(page.lines.map((l) => l.text)).toEqual(["常住人口登記表", "姓名\u3000陳林氏", "性別\u3000女"]);
  });

  it("never fuses two rows one engine read apart, even where a tall stain bridges them", () => {
    // A ledger: PP-OCR reads two member rows; tesseract reads a stain across both as one glyph (囊),
    // overlapping each row by more than minOverlap. Row 2 must stay its own line: its person is another.
    const simplified = (r: OcrReading): OcrReading => ({ ...r, language: "chi_sim" });
    const pp = simplified(reading("ppocr", [
      line("杨林\u3000户主\u3000男", 0.99, box(210, 701, 2400, 92)),
      line("高冬凤\u3000妻\u3000女", 0.99, box(188, 838, 2400, 92)),
    ]));
    const tess = simplified(reading("tesseract", [
      line("杨林", 0.93, box(232, 725, 86, 44)),
      line("囊", 0.0, box(1254, 728, 178, 181)),
      line("高个", 0.75, box(211, 866, 79, 47)),
    ]));
    for (const readings of [[tess, pp], [pp, tess]]) {
      const page = combineReadings(readings, { calibration });
      expect(page.lines.map((l) => l.text)).toEqual(["杨林\u3000户主\u3000男", "高冬凤\u3000妻\u3000女"]);
    }
  });

  it("passes a single reading through, and gives an empty page for none", () => {
    const page = combineReadings([tesseract], { calibration });
    // Lines of one engine are never merged with each other.
    expect(page.lines.map((l) => l.text)).toEqual(["常住人口登記表", "姓名\u3000陳林氏", "性別\u3000女", "噪"]);
    expect(page.lines.every((l) => l.alternatives.length === 0)).toBe(true);
    expect(combineReadings([])).toEqual({ lines: [], text: "", confidence: 0 });
  });

  it("aligns vertical writing by columns and reads them right to left", () => {
    const t = reading("tesseract", [line("有是是非", 0.7, box(600, 40, 60, 400)), line("已取之時", 0.7, box(100, 40, 60, 400))]);
    const p = reading("ppocr", [line("已取之时", 0.9, box(95, 38, 66, 404)), line("有是是非", 0.9, box(598, 40, 64, 400))]);
    const page = combineReadings([t, p], { vertical: true, calibration });
    expect(page.lines.map((l) => l.text)).toEqual(["有是是非", "已取之時"]);
    expect(page.lines[1].alternatives[0].text).toBe("已取之時");
  });

  const lineArb = fc.record({
    text: fc.constantFrom("戶籍", "姓名", "陳", "1956", "户籍", "陳林氏"),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    x: fc.integer({ min: 0, max: 1000 }),
    y: fc.integer({ min: 0, max: 1000 }),
    w: fc.integer({ min: 1, max: 400 }),
    h: fc.integer({ min: 1, max: 60 }),
  });
  type LineSpec = { text: string; confidence: number; x: number; y: number; w: number; h: number };
  const toLines = (ls: LineSpec[]) => ls.map((l) => line(l.text, l.confidence, box(l.x, l.y, l.w, l.h)));
  const chars = (s: string) => s.replace(/\s/gu, "").length;

  it("keeps every PP-OCR character and never shows an engine as its own alternative", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 8 }), fc.array(lineArb, { maxLength: 8 }), (a, b) => {
        const page = combineReadings([reading("tesseract", toLines(a)), reading("ppocr", toLines(b))], { calibration, languages: ["chi_sim"] });
        const shownPpocr = page.lines.filter((l) => l.engine === "ppocr");
        expect(shownPpocr.reduce((n, l) => n + chars(l.text), 0)).toBeGreaterThanOrEqual(b.reduce((n, l) => n + chars(l.text), 0));
        for (const l of page.lines) {
          expect(l.alternatives.map((x) => x.engine)).not.toContain(l.engine);
          expect(new Set(l.alternatives.map((x) => x.engine)).size).toBe(l.alternatives.length);
          expect(l.confidence).toBeGreaterThanOrEqual(0);
          expect(l.confidence).toBeLessThanOrEqual(1);
        }
        // Tesseract adds nothing to a page both engines read alike.
        const same = combineReadings([reading("tesseract", toLines(b)), reading("ppocr", toLines(b))], { calibration, languages: ["chi_sim"] });
        expect(same.lines.reduce((n, l) => n + chars(l.text), 0)).toBe(b.reduce((n, l) => n + chars(l.text), 0));
      }),
    );
  });

  it("with a preferred engine, keeps every non-blank line of every reading exactly once, as text or alternative", () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 8 }), fc.array(lineArb, { maxLength: 8 }), fc.constantFrom("tesseract" as const, "ppocr" as const), (a, b, prefer) => {
        const page = combineReadings([reading("tesseract", toLines(a)), reading("ppocr", toLines(b))], { calibration, prefer });
        const total = [...a, ...b].reduce((n, l) => n + chars(l.text), 0);
        const kept = page.lines.reduce((n, l) => n + chars(l.text) + l.alternatives.reduce((m, x) => m + chars(x.text), 0), 0);
        expect(kept).toBe(total);
        expect(page.lines.length).toBeGreaterThanOrEqual(Math.max(a.length, b.length) > 0 ? 1 : 0);
      }),
    );
  });
});

describe("geometry helpers", () => {
  it("computes interval IoU", () => {
    expect(intervalIoU(0, 10, 0, 10)).toBe(1);
    expect(intervalIoU(0, 10, 5, 15)).toBeCloseTo(5 / 15, 10);
    expect(intervalIoU(0, 10, 10, 20)).toBe(0);
  });
  it("unions boxes", () => {
    expect(unionBox([box(0, 0, 10, 10), box(20, 5, 10, 10)])).toEqual(box(0, 0, 30, 15));
    expect(unionBox([])).toEqual(box(0, 0, 0, 0));
  });
  it("orders rows top to bottom and cells left to right", () => {
    const cells = [box(500, 102, 50, 30), box(0, 100, 50, 30), box(0, 200, 50, 30), box(250, 98, 50, 30)].map((b, i) => ({ box: b, i }));
    expect(inReadingOrder(cells).map((c) => c.i)).toEqual([1, 3, 0, 2]);
  });
});
