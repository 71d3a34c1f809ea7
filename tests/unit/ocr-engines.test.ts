import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { characterErrorRate } from "~/core/ocr/cer";
import type { OcrReading } from "~/core/ocr/types";
import { PpocrEngine, PPOCR_V4_MODELS } from "../../workers/ocr/ppocr-engine";
import { readPage } from "../../workers/ocr/read-page";
import { OFFLINE_WORKER_PATH, TesseractPool } from "../../workers/ocr/tesseract-pool";

// Real engines on the committed fixture images (see tests/fixtures/ocr/README.md).
// Everything runs offline: fetch throws in this process, and the tesseract
// worker threads start from a script that makes fetch throw there too.

const fixture = (name: string) => readFile(path.join(import.meta.dirname, "../fixtures/ocr", name));
const SLOW = { timeout: 60_000 };

let cacheDir: string;
let tesseract: TesseractPool;
let ppocr: PpocrEngine;
const fetchCalls: string[] = [];

beforeAll(async () => {
  vi.stubGlobal("fetch", async (resource: unknown) => {
    fetchCalls.push(String(resource));
    throw new Error(`network access attempted in a test: ${String(resource)}`);
  });
  cacheDir = await mkdtemp(path.join(tmpdir(), "suji-tesseract-"));
  tesseract = new TesseractPool({ size: 1, cacheDir });
  ppocr = new PpocrEngine();
}, 60_000);

afterAll(async () => {
  await Promise.all([tesseract?.terminate(), ppocr?.terminate()]);
  await rm(cacheDir, { recursive: true, force: true });
  vi.unstubAllGlobals();
  expect(fetchCalls).toEqual([]);
}, 60_000);

function expectWellFormed(reading: OcrReading, width: number, height: number) {
  expect(reading.lines.length).toBeGreaterThan(0);
  expect(reading.confidence).toBeGreaterThan(0);
  expect(reading.confidence).toBeLessThanOrEqual(1);
  expect(reading.durationMs).toBeGreaterThan(0);
  for (const line of reading.lines) {
    expect(line.confidence).toBeGreaterThanOrEqual(0);
    expect(line.confidence).toBeLessThanOrEqual(1);
    expect(line.box.w).toBeGreaterThan(0);
    expect(line.box.h).toBeGreaterThan(0);
    expect(line.box.x).toBeGreaterThanOrEqual(0);
    expect(line.box.y).toBeGreaterThanOrEqual(0);
    expect(line.box.x + line.box.w).toBeLessThanOrEqual(width);
    expect(line.box.y + line.box.h).toBeLessThanOrEqual(height);
    expect(line.words.length).toBeGreaterThan(0);
  }
}

