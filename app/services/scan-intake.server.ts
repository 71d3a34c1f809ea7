import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type SharpOptions } from "sharp";

export type IntakeLimits = { maxBytes: number; maxPixels: number; maxPages: number };

export type IntakeRejection =
  | "empty"
  | "tooLarge"
  | "wrongType"
  | "corrupt"
  | "truncated"
  | "tooManyPixels"
  | "tooManyPages"
  | "encryptedPdf"
  | "corruptPdf";

export type IntakePage = {
  /** 1-based. */
  pageNumber: number;
  /** Lossless PNG, or the uploaded bytes themselves for a single-page PNG or JPEG. */
  image: Buffer;
  mime: "image/png" | "image/jpeg";
  /** Stored pixel size, before any EXIF orientation (applied later by OCR preprocessing). */
  width: number;
  height: number;
};

export type IntakeResult =
  | { ok: true; mime: IntakeMime; sha256: string; byteSize: number; pages: IntakePage[] }
  | { ok: false; reason: IntakeRejection; detail: string };

type IntakeMime = "image/png" | "image/jpeg" | "image/tiff" | "application/pdf";
type Rejection = Extract<IntakeResult, { ok: false }>;

const ACCEPTED_MIMES: readonly string[] = ["image/png", "image/jpeg", "image/tiff", "application/pdf"];

/** PDF pages are rasterised at this resolution for OCR. */
export const PDF_RENDER_DPI = 200;
// pdf.js runs in this thread; these bound a hostile PDF that parses or paints forever.
const PDF_OPEN_TIMEOUT_MS = 30_000;
const PDF_PAGE_TIMEOUT_MS = 60_000;

/**
 * Decides whether uploaded bytes are a scan Suji can OCR, and splits them into
 * page images. Decides by content only (never by file name), rejects before
 * decoding whatever can be rejected from headers, and never writes anything.
 * Never throws for bad input: every failure is an `ok: false` with a reason.
 * It throws only if pdf.js itself cannot be loaded.
 */
export async function inspectScan(bytes: Buffer, limits: IntakeLimits): Promise<IntakeResult> {
  if (bytes.length === 0) return reject("empty", "The file is empty.");
  if (bytes.length > limits.maxBytes) {
    return reject("tooLarge", `The file is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`);
  }

  let mime: string | undefined;
  try {
    mime = (await fileTypeFromBuffer(bytes))?.mime;
  } catch (error) {
    return reject("wrongType", `The file type could not be determined: ${describe(error)}`);
  }
  // file-type gives up on a TIFF whose directory lies past the end, which is how a cut-off
  // upload looks (writers put the directory after the pixels); let the decoder judge it.
  if (!mime && hasTiffHeader(bytes)) mime = "image/tiff";
  if (!mime || !ACCEPTED_MIMES.includes(mime)) {
    return reject("wrongType", `The content is ${mime ?? "of an unknown type"}; expected PNG, JPEG, TIFF or PDF.`);
  }

  const accepted = mime as IntakeMime;
  let pages: IntakePage[] | Rejection;
  if (accepted === "application/pdf") {
    // Not inside the catch-all: pdf.js failing to load is our fault, not the file's.
    const pdfjs = await loadPdfJs();
    pages = await classifyUnexpected("corruptPdf", () => inspectPdf(pdfjs, bytes, limits));
  } else if (accepted === "image/tiff") {
    pages = await classifyUnexpected("corrupt", () => inspectTiff(bytes, limits));
  } else {
    pages = await classifyUnexpected("corrupt", () => inspectSingleImage(bytes, accepted, limits));
  }
  if (!Array.isArray(pages)) return pages;

  return {
    ok: true,
    mime: accepted,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    byteSize: bytes.length,
    pages,
  };
}

// Anything an inspector did not classify is still the file's fault, not a reason to crash.
async function classifyUnexpected(
  reason: IntakeRejection,
  inspect: () => Promise<IntakePage[] | Rejection>
): Promise<IntakePage[] | Rejection> {
  try {
    return await inspect();
  } catch (error) {
    return reject(reason, `Unexpected failure while inspecting: ${describe(error)}`);
  }
}

function hasTiffHeader(bytes: Buffer): boolean {
  const head = bytes.toString("latin1", 0, 4);
  return head === "II*\0" || head === "MM\0*";
}

function reject(reason: IntakeRejection, detail: string): Rejection {
  return { ok: false, reason, detail };
}

// One log line per error: libvips repeats its decoder messages over several lines.
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [
    ...new Set(
      message
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
    ),
  ];
  return lines.join("; ").slice(0, 500);
}

function sharpOptions(limits: IntakeLimits, page?: number): SharpOptions {
  // failOn 'error' also covers 'truncated'; 'warning' would refuse old scanners' harmless quirks.
  return { failOn: "error", limitInputPixels: limits.maxPixels, sequentialRead: true, ...(page === undefined ? {} : { page }) };
}

