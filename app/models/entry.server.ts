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
  updatedAt: { type: Date, required: true },
});
EntrySchema.index({ archiveId: 1, matchKeys: 1 });
EntrySchema.index({ pageId: 1 });
export const Entry = mongoose.models.Entry ?? mongoose.model("Entry", EntrySchema);

/**
 * What the in-process match index needs of one entry (its prepared record,
 * fields and provenance), packed into one JSON string: the embedded
 * database stores and decodes a nested 5 KB document field by field in
 * milliseconds, a string of the same size in microseconds (measured: 3,000
 * entries load in 1.0 s packed against 14.6 s nested; docs/decisions/003).
 * Written with the entry by `replacePageEntries`, never edited apart from it.
 */
const EntryIndexSchema = new Schema(
  {
    _id: { type: String },
    pageId: { type: String, required: true },
    index: { type: Number, required: true },
    packed: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "entry_index" },
);
EntryIndexSchema.index({ pageId: 1 });
export const EntryIndex = mongoose.models.EntryIndex ?? mongoose.model("EntryIndex", EntryIndexSchema);

/** The packed part of an index document. */
export type PackedEntry = {
  archiveId: string;
  pageId: string;
  scanSha: string;
  pageNumber: number;
  kind: string;
  box: { x: number; y: number; w: number; h: number } | null;
  fields: Record<string, unknown>;
  prepared: unknown;
};

export function packEntry(e: PackedEntry): string {
  return JSON.stringify(e);
}

/** Writes (or replaces) the index document of entry `id`, the `index`-th of its page. */
export async function putEntryIndex(id: string, index: number, e: PackedEntry, now: Date) {
  await EntryIndex.replaceOne({ _id: id }, { pageId: e.pageId, index, packed: packEntry(e), updatedAt: now }, { upsert: true });
}

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
};

/**
 * Replaces the entries of one page (idempotent): entries first, then their
 * index documents, then the version bump. A crash in between leaves the
 * extraction job unfinished, and its retry writes everything again.
 */
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
        updatedAt: now,
      },
      { upsert: true },
    );
  }
  for (const e of entries) {
    const packed: PackedEntry = {
      archiveId: page.archiveId,
      pageId: page.id,
      scanSha: page.scanSha,
      pageNumber: page.pageNumber,
      kind: e.kind,
      box: (e.box as PackedEntry["box"]) ?? null,
      fields: e.fields,
      prepared: e.prepared,
    };
    await putEntryIndex(`${page.id}#${e.index}`, e.index, packed, now);
  }
  await Entry.deleteMany({ pageId: page.id, index: { $gte: entries.length } });
  await EntryIndex.deleteMany({ pageId: page.id, index: { $gte: entries.length } });
  await bumpEntryVersion();
}
