import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Page } from "~/models/scan.server";
import { Job } from "~/models/job.server";
import { createBatch, ingestFile } from "~/services/ingest.server";
import { fileStore } from "~/services/storage.server";
import { preprocessPage } from "../../workers/ocr/preprocess";
import { createExtractHandler } from "../../workers/jobs/extract-page";
import type { OcrPageFixture } from "../fixtures/ocr-pages/make";
import { fixtureCombined, fixtureReadings } from "../fixtures/ocr-pages/truth";

const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)));

export function groundTruth(id: string) {
  return JSON.parse(fixture(`pages/${id}.json`).toString("utf8"));
}

/**
 * Stores a fixture page as an upload would, gives it the committed real OCR
 * reading of that page (tests/fixtures/ocr-pages, made by the OCR pipeline),
 * and runs the real extraction job on it. Tests that are not about OCR use
 * this instead of waiting for the engines.
 */
export async function seedReadPage(id: string, archiveId: string, uploadedBy: string) {
  const ocr = JSON.parse(fixture(`ocr-pages/${id}.ocr.json`).toString("utf8")) as OcrPageFixture;
  const image = fixture(`pages/${ocr.image}`);
  const batchId = await createBatch(archiveId, uploadedBy);
  const item = await ingestFile({ batchId, archiveId, bytes: image, filename: ocr.image, uploadedBy, limits: { maxBytes: 50e6, maxPixels: 120e6, maxPages: 10 } });
  if (item.status === "rejected") throw new Error(`fixture ${id} rejected: ${item.reason}`);
  const pageId = `${item.scanSha}:1`;
  await Job.updateOne({ _id: `ocr:${pageId}` }, { $set: { state: "done", finishedAt: new Date() } });
  const pre = await preprocessPage(image);
  const imageFileId = await fileStore.put(pre.grayImage, { filename: `${pageId}-ocr.png`, contentType: "image/png" });
  const readings = fixtureReadings(ocr);
  const combined = fixtureCombined(ocr);
  await Page.updateOne(
    { _id: pageId },
    {
      $set: {
        status: "read",
        updatedAt: new Date(),
        ocr: {
          readAt: new Date().toISOString(),
          readBy: "fixture",
          imageFileId,
          width: ocr.width,
          height: ocr.height,
          preprocess: ocr.preprocess,
          readings,
          combined,
          text: combined.map((l) => l.text).join("\n"),
          confidence: combined.reduce((a, l) => a + l.confidence, 0) / Math.max(1, combined.length),
        },
      },
    },
  );
  await createExtractHandler()({ _id: `extract:${pageId}`, type: "extract", payload: { pageId } } as any);
  return { pageId, scanSha: item.scanSha };
}