function checkPixels(width: number | undefined, height: number | undefined, limits: IntakeLimits, what: string): Rejection | null {
  if (!width || !height) return reject("corrupt", `${what} declares no size.`);
  if (width * height > limits.maxPixels) {
    return reject("tooManyPixels", `${what} is ${width}×${height} = ${width * height} pixels; the limit is ${limits.maxPixels}.`);
  }
  return null;
}

async function inspectSingleImage(
  bytes: Buffer,
  mime: "image/png" | "image/jpeg",
  limits: IntakeLimits
): Promise<IntakePage[] | Rejection> {
  const label = mime === "image/png" ? "PNG" : "JPEG";
  const ending = mime === "image/png" ? pngEnding(bytes) : jpegEnding(bytes);
  const decodeFailure = (stage: string, error: unknown): Rejection =>
    ending === "truncated" || looksTruncated(error)
      ? reject("truncated", `The ${label} ends before its image data does (${stage}: ${describe(error)}).`)
      : reject("corrupt", `The ${label} cannot be decoded (${stage}: ${describe(error)}).`);

  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { ...sharpOptions(limits), limitInputPixels: false }).metadata();
  } catch (error) {
    return decodeFailure("header", error);
  }
  const tooBig = checkPixels(metadata.width, metadata.height, limits, `The ${label}`);
  if (tooBig) return tooBig;

  // Decode every pixel: a header can be intact while the data behind it is cut off.
  try {
    await sharp(bytes, sharpOptions(limits)).raw().toBuffer();
  } catch (error) {
    return decodeFailure("pixels", error);
  }
  if (ending === "truncated") {
    return reject("truncated", `The ${label} decoded but its ${mime === "image/png" ? "IEND chunk" : "end-of-image marker"} is missing.`);
  }

  return [{ pageNumber: 1, image: bytes, mime, width: metadata.width!, height: metadata.height! }];
}

async function inspectTiff(bytes: Buffer, limits: IntakeLimits): Promise<IntakePage[] | Rejection> {
  const ending = tiffEnding(bytes);
  const failure = (stage: string, error: unknown): Rejection =>
    ending === "truncated" || looksTruncated(error)
      ? reject("truncated", `The TIFF ends before its image data does (${stage}: ${describe(error)}).`)
      : reject("corrupt", `The TIFF cannot be decoded (${stage}: ${describe(error)}).`);

  let pageCount: number;
  try {
    const metadata = await sharp(bytes, { ...sharpOptions(limits), limitInputPixels: false }).metadata();
    pageCount = metadata.pages ?? 1;
  } catch (error) {
    return failure("header", error);
  }
  if (pageCount > limits.maxPages) {
    return reject("tooManyPages", `The TIFF has ${pageCount} pages; the limit is ${limits.maxPages}.`);
  }

  const pages: IntakePage[] = [];
  for (let index = 0; index < pageCount; index++) {
    const what = `TIFF page ${index + 1}`;
    try {
      const metadata = await sharp(bytes, { ...sharpOptions(limits, index), limitInputPixels: false }).metadata();
      const tooBig = checkPixels(metadata.width, metadata.height, limits, what);
      if (tooBig) return tooBig;
      const { data, info } = await sharp(bytes, sharpOptions(limits, index)).png().toBuffer({ resolveWithObject: true });
      pages.push({ pageNumber: index + 1, image: data, mime: "image/png", width: info.width, height: info.height });
    } catch (error) {
      return failure(what, error);
    }
  }
  if (ending === "truncated") return reject("truncated", "The TIFF decoded but points at data past its last byte.");
  return pages;
}

function looksTruncated(error: unknown): boolean {
  return /truncat|premature end|unexpected end|end of (file|stream|data)|not enough data|short read|out of data/i.test(describe(error));
}

type Ending = "complete" | "truncated" | "malformed";

// A chunk list that is well formed up to the last byte but has no IEND was cut off.
function pngEnding(bytes: Buffer): Ending {
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) return "malformed";
    if (type === "IEND") return "complete";
    offset += 12 + length;
  }
  return "truncated";
}

// Walks the segments and entropy-coded data: well formed up to the last byte but no EOI means cut off.
function jpegEnding(bytes: Buffer): Ending {
  let offset = 2; // after SOI
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) return "malformed";
    while (offset < bytes.length && bytes[offset] === 0xff) offset++; // fill bytes
    if (offset >= bytes.length) return "truncated";
    const marker = bytes[offset++];
    if (marker === 0xd9) return "complete";
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0x00 || marker === 0xd8) return "malformed";
    if (offset + 2 > bytes.length) return "truncated";
    offset += bytes.readUInt16BE(offset);
    if (marker !== 0xda) continue;
    // Entropy-coded data after SOS runs until a marker other than stuffing or a restart.
    while (offset + 1 < bytes.length) {
      if (bytes[offset] === 0xff) {
        const next = bytes[offset + 1];
        if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      offset++;
    }
    if (offset + 1 >= bytes.length) return "truncated";
  }
  return "truncated";
}

