import mongoose, { Schema } from "mongoose";

/**
 * A person entry extracted from a page. `_id` is `<pageId>#<index>`, so
 * re-extracting a page replaces its entries instead of adding more.
 */
const EntrySchema = new Schema({
  _id: { type: String },
  pageId: { type: String, required: true },
  scanSha: { type: String, required: true },
  archiveId: { type: Schema.Types.ObjectId, ref: "Archive", required: true },
  pageNumber: { type: Number, required: true },
  index: { type: Number, required: true },
  kind: { type: String, required: true },
  fields: { type: Schema.Types.Mixed, default: {} },
  box: { type: Schema.Types.Mixed, default: null },
  household: { type: Schema.Types.Mixed, default: null },
  matchKeys: { type: [String], default: [] },
  prepared: { type: Schema.Types.Mixed, default: null },
  updatedAt: { type: Date, required: true },
});
EntrySchema.index({ archiveId: 1, matchKeys: 1 });
EntrySchema.index({ pageId: 1 });
export const Entry = mongoose.models.Entry ?? mongoose.model("Entry", EntrySchema);

/** A single counter document bumped on every entry change, so search indexes know when to reload. */
const IndexStateSchema = new Schema({ _id: { type: String }, version: { type: Number, default: 0 }, updatedAt: Date });
export const IndexState = mongoose.models.IndexState ?? mongoose.model("IndexState", IndexStateSchema);

export async function bumpEntryVersion() {
  await IndexState.updateOne({ _id: "entries" }, { $inc: { version: 1 }, $set: { updatedAt: new Date() } }, { upsert: true });
}

export async function entryVersion(): Promise<number> {
  const d = await IndexState.findOne({ _id: "entries" }).lean<{ version: number }>();
  return d?.version ?? 0;
}

export type StoredEntry = {
  _id: string;
  pageId: string;
  scanSha: string;
  archiveId: mongoose.Types.ObjectId;
  pageNumber: number;
  index: number;
  kind: string;
  fields: Record<string, any>;
  box: { x: number; y: number; w: number; h: number } | null;
  household: unknown;
  matchKeys: string[];
  prepared: unknown;
};

/** Replaces the entries of one page (idempotent). */
export async function replacePageEntries(
  page: { id: string; scanSha: string; archiveId: string; pageNumber: number },
  entries: { index: number; kind: string; fields: Record<string, unknown>; box: unknown; household?: unknown; matchKeys: string[]; prepared: unknown }[],
) {
  const now = new Date();
  for (const e of entries) {
    await Entry.replaceOne(
      { _id: `${page.id}#${e.index}` },
      {
        pageId: page.id,
        scanSha: page.scanSha,
        archiveId: page.archiveId,
        pageNumber: page.pageNumber,
        index: e.index,
        kind: e.kind,
        fields: e.fields,
        box: e.box ?? null,
        household: e.household ?? null,
        matchKeys: e.matchKeys,
        prepared: e.prepared,
        updatedAt: now,
      },
      { upsert: true },
    );
  }
  await Entry.deleteMany({ pageId: page.id, index: { $gte: entries.length } });
  await bumpEntryVersion();
}
