import {
  DEFAULT_MODEL,
  estimateArchiveU,
  REVIEW_THRESHOLD,
  buildBlockingIndex,
  findCandidates,
  prepareQuery,
  priorForArchive,
  entriesPerPersonOf,
  rankCandidates,
  termFrequencies,
  type BlockingIndex,
  type MatchModel,
  type MatchQuery,
  type PreparedEntry,
  type Ranked,
  type TermFrequencies,
  prepareEntry,
  PREPARE_VERSION,
  type EntryRecord,
} from "~/core/match";
import { bumpEntryVersion, Entry, EntryIndex, entryVersion, packEntry, putEntryIndex, type PackedEntry } from "~/models/entry.server";

/**
 * The in-process match index. The embedded database scans a collection for
 * any filter but `_id` (docs/decisions/001), so a search cannot ask it for
 * "entries with these blocking keys" at 100,000 entries within budget.
 * Instead each web process keeps the prepared entries and a posting list per
 * blocking key in memory, reloads them when the entry version counter (one
 * `_id` lookup) changes, and a search scores only the few hundred entries
 * that share the most selective keys with the query (`findCandidates`).
 * Entries are read from the packed `entry_index` collection (one JSON string
 * per entry), which the embedded database returns about 15 times faster
 * than the nested entry documents.
 *
 * An entry as the index holds it: the packed provenance, fields and prepared record, with its id.
 */
export type IndexedEntry = Omit<PackedEntry, "fields" | "prepared"> & {
  id: string;
  fields: Record<string, any>;
  prepared: PreparedEntry;
};

/**
 * An index's archive u is reused by the next one while the archive has grown
 * or shrunk by at most this share of the size it was estimated at: a page's
 * few entries do not move u measurably, and estimating it is the slowest
 * part of a reload (about 18 of 40 s at 100,000 entries), which runs again
 * after every page extracted.
 */
export const U_REUSE_DRIFT = 0.01;

export class MatchIndex {
  readonly entries = new Map<string, IndexedEntry>();
  readonly blocking: BlockingIndex<PreparedEntry>;
  readonly tf: TermFrequencies;
  readonly model: MatchModel;
  /** The archive size the model's u was estimated at (the size given a model for a model given). */
  readonly uEstimatedAt: number;
  constructor(
    entries: IndexedEntry[],
    readonly version: number,
    model?: MatchModel,
    opts: { previous?: MatchIndex | null } = {},
  ) {
    for (const e of entries) this.entries.set(e.id, e);
    this.blocking = buildBlockingIndex(entries.map((e) => e.prepared));
    this.tf = termFrequencies(entries.map((e) => e.prepared));
    // u from random pairs of this archive's entries (m and the defaults' shape stay); λ from its size and how many entries a person has in it.
    const priorMatch = priorForArchive(entries.length, { entriesPerPerson: entriesPerPersonOf(entries.length, this.tf.persons) });
    const previous = opts.previous;
    if (model) {
      this.model = model;
      this.uEstimatedAt = entries.length;
    } else if (previous && previous.uEstimatedAt > 0 && Math.abs(entries.length - previous.uEstimatedAt) <= U_REUSE_DRIFT * previous.uEstimatedAt) {
      // The previous index's u, this archive's λ.
      this.model = { ...previous.model, priorMatch };
      this.uEstimatedAt = previous.uEstimatedAt;
    } else {
      this.model = estimateArchiveU(entries.map((e) => e.prepared), { ...DEFAULT_MODEL, priorMatch });
      this.uEstimatedAt = entries.length;
    }
  }

  get size() {
    return this.entries.size;
  }

  search(query: MatchQuery, opts: { top?: number; threshold?: number; archiveIds?: string[]; limit?: number } = {}) {
    const prepared = prepareQuery(query);
    const allowed = opts.archiveIds ? new Set(opts.archiveIds) : null;
    const pool = findCandidates(this.blocking, prepared, { limit: opts.limit ?? 300 }).filter(
      (p) => !allowed || allowed.has(this.entries.get(p.id)!.archiveId),
    );
    const ranked: Ranked[] = rankCandidates(prepared, pool, this.model, this.tf, {
      top: opts.top ?? 10,
      threshold: opts.threshold ?? REVIEW_THRESHOLD,
    });
    return { touched: pool.length, keys: prepared.keys.length, results: ranked.map((r) => ({ ...r, entry: this.entries.get(r.entryId)! })) };
  }
}

/**
 * An index entry from an `entry_index` document. A record prepared by
 * another version of the matching code (see PREPARE_VERSION) is prepared
 * again from the stored fields, so an upgrade never searches stale keys
 * or readings; `reprepareEntries` writes the new records back.
 */
export function fromPacked(id: string, packed: string): IndexedEntry {
  const p = JSON.parse(packed) as PackedEntry;
  const fields = (p.fields ?? {}) as Record<string, any>;
  const stored = p.prepared as PreparedEntry | undefined;
  const prepared = stored?.version === PREPARE_VERSION ? stored : prepareEntry({ id, fields: fields as EntryRecord["fields"] });
  return { ...p, id, box: p.box ?? null, fields, prepared };
}

