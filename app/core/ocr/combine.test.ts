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

  it("aligns lines by row, takes the more confident engine and keeps the other as an alternative", () => {
    const page = combineReadings([tesseract, ppocr], { calibration });
    expect(page.lines.map((l) => [l.engine, l.text])).toEqual([
      ["ppocr", "常住人口登记表"],
      ["ppocr", "姓名\u3000陳林氏\u3000性别\u3000女"],
      ["ppocr", "承辦人\u3000王"],
      ["tesseract", "噪"],
    ]);
    expect(page.lines[0].alternatives).toEqual([{ engine: "tesseract", text: "常住人口登記表", confidence: 0.9 }]);
    // Tesseract's two cells of the row form one candidate, weighted by characters: (5*0.6 + 3*0.95) / 8.
    expect(page.lines[1].alternatives[0].text).toBe("姓名\u3000陳林氏\u3000性別\u3000女");
    expect(page.lines[1].alternatives[0].confidence).toBeCloseTo((5 * 0.6 + 3 * 0.95) / 8, 10);
    expect(page.lines[1].box).toEqual(box(58, 118, 1150, 44));
    expect(page.text.split("\n")).toHaveLength(4);
  });

  it("applies per-engine calibration before comparing", () => {
    const page = combineReadings([tesseract, ppocr], { calibration: { tesseract: 1, ppocr: 0.85 } });
    expect(page.lines[0]).toMatchObject({ engine: "tesseract", text: "常住人口登記表", confidence: 0.9 });
    expect(page.lines[0].alternatives[0].confidence).toBeCloseTo(0.99 * 0.85, 10);
  });

  it("prefers one engine when the archive says so, falling back to the other where it found nothing", () => {
    const page = combineReadings([tesseract, ppocr], { prefer: "tesseract", calibration });
    expect(page.lines.map((l) => l.engine)).toEqual(["tesseract", "tesseract", "ppocr", "tesseract"]);
    expect(page.lines[1].text).toBe("姓名\u3000陳林氏\u3000性別\u3000女");
  });

  it("drops lines only one engine found below minSoloConfidence, when asked", () => {
    const page = combineReadings([tesseract, ppocr], { calibration, minSoloConfidence: 0.5 });
    expect(page.lines.map((l) => l.text)).not.toContain("噪");
    expect(page.lines.map((l) => l.text)).toContain("承辦人\u3000王");
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
    expect(page.lines.map((l) => l.text)).toEqual(["有是是非", "已取之时"]);
    expect(page.lines[1].alternatives[0].text).toBe("已取之時");
  });

  it("keeps every non-blank line of every reading exactly once, as text or alternative", () => {
    const lineArb = fc.record({
      text: fc.constantFrom("戶籍", "姓名", "陳", "1956"),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      x: fc.integer({ min: 0, max: 1000 }),
      y: fc.integer({ min: 0, max: 1000 }),
      w: fc.integer({ min: 1, max: 400 }),
      h: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 8 }), fc.array(lineArb, { maxLength: 8 }), (a, b) => {
        const toLines = (ls: typeof a) => ls.map((l) => line(l.text, l.confidence, box(l.x, l.y, l.w, l.h)));
        const page = combineReadings([reading("tesseract", toLines(a)), reading("ppocr", toLines(b))], { calibration });
        const count = (engine: OcrEngine) =>
          page.lines.filter((l) => l.engine === engine).length + page.lines.flatMap((l) => l.alternatives).filter((x) => x.engine === engine).length;
        expect(count("tesseract")).toBeLessThanOrEqual(a.length);
        expect(count("ppocr")).toBeLessThanOrEqual(b.length);
        expect(page.lines.length).toBeGreaterThanOrEqual(Math.max(a.length, b.length) > 0 ? 1 : 0);
        const chars = (s: string) => s.replace(/\s/gu, "").length;
        const total = [...a, ...b].reduce((n, l) => n + chars(l.text), 0);
        const kept = page.lines.reduce((n, l) => n + chars(l.text) + l.alternatives.reduce((m, x) => m + chars(x.text), 0), 0);
        expect(kept).toBe(total);
        for (const l of page.lines) {
          expect(l.confidence).toBeGreaterThanOrEqual(0);
          expect(l.confidence).toBeLessThanOrEqual(1);
        }
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
