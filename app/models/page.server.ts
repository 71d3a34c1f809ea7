import type { CombinedLine, OcrReading } from "~/core/ocr/types";
import { Page } from "./scan.server";
import { enqueue, requeue } from "./job.server";

export type PageCorrection = { lineIndex: number; text: string; previous: string; by: string; byName: string; at: string; version: number };

export type PageOcr = {
  readAt: string;
  imageFileId: string;
  width: number;
  height: number;
  preprocess: Record<string, unknown>;
  readings: OcrReading[];
  combined: CombinedLine[];
  text: string;
  confidence: number;
};

export type PageView = {
  id: string;
  scanSha: string;
  archiveId: string;
  pageNumber: number;
  status: string;
  error: string | null;
  width: number;
  height: number;
  imageFileId: string;
  imageMime: string;
  ocr: PageOcr | null;
  corrections: PageCorrection[];
};

export async function getPage(id: string): Promise<PageView | null> {
  if (typeof id !== "string" || id.length > 100) return null;
  const d = await Page.findOne({ _id: id }).lean<any>();
  if (!d) return null;
  return {
    id: d._id,
    scanSha: d.scanSha,
    archiveId: String(d.archiveId),
    pageNumber: d.pageNumber,
    status: d.status,
    error: d.error ?? null,
    width: d.width,
    height: d.height,
    imageFileId: d.imageFileId,
    imageMime: d.imageMime,
    ocr: d.ocr ?? null,
    corrections: d.corrections ?? [],
  };
}

/** The text shown for each line: the newest correction, else the combined OCR reading. */
export function displayedLines(page: Pick<PageView, "ocr" | "corrections">): string[] {
  const lines = (page.ocr?.combined ?? []).map((l) => l.text);
  for (const c of [...page.corrections].sort((a, b) => a.version - b.version)) {
    if (c.lineIndex >= 0 && c.lineIndex < lines.length) lines[c.lineIndex] = c.text;
  }
  return lines;
}

/** Appends a correction of one line; the OCR reading itself is never changed. */
export async function correctLine(page: PageView, lineIndex: number, text: string, by: { id: string; name: string }) {
  const previous = displayedLines(page)[lineIndex];
  if (previous === undefined) return null;
  const version = page.corrections.filter((c) => c.lineIndex === lineIndex).length + 1;
  const correction: PageCorrection = { lineIndex, text, previous, by: by.id, byName: by.name, at: new Date().toISOString(), version };
  await Page.updateOne({ _id: page.id }, { $push: { corrections: correction }, $set: { updatedAt: new Date() } });
  // Entries follow the corrected text.
  if (!(await enqueue({ id: `extract:${page.id}`, type: "extract", payload: { pageId: page.id } }))) await requeue(`extract:${page.id}`);
  return correction;
}

/** Queues the page for a fresh OCR reading (corrections are kept). */
export async function rerunOcr(pageId: string) {
  const queued = await requeue(`ocr:${pageId}`);
  if (queued) await Page.updateOne({ _id: pageId }, { $set: { status: "queued", error: null, updatedAt: new Date() } });
  return queued;
}
