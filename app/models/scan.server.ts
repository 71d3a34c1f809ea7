import mongoose, { Schema } from "mongoose";

/** A box or volume of an archive, by call number. */
const VolumeSchema = new Schema(
  {
    archiveId: { type: Schema.Types.ObjectId, ref: "Archive", required: true },
    callNumber: { type: String, required: true },
    title: { type: String, default: "" },
  },
  { timestamps: true },
);
VolumeSchema.index({ archiveId: 1, callNumber: 1 }, { unique: true });
export const Volume = mongoose.models.Volume ?? mongoose.model("Volume", VolumeSchema);

/**
 * A stored scan file. `_id` is its SHA-256, so the same file uploaded again
 * is recognised and linked instead of stored twice.
 */
const ScanSchema = new Schema({
  _id: { type: String },
  archiveId: { type: Schema.Types.ObjectId, ref: "Archive", required: true },
  volumeId: { type: Schema.Types.ObjectId, ref: "Volume", default: null },
  firstPageNumber: { type: Number, default: 1 },
  pageCount: { type: Number, required: true },
  uploadedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  uploadedAt: { type: Date, required: true },
  originalFilename: { type: String, required: true },
  byteSize: { type: Number, required: true },
  mime: { type: String, required: true },
  fileId: { type: String, required: true },
  batchId: { type: String, required: true },
});
ScanSchema.index({ archiveId: 1, uploadedAt: -1 });
export const Scan = mongoose.models.Scan ?? mongoose.model("Scan", ScanSchema);

export const PAGE_STATES = ["queued", "reading", "read", "extracted", "failed"] as const;
export type PageState = (typeof PAGE_STATES)[number];

/**
 * One page of a scan and everything read from it. `_id` is `<sha>:<page>`,
 * so re-running OCR overwrites the reading instead of adding a page.
 */
const PageSchema = new Schema({
  _id: { type: String },
  scanSha: { type: String, required: true },
  archiveId: { type: Schema.Types.ObjectId, ref: "Archive", required: true },
  volumeId: { type: Schema.Types.ObjectId, default: null },
  batchId: { type: String, required: true },
  pageNumber: { type: Number, required: true },
  imageFileId: { type: String, required: true },
  imageMime: { type: String, required: true },
  width: { type: Number, required: true },
  height: { type: Number, required: true },
  status: { type: String, enum: PAGE_STATES, default: "queued" },
  error: { type: String, default: null },
  ocr: { type: Schema.Types.Mixed, default: null },
  extraction: { type: Schema.Types.Mixed, default: null },
  corrections: { type: [Schema.Types.Mixed], default: [] },
  updatedAt: { type: Date, required: true },
});
PageSchema.index({ batchId: 1, status: 1 });
PageSchema.index({ archiveId: 1, scanSha: 1, pageNumber: 1 });
export const Page = mongoose.models.Page ?? mongoose.model("Page", PageSchema);

export function pageId(sha: string, pageNumber: number) {
  return `${sha}:${pageNumber}`;
}

/** An upload batch: what each file became (stored, duplicate, rejected). */
const BatchSchema = new Schema({
  _id: { type: String },
  archiveId: { type: Schema.Types.ObjectId, ref: "Archive", required: true },
  uploadedBy: { type: Schema.Types.ObjectId, ref: "User", required: true },
  createdAt: { type: Date, required: true },
  items: { type: [Schema.Types.Mixed], default: [] },
});
export const Batch = mongoose.models.Batch ?? mongoose.model("Batch", BatchSchema);