/**
 * Prepares one index document again, as it was read, if another version of
 * the matching code prepared it. Writes only if the document is still the
 * one read: a page extracted again meanwhile wrote a current record from
 * newer fields, which this one must not replace. Returns whether it wrote.
 */
export async function reprepareIndexDocument(d: { _id: string; packed: string }, now = new Date()): Promise<boolean> {
  const p = JSON.parse(d.packed) as PackedEntry;
  if ((p.prepared as PreparedEntry | undefined)?.version === PREPARE_VERSION) return false;
  const prepared = prepareEntry({ id: d._id, fields: (p.fields ?? {}) as EntryRecord["fields"] });
  const written = await EntryIndex.updateOne({ _id: d._id, packed: d.packed }, { $set: { packed: packEntry({ ...p, prepared }), updatedAt: now } });
  if (written.modifiedCount !== 1) return false;
  await Entry.updateOne({ _id: d._id }, { $set: { matchKeys: prepared.keys } });
  return true;
}

/**
 * Prepares again every stored entry whose record another version of the
 * matching code prepared (`npx suji reindex`). Entries already current are
 * left alone, so it can be run again at any time, also while workers extract
 * pages. Returns how many were checked and rewritten.
 */
export async function reprepareEntries(onProgress?: (done: number, total: number) => void): Promise<{ checked: number; rewritten: number }> {
  const total = await EntryIndex.estimatedDocumentCount();
  let checked = 0;
  let rewritten = 0;
  const now = new Date();
  for await (const d of EntryIndex.find({}, { packed: 1 }).lean().batchSize(1000).cursor() as AsyncIterable<{ _id: string; packed: string }>) {
    checked++;
    if (await reprepareIndexDocument(d, now)) rewritten++;
    if (onProgress && (checked % 500 === 0 || checked === total)) onProgress(checked, total);
  }
  if (rewritten > 0) await bumpEntryVersion();
  return { checked, rewritten };
}

/**
 * Writes the index documents of entries stored without them (a database
 * from before the packed index): prepared again from their fields.
 */
export async function backfillEntryIndex(): Promise<number> {
  let written = 0;
  const now = new Date();
  for await (const d of Entry.find({}, { matchKeys: 0, household: 0 }).lean().cursor() as AsyncIterable<any>) {
    const prepared = prepareEntry({ id: d._id, fields: (d.fields ?? {}) as EntryRecord["fields"] });
    await putEntryIndex(d._id, d.index, { archiveId: String(d.archiveId), pageId: d.pageId, scanSha: d.scanSha, pageNumber: d.pageNumber, kind: d.kind, box: d.box ?? null, fields: d.fields ?? {}, prepared }, now);
    written++;
  }
  return written;
}

let current: MatchIndex | null = null;
let loading: Promise<MatchIndex> | null = null;
let checkedAt = 0;
let lastLoadMs = 0;

/** Loads every entry once (one scan of `entry_index`) into a fresh index (reusing `previous`'s u if the archive barely changed). */
export async function loadMatchIndex(model?: MatchModel, opts: { previous?: MatchIndex | null } = {}): Promise<MatchIndex> {
  const started = performance.now();
  const version = await entryVersion();
  if ((await EntryIndex.estimatedDocumentCount()) === 0 && (await Entry.estimatedDocumentCount()) > 0) await backfillEntryIndex();
  const docs: IndexedEntry[] = [];
  for await (const d of EntryIndex.find({}, { packed: 1 }).lean().batchSize(5000).cursor() as AsyncIterable<{ _id: string; packed: string }>) {
    docs.push(fromPacked(d._id, d.packed));
  }
  const index = new MatchIndex(docs, version, model, opts);
  lastLoadMs = performance.now() - started;
  return index;
}

/**
 * The current index, reloaded when entries changed (checked at most every
 * `maxAgeMs`). While pages are being extracted the version changes all the
 * time: a small archive (its last load took under `waitBelowMs`) is reloaded
 * before answering, so a search sees the page just read; a large one keeps
 * answering from the current index while the next one loads in the
 * background, so searches never wait for a reload.
 */
export async function getMatchIndex(maxAgeMs = 2000, waitBelowMs = 3000): Promise<MatchIndex> {
  const now = Date.now();
  if (current && now - checkedAt < maxAgeMs) return current;
  checkedAt = now;
  if (current && (await entryVersion()) === current.version) return current;
  const reload = (loading ??= loadMatchIndex(undefined, { previous: current })
    .then((index) => (current = index))
    .finally(() => (loading = null)));
  if (current && lastLoadMs >= waitBelowMs) {
    reload.catch(() => undefined);
    return current;
  }
  return reload;
}

export function resetMatchIndex() {
  current = null;
  checkedAt = 0;
  lastLoadMs = 0;
}
