import { Archive } from "~/models/archive.server";
import { Page } from "~/models/scan.server";
import { enqueue, requeue, type JobDoc } from "~/models/job.server";
import { fileStore } from "~/services/storage.server";
import { createTesseractPool } from "../ocr/tesseract-pool";
import { createPpocrEngine } from "../ocr/ppocr-engine";
import { readPage } from "../ocr/read-page";
import type { OcrEngine } from "~/core/ocr/types";

/**
 * The OCR job: read one page with both engines, keep both readings and the
 * combined text, then queue extraction. The engines are created once per
 * worker process and shared by its job slots.
 */
export function createOcrHandler({ concurrency, workerId }: { concurrency: number; workerId?: string }) {
  const tesseract = createTesseractPool({ size: concurrency });
  const ppocr = createPpocrEngine();
  const engines: OcrEngine[] = (process.env.SUJI_OCR_ENGINES ?? "tesseract,ppocr").split(",").filter((e): e is OcrEngine => e === "tesseract" || e === "ppocr");

  async function handle(job: JobDoc, { signal }: { signal: AbortSignal }) {
    const pageId = String(job.payload.pageId);
    const page = await Page.findOne({ _id: pageId }).lean<any>();
    if (!page) throw new Error(`page ${pageId} no longer exists`);
    const archive = await Archive.findById(page.archiveId).lean<any>();
    const languages: string[] = (archive?.languages ?? ["chi_tra"]).filter((l: string) => l !== "chi_tra_vert");
    const vertical = (archive?.languages ?? []).includes("chi_tra_vert") && page.width < page.height && archive?.vertical === true;
    await Page.updateOne({ _id: pageId }, { $set: { status: "reading", updatedAt: new Date() } });
    const image = await fileStore.get(page.imageFileId);
    const reading = await readPage(image, { languages, engines, prefer: archive?.ocrPrefer ?? "confidence", vertical }, { tesseract, ppocr });
    if (signal.aborted) throw new Error("lease lost before the reading was saved");
    const previous = page.ocr?.imageFileId as string | undefined;
    const imageFileId = await fileStore.put(reading.grayImage, { filename: `${pageId}-ocr.png`, contentType: "image/png", metadata: { pageId } });
    await Page.updateOne(
      { _id: pageId },
      {
        $set: {
          status: "read",
          error: null,
          updatedAt: new Date(),
          ocr: {
            readAt: new Date().toISOString(),
            readBy: workerId ?? null,
            imageFileId,
            width: reading.width,
            height: reading.height,
            preprocess: reading.preprocess,
            readings: reading.readings,
            combined: reading.combined,
            text: reading.text,
            confidence: reading.confidence,
            engineErrors: reading.errors,
          },
        },
      },
    );
    if (previous && previous !== imageFileId) await fileStore.remove(previous).catch(() => undefined);
    const extractId = `extract:${pageId}`;
    if (!(await enqueue({ id: extractId, type: "extract", payload: { pageId }, batchId: page.batchId }))) await requeue(extractId);
  }

  return {
    handle: async (job: JobDoc, ctx: { signal: AbortSignal }) => {
      try {
        await handle(job, ctx);
      } catch (error) {
        if (job.attempts >= job.maxAttempts) {
          await Page.updateOne(
            { _id: String(job.payload.pageId) },
            { $set: { status: "failed", error: error instanceof Error ? error.message : String(error), updatedAt: new Date() } },
          );
        }
        throw error;
      }
    },
    close: async () => {
      await Promise.allSettled([tesseract.terminate(), ppocr.terminate()]);
    },
  };
}
