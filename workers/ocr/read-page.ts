import { combineReadings, type CombinePreference } from "~/core/ocr/combine";
import type { CombinedLine, OcrEngine, OcrReading } from "~/core/ocr/types";
import type { PpocrEngine } from "./ppocr-engine";
import { preprocessPage, type PreprocessOptions, type PreprocessParams } from "./preprocess";
import type { TesseractPool } from "./tesseract-pool";

/**
 * Read one page image: preprocess once, run the requested engines on it
 * (concurrently; each is single-threaded by default), and combine their
 * lines. All boxes are in the preprocessed image's pixels (`width` x
 * `height`, returned as `image` and `grayImage`); `preprocess` says how
 * that image was made from the scan.
 *
 * An engine that fails is reported in `errors` and the page is read by the
 * others; if every engine fails, readPage rejects.
 */
export type ReadPageOptions = {
  /** Tesseract language codes, e.g. ["chi_tra"]; PP-OCR has one model for all. */
  languages: string[];
  engines: OcrEngine[];
  prefer?: CombinePreference;
  vertical?: boolean;
  preprocess?: PreprocessOptions;
  calibration?: Partial<Record<OcrEngine, number>>;
  /** See `CombineOptions.minSoloConfidence`; default 0 keeps every line. */
  minSoloConfidence?: number;
};

export type OcrEngines = { tesseract?: TesseractPool; ppocr?: PpocrEngine };

export type PageReading = {
  preprocess: PreprocessParams;
  /** The binarised page tesseract read (PNG); boxes refer to it and to `grayImage`. */
  image: Buffer;
  /** The grayscale page PP-OCR read (PNG), same geometry: the one to show beside the boxes. */
  grayImage: Buffer;
  width: number;
  height: number;
  readings: OcrReading[];
  combined: CombinedLine[];
  text: string;
  confidence: number;
  errors: { engine: OcrEngine; message: string }[];
};

export async function readPage(imageBytes: Buffer | Uint8Array, options: ReadPageOptions, engines: OcrEngines): Promise<PageReading> {
  if (options.engines.length === 0) throw new Error("readPage needs at least one engine");
  for (const engine of options.engines) {
    if (!engines[engine]) throw new Error(`readPage: no ${engine} engine was provided`);
  }
  const page = await preprocessPage(imageBytes, options.preprocess);

  const jobs = options.engines.map(async (engine): Promise<OcrReading> => {
    if (engine === "tesseract") {
      return (engines.tesseract as TesseractPool).recognize(page.image, { lang: options.languages, vertical: options.vertical });
    }
    // PP-OCR was trained on natural images: it reads the deskewed, scaled grayscale page.
    return (engines.ppocr as PpocrEngine).recognize(page.grayImage, { vertical: options.vertical });
  });
  const settled = await Promise.allSettled(jobs);

  const readings: OcrReading[] = [];
  const errors: PageReading["errors"] = [];
  settled.forEach((result, i) => {
    if (result.status === "fulfilled") readings.push(result.value);
    else errors.push({ engine: options.engines[i], message: result.reason instanceof Error ? result.reason.message : String(result.reason) });
  });
  if (readings.length === 0) {
    throw new Error(`every OCR engine failed: ${errors.map((e) => `${e.engine}: ${e.message}`).join("; ")}`);
  }

  const combined = combineReadings(readings, {
    prefer: options.prefer,
    calibration: options.calibration,
    vertical: options.vertical,
    minSoloConfidence: options.minSoloConfidence,
    languages: options.languages,
  });
  return {
    preprocess: page.params,
    image: page.image,
    grayImage: page.grayImage,
    width: page.width,
    height: page.height,
    readings,
    combined: combined.lines,
    text: combined.text,
    confidence: combined.confidence,
    errors,
  };
}
