import sharp, { type Sharp } from "sharp";
import { binarize, clearDarkBorder, estimateSkew, estimateTextHeight, histogram, maskToGray, otsuThreshold, removeRules, type Gray } from "./raster";

/**
 * Page preprocessing before OCR, with sharp for decoding and geometry and
 * `raster.ts` for the pixel decisions:
 * EXIF auto-orient -> flatten transparency onto white -> grayscale ->
 * normalise contrast -> deskew (projection profile over ±maxSkewDegrees on a
 * downscaled Otsu-binarised copy) -> upscale when the text is small ->
 * Otsu binarisation -> table-rule removal -> PNG.
 *
 * Every parameter and every measured value (skew angle, threshold, text
 * height, scale) is returned in `params`, so a `Page` records how its image
 * was made. Box coordinates from OCR refer to the returned image.
 */
export type PreprocessOptions = {
  /** sharp's decompression-bomb guard; larger inputs are rejected. */
  limitInputPixels?: number;
  /** Paint a dark frame around the paper white before anything is measured. */
  clearBorder?: boolean;
  deskew?: boolean;
  maxSkewDegrees?: number;
  /** Skew below this is left alone (rotation blurs glyphs). */
  minSkewDegrees?: number;
  binarize?: boolean;
  removeRules?: boolean;
  /** Upscale when the estimated text height is below this many pixels... */
  minTextHeight?: number;
  /** ...to about this height... */
  targetTextHeight?: number;
  /** ...by at most this factor, and to at most this many pixels. */
  maxUpscale?: number;
  maxOutputPixels?: number;
  /** Longest side of the copy used for skew and text-size analysis. */
  analysisSize?: number;
};

export type PreprocessResult = {
  /** PNG, one channel: the binarised, rule-free page for tesseract (or the grayscale page when `binarize` is off). */
  image: Buffer;
  /** PNG, one channel: the same geometry before binarisation, for recognisers trained on natural images (PP-OCR). */
  grayImage: Buffer;
  width: number;
  height: number;
  params: PreprocessParams;
};

export type PreprocessParams = {
  limitInputPixels: number;
  input: { width: number; height: number; format: string | undefined; exifOrientation: number | undefined; hasAlpha: boolean; flattenedOn: "white" | "black" };
  autoOrient: true;
  grayscale: true;
  normalise: true;
  border: { enabled: boolean; threshold: number; paintedPixels: number; maxFraction: number };
  deskew: { enabled: boolean; maxDegrees: number; minDegrees: number; textRows: number; minTextRows: number; gain: number; minGain: number; measuredDegrees: number; appliedDegrees: number };
  textHeight: { estimatedPx: number | null; minPx: number; targetPx: number };
  scale: { factor: number; maxUpscale: number; maxOutputPixels: number };
  binarize: { enabled: boolean; method: "otsu"; threshold: number };
  rules: { enabled: boolean; minLengthPx: number; maxThicknessPx: number; clearedHorizontal: number; clearedVertical: number; clearedSpecks: number };
  output: { width: number; height: number };
  analysisSize: number;
  durationMs: number;
};

export const DEFAULT_PREPROCESS: Required<PreprocessOptions> = {
  limitInputPixels: 100_000_000,
  clearBorder: true,
  deskew: true,
  maxSkewDegrees: 5,
  minSkewDegrees: 0.2,
  binarize: true,
  removeRules: true,
  minTextHeight: 28,
  targetTextHeight: 40,
  maxUpscale: 4,
  maxOutputPixels: 16_000_000,
  analysisSize: 1200,
};

const MIN_ROWS_FOR_DESKEW = 3;
const MAX_BORDER_FRACTION = 0.25;
const MIN_GAIN_FOR_DESKEW = 1.05;
const WHITE = { r: 255, g: 255, b: 255 };
const BLACK = { r: 0, g: 0, b: 0 };

/**
 * Transparent images are flattened onto white, unless what is drawn on them
 * is light (white text on a transparent background): then onto black, and
 * the result is inverted so that ink is dark as everywhere else.
 */
async function backgroundFor(input: Buffer | Uint8Array, limitInputPixels: number): Promise<"white" | "black"> {
  const { data, info } = await sharp(input, { limitInputPixels })
    .ensureAlpha()
    .resize(256, 256, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let weight = 0;
  let luminance = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const alpha = data[i + 3] / 255;
    if (alpha === 0) continue;
    weight += alpha;
    luminance += alpha * (0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]);
  }
  return weight > 0 && luminance / weight > 160 && weight < (data.length / info.channels) * 0.9 ? "black" : "white";
}