describe("readPage with tesseract.js and PP-OCR", () => {
  it("reads a Traditional line (tesseract-js-chinese.png)", SLOW, async () => {
    const page = await readPage(await fixture("tesseract-js-chinese.png"), { languages: ["chi_tra"], engines: ["tesseract", "ppocr"] }, { tesseract, ppocr });
    expect(page.errors).toEqual([]);
    for (const reading of page.readings) expectWellFormed(reading, page.width, page.height);
    const [t, p] = page.readings;
    expect(t.engine).toBe("tesseract");
    expect(t.language).toBe("chi_tra");
    expect(t.params).toMatchObject({ psm: 11, lstm_choice_mode: "2", hocr_char_boxes: "1", preserve_interword_spaces: "1" });
    expect(characterErrorRate(t.text, "繁體中文測試")).toBeLessThanOrEqual(0.34);
    expect(characterErrorRate(p.text, "繁體中文測試")).toBeLessThanOrEqual(0.17);
    expect(characterErrorRate(page.text, "繁體中文測試")).toBeLessThanOrEqual(0.17);
    // Tesseract gives every character a box, a confidence and alternatives.
    const symbols = t.lines.flatMap((l) => l.words).flatMap((w) => w.symbols ?? []);
    expect(symbols.length).toBeGreaterThanOrEqual(5);
    for (const s of symbols) {
      expect(s.box?.w).toBeGreaterThan(0);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.choices?.length).toBeGreaterThan(0);
    }
    expect(page.preprocess.output).toEqual({ width: page.width, height: page.height });
  });

  it("reads seven printed Simplified lines (cnocr-multi-line-cn1.png)", SLOW, async () => {
    const truth = ["网络支付并无本质的区别，因为", "每一个手机号码和邮件地址背后", "都会对应着一个账户——这个账", "户可以是信用卡账户、借记卡账", "户，也包括邮局汇款、手机代", "收、电话代收、预付费卡和点卡", "等多种形式。"];
    const page = await readPage(await fixture("cnocr-multi-line-cn1.png"), { languages: ["chi_sim"], engines: ["tesseract", "ppocr"] }, { tesseract, ppocr });
    const [t, p] = page.readings;
    expect(t.lines).toHaveLength(7);
    expect(p.lines).toHaveLength(7);
    expect(characterErrorRate(t.text, truth.join("\n"), { foldWidth: true })).toBeLessThan(0.08);
    expect(characterErrorRate(p.text, truth.join("\n"), { foldWidth: true })).toBeLessThan(0.08);
    expect(page.combined).toHaveLength(7);
    for (const line of page.combined) expect(line.alternatives).toHaveLength(1);
    expect(characterErrorRate(page.text, truth.join("\n"), { foldWidth: true })).toBeLessThan(0.08);
    // PP-OCR's characters come with where they stand (ctc.ts): one symbol per character, left to right, inside the line.
    for (const line of p.lines) {
      const symbols = line.words.flatMap((w) => w.symbols ?? []);
      expect(symbols.map((s) => s.text).join("")).toBe(line.words.map((w) => w.text).join("").replace(/\s/gu, ""));
      expect(symbols.length).toBeGreaterThan(5);
      for (const [i, s] of symbols.entries()) {
        expect(s.box!.x).toBeGreaterThanOrEqual(line.box.x - 2);
        expect(s.box!.x + s.box!.w).toBeLessThanOrEqual(line.box.x + line.box.w + 2);
        if (i > 0) expect(s.box!.x).toBeGreaterThanOrEqual(symbols[i - 1].box!.x);
      }
    }
    // The last line (等多种形式。) starts where its box starts.
    const last = p.lines[6].words[0].symbols!;
    expect(last[0].box!.x - p.lines[6].box.x).toBeLessThan(last[0].box!.h);
  });

  it("reads a handwritten line, where PP-OCR is far better (openvino-handwritten-simplified-chinese.png)", SLOW, async () => {
    const truth = "的人不一了是他有为在责新中任自之我们";
    const page = await readPage(await fixture("openvino-handwritten-simplified-chinese.png"), { languages: ["chi_sim"], engines: ["tesseract", "ppocr"] }, { tesseract, ppocr });
    const [t, p] = page.readings;
    expect(characterErrorRate(p.text, truth)).toBeLessThan(0.15);
    expect(characterErrorRate(t.text, truth)).toBeLessThan(0.6);

    expect(characterErrorRate(page.text, truth)).toBeLessThan(0.15);
    expect(page.combined[0].engine).toBe("ppocr");
  });

  it("honours EXIF orientation and can prefer one engine (rapidocr-img-exif-orientation.jpg)", SLOW, async () => {
    const page = await readPage(await fixture("rapidocr-img-exif-orientation.jpg"), { languages: ["chi_sim"], engines: ["tesseract", "ppocr"], prefer: "tesseract" }, { tesseract, ppocr });
    expect(page.preprocess.input.exifOrientation).toBe(3);
    for (const reading of page.readings) expect(characterErrorRate(reading.text, "我是中国人")).toBeLessThanOrEqual(0.2);
    expect(page.combined.map((l) => l.engine)).toEqual(["tesseract"]);
  });

  it("reads vertical Traditional columns right to left (rapidocr-text-vertical-words-500w.jpg)", SLOW, async () => {
    // Upstream transcribes only the leftmost of the three columns.
    const leftmost = "已取之時不參一人見而";
    const page = await readPage(await fixture("rapidocr-text-vertical-words-500w.jpg"), { languages: ["chi_tra"], engines: ["tesseract", "ppocr"], vertical: true }, { tesseract, ppocr });
    const [t, p] = page.readings;
    expect(t.language).toBe("chi_tra_vert");
    expect(t.params.psm).toBe(5);
    expect(p.params.vertical).toBe(true);
    expect(page.combined).toHaveLength(3);
    for (const line of page.combined) expect(line.alternatives).toHaveLength(1);
    const xs = page.combined.map((l) => l.box.x);
    expect(xs).toEqual([...xs].sort((a, b) => b - a));
    const last = page.combined[2];
    expect(characterErrorRate(last.text, leftmost)).toBeLessThanOrEqual(0.3);
    // Where PP-OCR was torn between characters (參 and 参, 問 and 間 here), the runners-up are kept, each with
    // its probability, below the character read; each column's characters run down it.
    const symbols = p.lines.flatMap((l) => l.words.flatMap((w) => w.symbols ?? []));
    const torn = symbols.filter((s) => (s.choices?.length ?? 0) > 0);
    expect(torn.length).toBeGreaterThan(0);
    for (const s of torn) for (const c of s.choices!) expect(c.confidence).toBeLessThanOrEqual(s.confidence);
    for (const line of p.lines) {
      const ys = line.words.flatMap((w) => w.symbols ?? []).map((s) => s.box!.y);
      expect(ys).toEqual([...ys].sort((a, b) => a - b));
    }
    expect(characterErrorRate(t.lines.at(-1)?.text ?? "", leftmost)).toBeLessThanOrEqual(0.5);
  });

  it("keeps a line only one engine found (rapidocr-ch-doc-server.png: PP-OCRv4 finds no text here)", SLOW, async () => {
    // PP-OCRv5 reads this line (嫖娼); the v4 model, kept for comparison, finds nothing.
    const v4 = new PpocrEngine({ models: PPOCR_V4_MODELS });
    const page = await readPage(await fixture("rapidocr-ch-doc-server.png"), { languages: ["chi_sim"], engines: ["tesseract", "ppocr"] }, { tesseract, ppocr: v4 });
    const [t, p] = page.readings;
    expect(p.language).toBe("ch_PP-OCRv4");
    expect(p.lines).toEqual([]);
    expect(t.lines.length).toBeGreaterThan(0);
    // Tesseract alone read it (PSM 11 gives 票人 for 嫖娼; PSM 6 reads it right), and that line is kept.
    expect(page.combined.map((l) => [l.engine, l.text, l.alternatives.length])).toEqual(t.lines.map((l) => ["tesseract", l.text, 0]));
    // The default model, PP-OCRv5, reads it right.
    const v5 = await ppocr.recognize((await readPage(await fixture("rapidocr-ch-doc-server.png"), { languages: ["chi_sim"], engines: ["ppocr"] }, { ppocr })).grayImage);
    expect(v5.language).toBe("ch_PP-OCRv5");
    expect(v5.lines.map((l) => l.text)).toEqual(["嫖娼"]);
  });
});