const TIFF_SHORT = 3;
const TIFF_LONG = 4;
// Pairs of (data offsets tag, data byte counts tag): StripOffsets/StripByteCounts, TileOffsets/TileByteCounts.
const TIFF_DATA_TAGS = [
  [273, 279],
  [324, 325],
] as const;

// Follows the directory chain and the strip or tile ranges each directory points at:
// a pointer past the last byte means the file was cut off. BigTIFF is left to the decoder.
function tiffEnding(bytes: Buffer): Ending {
  if (bytes.length < 8) return "truncated";
  const little = bytes.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  if (u16(2) !== 42) return "complete";

  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    if (seen.has(ifd) || seen.size > 10_000) return "malformed";
    seen.add(ifd);
    if (ifd + 2 > bytes.length) return "truncated";
    const count = u16(ifd);
    const end = ifd + 2 + count * 12;
    if (end + 4 > bytes.length) return "truncated";

    const values = (entry: number): number[] | "truncated" | null => {
      const type = u16(entry + 2);
      if (type !== TIFF_SHORT && type !== TIFF_LONG) return null;
      const size = type === TIFF_SHORT ? 2 : 4;
      const n = u32(entry + 4);
      const at = n * size <= 4 ? entry + 8 : u32(entry + 8);
      if (at + n * size > bytes.length) return "truncated";
      if (n > 1_000_000) return null;
      return Array.from({ length: n }, (_, i) => (size === 2 ? u16(at + i * 2) : u32(at + i * 4)));
    };
    const tags = new Map<number, number[] | "truncated" | null>();
    for (let entry = ifd + 2; entry < end; entry += 12) {
      const tag = u16(entry);
      if (TIFF_DATA_TAGS.some((pair) => pair.some((t) => t === tag))) tags.set(tag, values(entry));
    }
    for (const [offsetsTag, countsTag] of TIFF_DATA_TAGS) {
      const offsets = tags.get(offsetsTag);
      const counts = tags.get(countsTag);
      if (offsets === "truncated" || counts === "truncated") return "truncated";
      if (!offsets || !counts) continue;
      for (let i = 0; i < Math.min(offsets.length, counts.length); i++) {
        if (offsets[i] + counts[i] > bytes.length) return "truncated";
      }
    }
    ifd = u32(end);
  }
  return "complete";
}

// ---------------------------------------------------------------------------
// PDF

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

type LoadedPdfJs = { pdfjs: PdfJs; cMapUrl: string; standardFontDataUrl: string };

let pdfjsPromise: Promise<LoadedPdfJs> | undefined;

// Loaded on first use only: pdf.js is large and installs DOM polyfills on import.
function loadPdfJs(): Promise<LoadedPdfJs> {
  pdfjsPromise ??= (async () => {
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const root = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
    // Node has no web worker: pdf.js parses in this thread ("fake worker") from this module.
    pdfjs.GlobalWorkerOptions.workerSrc ||= pathToFileURL(join(root, "legacy/build/pdf.worker.mjs")).href;
    // Both are read with fs by pdf.js's Node factories, so nothing is fetched; they need a trailing slash.
    return { pdfjs, cMapUrl: join(root, "cmaps") + "/", standardFontDataUrl: join(root, "standard_fonts") + "/" };
  })();
  pdfjsPromise.catch(() => {
    pdfjsPromise = undefined; // let the next call try again
  });
  return pdfjsPromise;
}

