/**
 * Builds extraction input from what the OCR step stores on a `Page`: the
 * combined lines, with tesseract's words (boxes, symbol choices) attached to
 * the combined line that holds their tesseract line, and PP-OCR's words
 * (where its reading has per-character symbols) likewise.
 */
import type { CombinedLine, OcrEngine, OcrLine, OcrReading } from "~/core/ocr/types";
import type { ExtractLine } from "./types";

const squash = (s: string) => s.replace(/\s+/gu, "");

function verticalOverlap(a: OcrLine["box"], b: OcrLine["box"]): number {
  const inter = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  const across = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  if (inter <= 0 || across <= 0) return 0;
  return inter / Math.min(a.h, b.h);
}

function engineText(line: CombinedLine, engine: OcrEngine): string | null {
  if (line.engine === engine) return line.text;
  return line.alternatives.find((a) => a.engine === engine)?.text ?? null;
}

/**
 * Each of an engine's lines with the combined line whose text by that
 * engine contains it, else the one it overlaps most (in reading order).
 */
function attach(combined: readonly CombinedLine[], lines: readonly OcrLine[], engine: OcrEngine): OcrLine[][] {
  const out = combined.map(() => [] as { order: number; line: OcrLine }[]);
  lines.forEach((t, order) => {
    const text = squash(t.text);
    let best = -1;
    let bestScore = 0;
    combined.forEach((c, i) => {
      const overlap = verticalOverlap(c.box, t.box);
      if (overlap <= 0) return;
      const holds = text !== "" && squash(engineText(c, engine) ?? "").includes(text) ? 1 : 0;
      const score = holds * 2 + overlap;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best >= 0) out[best].push({ order, line: t });
  });
  return out.map((list) => list.sort((a, b) => a.order - b.order).map((w) => w.line));
}

const linesOf = (reading: OcrReading | readonly OcrLine[] | null): readonly OcrLine[] => (reading === null ? [] : "lines" in reading ? reading.lines : reading);

/**
 * Combined lines as extraction input. `tesseract` is tesseract's reading of
 * the page (or its lines), `ppocr` PP-OCR's; each of their lines joins the
 * combined line whose text by that engine contains it, else the one it
 * overlaps most. PP-OCR's words are kept only where they carry symbols.
 */
export function linesFromOcr(
  combined: readonly CombinedLine[],
  tesseract: OcrReading | readonly OcrLine[] | null = null,
  ppocr: OcrReading | readonly OcrLine[] | null = null,
): ExtractLine[] {
  const words = attach(combined, linesOf(tesseract), "tesseract");
  const located = linesOf(ppocr).filter((l) => l.words.some((w) => (w.symbols?.length ?? 0) > 0));
  const ppocrWords = attach(combined, located, "ppocr");
  return combined.map((c, i) => ({
    text: c.text,
    confidence: c.confidence,
    box: c.box,
    engine: c.engine,
    alternatives: c.alternatives.map((a) => ({ text: a.text, confidence: a.confidence, engine: a.engine })),
    ...(words[i].length > 0 ? { words: words[i].flatMap((l) => l.words) } : {}),
    ...(ppocrWords[i].length > 0 ? { ppocrWords: ppocrWords[i].flatMap((l) => l.words) } : {}),
  }));
}

/**
 * Extraction input from a page's stored OCR (`combined` lines and the
 * engines' `readings`), as the extraction worker and the benchmark build it:
 * `linesFromOcr` with tesseract's reading, so each text keeps its engine and
 * tesseract's text and its words count as one reading, never as two engines
 * that agree. `shown` is the text displayed per combined line (an
 * archivist's corrections included): a corrected line becomes the
 * correction, trusted (confidence 1), without tesseract's words, and with
 * the OCR texts as unnamed alternatives, so that two engines agreeing on
 * the old text never outvote the correction but a search still finds it.
 */
export function linesFromPage(ocr: { combined: readonly CombinedLine[]; readings?: readonly OcrReading[] }, shown?: readonly string[]): ExtractLine[] {
  const tesseract = ocr.readings?.find((r) => r.engine === "tesseract") ?? null;
  const ppocr = ocr.readings?.find((r) => r.engine === "ppocr") ?? null;
  return linesFromOcr(ocr.combined, tesseract, ppocr).map((line, i) => {
    const text = shown?.[i];
    if (text === undefined || text === line.text) return line;
    const { words: _words, ppocrWords: _ppocrWords, engine: _engine, ...rest } = line;
    const ocrTexts = [{ text: line.text, confidence: line.confidence }, ...(line.alternatives ?? []).map((a) => ({ text: a.text, confidence: a.confidence }))];
    return { ...rest, text, confidence: 1, alternatives: ocrTexts };
  });
}
