import { extractPage, type ExtractLine } from "~/core/extract";
import { blockingKeys, prepareEntry } from "~/core/match";
import { Page } from "~/models/scan.server";
import { replacePageEntries } from "~/models/entry.server";
import { displayedLines } from "~/models/page.server";
import type { JobDoc } from "~/models/job.server";
import type { CombinedLine, OcrReading } from "~/core/ocr/types";

/** Lines for extraction: the displayed text (corrections win) with tesseract's words and both engines' readings. */
export function linesForExtraction(ocr: { combined: CombinedLine[]; readings: OcrReading[] }, corrections: any[]): ExtractLine[] {
  const shown = displayedLines({ ocr: ocr as any, corrections });
  const tesseractLines = ocr.readings.find((r) => r.engine === "tesseract")?.lines ?? [];
  return ocr.combined.map((line, i) => {
    const words = tesseractLines
      .filter((t) => overlapY(t.box, line.box) > 0.5)
      .flatMap((t) => t.words);
    const corrected = shown[i] !== line.text;
    return {
      text: shown[i],
      confidence: corrected ? 1 : line.confidence,
      box: line.box,
      alternatives: [
        ...(corrected ? [{ text: line.text, confidence: line.confidence }] : []),
        ...line.alternatives.map((a) => ({ text: a.text, confidence: a.confidence })),
      ],
      words: corrected ? undefined : words,
    };
  });
}

function overlapY(a: { y: number; h: number }, b: { y: number; h: number }) {
  const inter = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return inter / Math.max(1, Math.min(a.h, b.h));
}

/** The extraction job: page reading → person entries with match keys. Idempotent. */
export function createExtractHandler() {
  return async (job: JobDoc) => {
    const pageId = String(job.payload.pageId);
    const page = await Page.findOne({ _id: pageId }).lean<any>();
    if (!page?.ocr) throw new Error(`page ${pageId} has no OCR reading yet`);
    const extracted = extractPage({ lines: linesForExtraction(page.ocr, page.corrections ?? []), width: page.ocr.width, height: page.ocr.height });
    const entries = extracted.entries.map((e) => {
      const prepared = prepareEntry({ id: `${pageId}#${e.index}`, fields: e.fields as any });
      return {
        index: e.index,
        kind: e.kind,
        fields: e.fields as Record<string, unknown>,
        box: e.box,
        household: extracted.household,
        matchKeys: blockingKeys(prepared),
        prepared,
      };
    });
    await replacePageEntries({ id: pageId, scanSha: page.scanSha, archiveId: String(page.archiveId), pageNumber: page.pageNumber }, entries);
    await Page.updateOne({ _id: pageId }, { $set: { status: "extracted", extraction: { kind: extracted.kind, entries: entries.length, warnings: extracted.warnings }, updatedAt: new Date() } });
  };
}