export async function preprocessPage(input: Buffer | Uint8Array, options: PreprocessOptions = {}): Promise<PreprocessResult> {
  const started = performance.now();
  const o = { ...DEFAULT_PREPROCESS, ...options };
  const source = sharp(input, { limitInputPixels: o.limitInputPixels, failOn: "error" });
  const meta = await source.metadata();

  const background = meta.hasAlpha ? await backgroundFor(input, o.limitInputPixels) : "white";
  let gray = await toGray(
    source
      .autoOrient()
      .flatten({ background: background === "white" ? WHITE : BLACK })
      .grayscale()
      .normalise(),
  );
  if (background === "black") gray = { ...gray, data: gray.data.map((v) => 255 - v) };

  // A dark frame around the paper (scanner lid, table) is painted white, unless
  // "border" is most of the image: then the image is dark itself and is left alone.
  const borderThreshold = otsuThreshold(histogram(gray));
  let borderPainted = 0;
  if (o.clearBorder) {
    const candidate = { ...gray, data: Uint8Array.from(gray.data) };
    const painted = clearDarkBorder(candidate, borderThreshold);
    if (painted > 0 && painted < gray.data.length * MAX_BORDER_FRACTION) {
      gray = candidate;
      borderPainted = painted;
    }
  }

  // Analysis copy: skew and text size are measured on at most analysisSize px.
  const analysisRatio = Math.min(1, o.analysisSize / Math.max(gray.width, gray.height));
  const analysis = analysisRatio < 1 ? await resizeGray(gray, analysisRatio) : gray;
  const analysisThreshold = otsuThreshold(histogram(analysis));
  const analysisMask = binarize(analysis, analysisThreshold);

  let measuredSkew = 0;
  let appliedSkew = 0;
  let textRows = 0;
  let skewGain = 1;
  if (o.deskew) {
    const skew = estimateSkew(analysisMask, analysis.width, analysis.height, { maxDegrees: o.maxSkewDegrees });
    measuredSkew = skew.angle;
    textRows = skew.rows;
    skewGain = Math.round((skew.score / Math.max(1, skew.flatScore)) * 1000) / 1000;
    // One or two lines of text barely show skew: a small projection gain there is noise.
    const trusted = textRows >= MIN_ROWS_FOR_DESKEW || skewGain >= MIN_GAIN_FOR_DESKEW;
    if (Math.abs(measuredSkew) >= o.minSkewDegrees && trusted) {
      appliedSkew = measuredSkew;
      gray = await toGray(rawSharp(gray).rotate(-measuredSkew, { background: WHITE }));
    }
  }

  const analysisTextHeight = estimateTextHeight(analysisMask, analysis.width, analysis.height);
  const textHeight = analysisTextHeight === null ? null : Math.round(analysisTextHeight / analysisRatio);
  let scale = 1;
  if (textHeight !== null && textHeight < o.minTextHeight && gray.width * gray.height < o.maxOutputPixels) {
    scale = Math.min(o.maxUpscale, o.targetTextHeight / textHeight, Math.sqrt(o.maxOutputPixels / (gray.width * gray.height)));
    scale = Math.round(scale * 100) / 100;
    gray = await resizeGray(gray, scale);
  }

  const threshold = otsuThreshold(histogram(gray));
  const scaledTextHeight = (textHeight ?? 24) * scale;
  const minLengthPx = Math.max(40, Math.round(3 * scaledTextHeight));
  const maxThicknessPx = Math.max(4, Math.round(scaledTextHeight / 4));
  let cleared = { horizontal: 0, vertical: 0, specks: 0 };
  let pageRaster = gray.data;
  if (o.binarize || o.removeRules) {
    const mask = binarize(gray, threshold);
    if (o.removeRules) cleared = removeRules(mask, gray.width, gray.height, { minLength: minLengthPx, maxThickness: maxThicknessPx });
    if (o.binarize) {
      pageRaster = maskToGray(mask);
    } else {
      // Rules removed from the grayscale page: paint cleared ink white.
      pageRaster = Uint8Array.from(gray.data);
      for (let i = 0; i < mask.length; i++) if (gray.data[i] <= threshold && !mask[i]) pageRaster[i] = 255;
    }
  }

  const [image, grayImage] = await Promise.all([
    rawSharp({ ...gray, data: pageRaster }).png({ compressionLevel: 1 }).toBuffer(),
    rawSharp(gray).png({ compressionLevel: 1 }).toBuffer(),
  ]);

  return {
    image,
    grayImage,
    width: gray.width,
    height: gray.height,
    params: {
      limitInputPixels: o.limitInputPixels,
      input: {
        width: meta.width ?? 0,
        height: meta.height ?? 0,
        format: meta.format,
        exifOrientation: meta.orientation,
        hasAlpha: meta.hasAlpha ?? false,
        flattenedOn: background,
      },
      autoOrient: true,
      grayscale: true,
      normalise: true,
      border: { enabled: o.clearBorder, threshold: borderThreshold, paintedPixels: borderPainted, maxFraction: MAX_BORDER_FRACTION },
      deskew: {
        enabled: o.deskew,
        maxDegrees: o.maxSkewDegrees,
        minDegrees: o.minSkewDegrees,
        textRows,
        minTextRows: MIN_ROWS_FOR_DESKEW,
        gain: skewGain,
        minGain: MIN_GAIN_FOR_DESKEW,
        measuredDegrees: measuredSkew, appliedDegrees: appliedSkew },
      textHeight: { estimatedPx: textHeight, minPx: o.minTextHeight, targetPx: o.targetTextHeight },
      scale: { factor: scale, maxUpscale: o.maxUpscale, maxOutputPixels: o.maxOutputPixels },
      binarize: { enabled: o.binarize, method: "otsu", threshold },
      rules: { enabled: o.removeRules, minLengthPx, maxThicknessPx, clearedHorizontal: cleared.horizontal, clearedVertical: cleared.vertical, clearedSpecks: cleared.specks },
      output: { width: gray.width, height: gray.height },
      analysisSize: o.analysisSize,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

function rawSharp(image: Gray) {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

async function toGray(pipeline: Sharp): Promise<Gray> {
  const { data, info } = await pipeline.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

async function resizeGray(image: Gray, ratio: number): Promise<Gray> {
  const width = Math.max(1, Math.round(image.width * ratio));
  const height = Math.max(1, Math.round(image.height * ratio));
  return toGray(rawSharp(image).resize(width, height, { kernel: ratio > 1 ? "lanczos3" : "linear", fit: "fill" }));
}
