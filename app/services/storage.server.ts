import mongoose from "mongoose";
import { Readable } from "node:stream";

/**
 * Where scan and page images live. GridFS by default; a large deployment can
 * implement the same interface over S3-compatible object storage.
 */
export interface FileStore {
  put(bytes: Buffer, meta: { filename: string; contentType: string; metadata?: Record<string, unknown> }): Promise<string>;
  get(id: string): Promise<Buffer>;
  remove(id: string): Promise<void>;
  exists(id: string): Promise<boolean>;
}

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error("database not connected");
  return new mongoose.mongo.GridFSBucket(db, { bucketName: "files" });
}

export const gridFsStore: FileStore = {
  async put(bytes, meta) {
    const b = bucket();
    const upload = b.openUploadStream(meta.filename, { metadata: { ...meta.metadata, contentType: meta.contentType } });
    try {
      await new Promise<void>((resolve, reject) => {
        Readable.from([bytes]).pipe(upload).on("finish", () => resolve()).on("error", reject);
      });
    } catch (error) {
      // Never leave half a file: remove whatever chunks were written.
      await b.delete(upload.id).catch(() => undefined);
      throw error;
    }
    return String(upload.id);
  },
  async get(id) {
    const chunks: Buffer[] = [];
    for await (const chunk of bucket().openDownloadStream(new mongoose.Types.ObjectId(id))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
  async remove(id) {
    await bucket().delete(new mongoose.Types.ObjectId(id));
  },
  async exists(id) {
    if (!mongoose.isValidObjectId(id)) return false;
    const found = await bucket().find({ _id: new mongoose.Types.ObjectId(id) }).limit(1).toArray();
    return found.length > 0;
  },
};

export const fileStore: FileStore = gridFsStore;