describe("tesseract pool", () => {
  it("queues calls beyond its size and recycles workers after K pages", SLOW, async () => {
    const pool = new TesseractPool({ size: 1, recycleAfter: 2, cacheDir });
    try {
      const image = await fixture("tesseract-js-chinese.png");
      const readings = await Promise.all([1, 2, 3].map(() => pool.recognize(image, { lang: ["chi_tra"] })));
      for (const r of readings) expect(characterErrorRate(r.text, "繁體中文測試")).toBe(0);
      expect(readings.map((r) => r.params.workerPage)).toEqual([1, 2, 1]);
      expect(pool.stats()).toEqual([{ languages: "chi_tra", workers: 1, pagesRead: 3, recycled: 1 }]);
    } finally {
      await pool.terminate();
    }
    await expect(pool.recognize(Buffer.alloc(0), { lang: ["chi_tra"] })).rejects.toThrow(/terminated/);
  });

  it("reports missing language data instead of downloading it", SLOW, async () => {
    const pool = new TesseractPool({ cacheDir });
    try {
      await expect(pool.recognize(await fixture("tesseract-js-chinese.png"), { lang: ["jpn"] })).rejects.toThrow(/no local tesseract language data for "jpn"/);
    } finally {
      await pool.terminate();
    }
  });

  it("runs its worker threads with fetch disabled", SLOW, async () => {
    // The worker-thread entry point, loaded the way tesseract.js loads it, then asked to fetch.
    const probe = new Worker(
      `const { parentPort } = require("node:worker_threads");
       require(${JSON.stringify(OFFLINE_WORKER_PATH)});
       fetch("https://example.invalid/chi_tra.traineddata.gz").then(
         () => parentPort.postMessage({ probe: "fetched" }),
         (error) => parentPort.postMessage({ probe: error.message }),
       );`,
      { eval: true },
    );
    try {
      const message = await new Promise<{ probe: string }>((resolve, reject) => {
        probe.on("message", (m: { probe?: string }) => m.probe && resolve(m as { probe: string }));
        probe.once("error", reject);
      });
      expect(message.probe).toMatch(/network access is disabled in the OCR worker/);
    } finally {
      await probe.terminate();
    }
  });
});
