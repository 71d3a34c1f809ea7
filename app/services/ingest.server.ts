import { randomUUID } from "node:crypto";
import mongoose from "mongoose";
import { getEnv } from "~/env.server";
import { Archive } from "~/models/archive.server";
import { Batch, Page, Scan, Volume, pageId } from "~/models/scan.server";
import { Job, enqueue } from "~/models/job.server";
import { fileStore } from "./storage.server";
import { inspectScan, type IntakeLimits, type IntakeRejection } from "./scan-intake.server";

export type IngestItem =
  | { filename: string; status: "stored"; scanSha: string; pageCount: number; byteSize: number }
  | { filename: string; status: "duplicate"; scanSha: string; pageCount: number; byteSize: number }
  | { filename: string; status: "rejected"; reason: IntakeRejection | "failed"; byteSize: number };

export function intakeLimits(): IntakeLimits {
  const env = getEnv();
  return { maxBytes: env.MAX_UPLOAD_BYTES, maxPixels: 120_000_000, maxPages: 500 };
}

export async function createBatch(archiveId: string, uploadedBy: string) {
  const id = randomUUID();
  await Batch.create({ _id: id, archiveId, uploadedBy, createdAt: new Date(), items: [] });
  return id;
}

async function volumeId(archiveId: string, callNumber: string | undefined) {
  if (!callNumber) return null;
  await Volume.updateOne({ archiveId, callNumber }, { $setOnInsert: { archiveId, callNumber } }, { upsert: true });
  const v = await Volume.findOne({ archiveId, callNumber }).lean<{ _id: mongoose.Types.ObjectId }>();
  return v?._id ?? null;
}

/**
 * Stores one uploaded file: validate by content, keep the bytes in the file
 * store, record the Scan (by SHA-256) and its Pages, and queue OCR. The web
 * upload and `suji ingest` both come here. A rejected file stores nothing; a
 * failure half-way removes what this call wrote.
 */
export async function ingestFile(input: {
  batchId: string;
  archiveId: string;
  bytes: Buffer;
  filename: string;
  uploadedBy: string;
  volume?: string;
  firstPageNumber?: number;
  limits?: IntakeLimits;
}): Promise<IngestItem> {
  const filename = input.filename.slice(0, 300);
  const byteSize = input.bytes.length;
  const record = async (item: IngestItem) => {
    await Batch.updateOne({ _id: input.batchId }, { $push: { items: item } });
    return item;
  };
  const archive = await Archive.findById(input.archiveId).lean();
  if (!archive) throw new Error(`archive ${input.archiveId} not found`);

  const inspected = await inspectScan(input.bytes, input.limits ?? intakeLimits());
  if (!inspected.ok) return record({ filename, status: "rejected", reason: inspected.reason, byteSize });

  const sha = inspected.sha256;
  const existing = await Scan.findOne({ _id: sha }).lean<{ pageCount: number }>();
  if (existing) return record({ filename, status: "duplicate", scanSha: sha, pageCount: existing.pageCount, byteSize });

  const written: { files: string[]; scan: boolean; pages: string[] } = { files: [], scan: false, pages: [] };
  try {
    const scanFileId = await fileStore.put(input.bytes, { filename, contentType: inspected.mime, metadata: { sha256: sha } });
    written.files.push(scanFileId);
    const vol = await volumeId(input.archiveId, input.volume);
    const first = input.firstPageNumber ?? 1;
    const single = inspected.pages.length === 1 && inspected.mime !== "application/pdf" && inspected.mime !== "image/tiff";
    const pages = [];
    for (const p of inspected.pages) {
      const imageFileId = single
        ? scanFileId
        : await fileStore.put(p.image, { filename: `${sha}-p${p.pageNumber}.png`, contentType: p.mime, metadata: { sha256: sha, page: p.pageNumber } });
      if (!single) written.files.push(imageFileId);
      pages.push({ p, imageFileId });
    }
    try {
      await Scan.create({
        _id: sha,
        archiveId: input.archiveId,
        volumeId: vol,
        firstPageNumber: first,
        pageCount: inspected.pages.length,
        uploadedBy: input.uploadedBy,
        uploadedAt: new Date(),
        originalFilename: filename,
        byteSize,
        mime: inspected.mime,
        fileId: scanFileId,
        batchId: input.batchId,
      });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) {
        // Another upload of the same file won the race: keep theirs.
        await Promise.all(written.files.map((f) => fileStore.remove(f).catch(() => undefined)));
        return record({ filename, status: "duplicate", scanSha: sha, pageCount: inspected.pages.length, byteSize });
      }
      throw error;
    }
    written.scan = true;
    for (const { p, imageFileId } of pages) {
      const id = pageId(sha, p.pageNumber);
      await Page.updateOne(
        { _id: id },
        {
          $setOnInsert: {
            scanSha: sha,
            archiveId: input.archiveId,
            volumeId: vol,
            batchId: input.batchId,
            pageNumber: first + p.pageNumber - 1,
            imageFileId,
            imageMime: p.mime,
            width: p.width,
            height: p.height,
            status: "queued",
            updatedAt: new Date(),
          },
        },
        { upsert: true },
      );
      written.pages.push(id);
      await enqueue({ id: `ocr:${id}`, type: "ocr", payload: { pageId: id }, batchId: input.batchId });
    }
    return record({ filename, status: "stored", scanSha: sha, pageCount: inspected.pages.length, byteSize });
  } catch (error) {
    await Job.deleteMany({ _id: { $in: written.pages.map((id) => `ocr:${id}`) } }).catch(() => undefined);
    await Page.deleteMany({ _id: { $in: written.pages } }).catch(() => undefined);
    if (written.scan) await Scan.deleteOne({ _id: sha }).catch(() => undefined);
    await Promise.all(written.files.map((f) => fileStore.remove(f).catch(() => undefined)));
    await record({ filename, status: "rejected", reason: "failed", byteSize });
    throw error;
  }
}

export type BatchProgress = {
  id: string;
  archiveId: string;
  createdAt: string;
  items: IngestItem[];
  pages: Record<"queued" | "reading" | "read" | "extracted" | "failed", number>;
  failures: { pageId: string; pageNumber: number; error: string }[];
  done: boolean;
};

/** Where each page of a batch stands (one count per state: see decision 001 on $group). */
export async function batchProgress(batchId: string): Promise<BatchProgress | null> {
  const batch = await Batch.findOne({ _id: batchId }).lean<any>();
  if (!batch) return null;
  const pages = await Page.find({ batchId }, { status: 1, error: 1, pageNumber: 1 }).lean<any[]>();
  const counts = { queued: 0, reading: 0, read: 0, extracted: 0, failed: 0 };
  for (const p of pages) counts[p.status as keyof typeof counts]++;
  return {
    id: batch._id,
    archiveId: String(batch.archiveId),
    createdAt: new Date(batch.createdAt).toISOString(),
    items: batch.items,
    pages: counts,
    failures: pages.filter((p) => p.status === "failed").map((p) => ({ pageId: p._id, pageNumber: p.pageNumber, error: p.error ?? "" })),
    done: pages.every((p) => p.status === "extracted" || p.status === "failed"),
  };
}
