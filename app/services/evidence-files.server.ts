import { sha256Hex } from "~/core/evidence";
import { EvidenceFile, isDuplicateKey, type EvidenceFileDoc } from "~/models/evidence.server";
import { fileStore } from "~/services/storage.server";

export type StoredEvidenceFile = { sha256: string; byteSize: number; contentType: string };

/** Stores evidence bytes once under their SHA-256 (GridFS through `fileStore`). */
export async function storeEvidenceFile(bytes: Buffer, meta: { contentType: string; filename: string }): Promise<StoredEvidenceFile> {
  const sha256 = sha256Hex(bytes);
  const existing = await EvidenceFile.findById(sha256).lean<EvidenceFileDoc>();
  if (existing) return { sha256, byteSize: existing.byteSize, contentType: existing.contentType };
  const fileId = await fileStore.put(bytes, { filename: `evidence-${sha256}`, contentType: meta.contentType, metadata: { sha256, kind: "evidence" } });
  try {
    await EvidenceFile.create({ _id: sha256, fileId, byteSize: bytes.length, contentType: meta.contentType, createdAt: new Date() });
  } catch (error) {
    // Someone stored the same bytes a moment ago: keep theirs.
    await fileStore.remove(fileId).catch(() => undefined);
    if (!isDuplicateKey(error)) throw error;
  }
  return { sha256, byteSize: bytes.length, contentType: meta.contentType };
}

export type EvidenceFileRead = { bytes: Buffer; contentType: string } | null;

/** The stored bytes as they are now (callers check them against the name). */
export async function readEvidenceFile(sha256: string): Promise<EvidenceFileRead> {
  const doc = await EvidenceFile.findById(sha256).lean<EvidenceFileDoc>();
  if (!doc) return null;
  try {
    return { bytes: await fileStore.get(doc.fileId), contentType: doc.contentType };
  } catch {
    return null;
  }
}

export type FileCheck = { ok: true; bytes: Buffer; contentType: string } | { ok: false; problem: "file-missing" | "file-changed"; actual?: string };

/** Reads a file and checks that its bytes still hash to its name. */
export async function checkEvidenceFile(sha256: string): Promise<FileCheck> {
  const read = await readEvidenceFile(sha256);
  if (!read) return { ok: false, problem: "file-missing" };
  const actual = sha256Hex(read.bytes);
  if (actual !== sha256) return { ok: false, problem: "file-changed", actual };
  return { ok: true, bytes: read.bytes, contentType: read.contentType };
}
