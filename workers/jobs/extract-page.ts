import { extractPage, linesFromPage } from "~/core/extract";
import { blockingKeys, prepareEntry } from "~/core/match";
import { Page } from "~/models/scan.server";
import { replacePageEntries } from "~/models/entry.server";
import { displayedLines } from "~/models/page.server";
import type { JobDoc } from "~/models/job.server";

/** The extraction job: page reading → person entries with match keys. Idempotent. */
export function createExtractHandler() {
  return async (job: JobDoc) => {
    const pageId = String(job.payload.pageId);
    const page = await Page.findOne({ _id: pageId }).lean<any>();
    if (!page?.ocr) throw new Error(`page ${pageId} has no OCR reading yet`);
    const extracted = extractPage({ lines: linesFromPage(page.ocr, displayedLines({ ocr: page.ocr, corrections: page.corrections ?? [] })), width: page.ocr.width, height: page.ocr.height });
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