// Image XObjects are streams, and a stream's dictionary is never compressed or encrypted,
// so every embedded image's declared size can be read from the raw bytes before decoding.
function oversizedPdfImage(bytes: Buffer, maxPixels: number): { width: number; height: number } | null {
  const text = bytes.toString("latin1");
  for (const match of text.matchAll(/\/Subtype\s*\/Image\b/g)) {
    // The dictionary lies between the object header and the stream keyword.
    const start = Math.max(text.lastIndexOf(" obj", match.index), match.index - 4096);
    const end = text.indexOf("stream", match.index);
    const dictionary = text.slice(start, end < 0 ? match.index + 4096 : Math.min(end, match.index + 4096));
    const width = Number(/\/Width\s+(\d+)/.exec(dictionary)?.[1]);
    const height = Number(/\/Height\s+(\d+)/.exec(dictionary)?.[1]);
    if (width * height > maxPixels) return { width, height };
  }
  return null;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, rejectTimer) => {
    timer = setTimeout(() => rejectTimer(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

async function inspectPdf(
  { pdfjs, cMapUrl, standardFontDataUrl }: LoadedPdfJs,
  bytes: Buffer,
  limits: IntakeLimits
): Promise<IntakePage[] | Rejection> {
  const bomb = oversizedPdfImage(bytes, limits.maxPixels);
  if (bomb) {
    return reject("tooManyPixels", `The PDF embeds an image of ${bomb.width}×${bomb.height} pixels; the limit is ${limits.maxPixels}.`);
  }
  const loadingTask = pdfjs.getDocument({
    // A copy: pdf.js transfers the buffer to its worker side, which would detach the caller's bytes.
    data: new Uint8Array(bytes),
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    // Backstop for images the byte scan below cannot see (inline images, indirect sizes):
    // pdf.js drops them instead of decoding them. stopAtErrors is left off on purpose: in
    // pdf.js 4.10 page errors never reach render(), so it would only cut pages short, silently.
    maxImageSize: limits.maxPixels,
    verbosity: 0,
  });

  try {
    let pdf: PdfDocument;
    try {
      pdf = await withTimeout(loadingTask.promise, PDF_OPEN_TIMEOUT_MS, "Opening the PDF");
    } catch (error) {
      // With no onPassword handler a locked PDF rejects instead of prompting. pdf.js 4.10
      // declares but does not export PasswordException, so match it by name.
      if ((error as { name?: unknown } | null)?.name === "PasswordException") {
        return reject("encryptedPdf", `The PDF needs a password (${describe(error)}).`);
      }
      return reject("corruptPdf", `The PDF cannot be opened: ${describe(error)}`);
    }

    try {
      const { info } = await withTimeout(pdf.getMetadata(), PDF_OPEN_TIMEOUT_MS, "Reading the PDF metadata");
      const encryption = (info as { EncryptFilterName?: unknown } | undefined)?.EncryptFilterName;
      if (encryption) {
        return reject("encryptedPdf", `The PDF is encrypted (${String(encryption)}) even though it opens without a password.`);
      }
    } catch (error) {
      return reject("corruptPdf", `The PDF's document information cannot be read: ${describe(error)}`);
    }

    if (pdf.numPages < 1) return reject("corruptPdf", "The PDF has no pages.");
    if (pdf.numPages > limits.maxPages) {
      return reject("tooManyPages", `The PDF has ${pdf.numPages} pages; the limit is ${limits.maxPages}.`);
    }

    const pages: IntakePage[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const rendered = await renderPdfPage(pdf, pageNumber, limits);
      if (!("image" in rendered)) return rendered;
      pages.push(rendered);
    }
    return pages;
  } finally {
    await loadingTask.destroy().catch(() => undefined);
  }
}

async function renderPdfPage(pdf: PdfDocument, pageNumber: number, limits: IntakeLimits): Promise<IntakePage | Rejection> {
  const what = `PDF page ${pageNumber}`;
  let page: Awaited<ReturnType<PdfDocument["getPage"]>>;
  try {
    page = await withTimeout(pdf.getPage(pageNumber), PDF_PAGE_TIMEOUT_MS, `Reading ${what}`);
  } catch (error) {
    return reject("corruptPdf", `${what} cannot be read: ${describe(error)}`);
  }

  const viewport = page.getViewport({ scale: PDF_RENDER_DPI / 72 });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  if (!Number.isFinite(width * height) || width < 1 || height < 1) {
    return reject("corruptPdf", `${what} has an unusable page box (${viewport.width}×${viewport.height} at ${PDF_RENDER_DPI} dpi).`);
  }
  const tooBig = checkPixels(width, height, limits, `${what} at ${PDF_RENDER_DPI} dpi`);
  if (tooBig) return tooBig;

  // The canvas must come from pdf.js's own factory: it loads its own @napi-rs/canvas,
  // and pdf.js cannot paint its internal canvases onto another copy's context.
  const factory = pdf.canvasFactory as {
    create(width: number, height: number): { context: CanvasRenderingContext2D };
    destroy(canvasAndContext: unknown): void;
  };
  const target = factory.create(width, height);
  try {
    const task = page.render({ canvasContext: target.context, viewport });
    try {
      await withTimeout(task.promise, PDF_PAGE_TIMEOUT_MS, `Rendering ${what}`);
    } catch (error) {
      task.cancel();
      return reject("corruptPdf", `${what} cannot be rendered: ${describe(error)}`);
    }
    // Pages are painted on white, so alpha carries nothing; sharp encodes RGB faster than the canvas does RGBA.
    const pixels = target.context.getImageData(0, 0, width, height).data;
    const image = await sharp(pixels, { raw: { width, height, channels: 4 } })
      .removeAlpha()
      .png()
      .toBuffer();
    return { pageNumber, image, mime: "image/png", width, height };
  } finally {
    factory.destroy(target);
    page.cleanup();
  }
}
