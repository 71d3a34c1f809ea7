/**
 * Builds extraction input from what the OCR step stores on a `Page`: the
 * combined lines, with tesseract's words (boxes, symbol choices) attached to
 * the combined line that holds their tesseract line.
 */
import type { CombinedLine, OcrLine, OcrReading } from "~/core/ocr/types";
import type { ExtractLine } from "./types";

const squash = (s: string) => s.replace(/\s+/gu, "");

function verticalOverlap(a: OcrLine["box"], b: OcrLine["box"]): number {
  const inter = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  const across = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  if (inter <= 0 || across <= 0) return 0;
  return inter / Math.min(a.h, b.h);
}

function tesseractText(line: CombinedLine): string | null {
  if (line.engine === "tesseract") return line.text;
  return line.alternatives.find((a) => a.engine === "tesseract")?.text ?? null;
}

/**
 * Combined lines as extraction input. `tesseract` is tesseract's reading of
 * the page (or its lines); each of its lines joins the combined line whose
 * tesseract text contains it, else the one it overlaps most.
 */
export function linesFromOcr(combined: readonly CombinedLine[], tesseract: OcrReading | readonly OcrLine[] | null = null): ExtractLine[] {
  const tesseractLines: readonly OcrLine[] = tesseract === null ? [] : "lines" in tesseract ? tesseract.lines : tesseract;
  const words = combined.map(() => [] as { order: number; line: OcrLine }[]);
  tesseractLines.forEach((t, order) => {
    const text = squash(t.text);
    let best = -1;
    let bestScore = 0;
    combined.forEach((c, i) => {
      const overlap = verticalOverlap(c.box, t.box);
      if (overlap <= 0) return;
      const holds = text !== "" && squash(tesseractText(c) ?? "").includes(text) ? 1 : 0;
      const score = holds * 2 + overlap;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
    if (best >= 0) words[best].push({ order, line: t });
  });
  return combined.map((c, i) => ({
    text: c.text,
    confidence: c.confidence,
    box: c.box,
    engine: c.engine,
    alternatives: c.alternatives.map((a) => ({ text: a.text, confidence: a.confidence, engine: a.engine })),
    ...(words[i].length > 0 ? { words: words[i].sort((a, b) => a.order - b.order).flatMap((w) => w.line.words) } : {}),
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
  return linesFromOcr(ocr.combined, tesseract).map((line, i) => {
    const text = shown?.[i];
    if (text === undefined || text === line.text) return line;
    const { words: _words, engine: _engine, ...rest } = line;
    const ocrTexts = [{ text: line.text, confidence: line.confidence }, ...(line.alternatives ?? []).map((a) => ({ text: a.text, confidence: a.confidence }))];
    return { ...rest, text, confidence: 1, alternatives: ocrTexts };
  });
}
