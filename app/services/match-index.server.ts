import {
  DEFAULT_MODEL,
  REVIEW_THRESHOLD,
  buildBlockingIndex,
  findCandidates,
  prepareQuery,
  priorForArchive,
  rankCandidates,
  termFrequencies,
  type BlockingIndex,
  type MatchModel,
  type MatchQuery,
  type PreparedEntry,
  type Ranked,
  type TermFrequencies,
} from "~/core/match";
import { Entry, entryVersion } from "~/models/entry.server";

/**
 * The in-process match index. The embedded database scans a collection for
 * any filter but `_id` (docs/decisions/001), so a search cannot ask it for
 * "entries with these blocking keys" at 100,000 entries within budget.
 * Instead each web process keeps the prepared entries and a posting list per
 * blocking key in memory, reloads them when the entry version counter (one
 * `_id` lookup) changes, and a search scores only the few hundred entries
 * that share the most selective keys with the query (`findCandidates`).
 */
export type IndexedEntry = {
  id: string;
  archiveId: string;
  pageId: string;
  scanSha: string;
  pageNumber: number;
  kind: string;
  box: { x: number; y: number; w: number; h: number } | null;
  fields: Record<string, any>;
  prepared: PreparedEntry;
};

export class MatchIndex {
  readonly entries = new Map<string, IndexedEntry>();
  readonly blocking: BlockingIndex<PreparedEntry>;
  readonly tf: TermFrequencies;
  readonly model: MatchModel;
  constructor(
    entries: IndexedEntry[],
    readonly version: number,
    model?: MatchModel,
  ) {
    for (const e of entries) this.entries.set(e.id, e);
    this.blocking = buildBlockingIndex(entries.map((e) => e.prepared));
    this.tf = termFrequencies(entries.map((e) => e.prepared));
    this.model = model ?? { ...DEFAULT_MODEL, priorMatch: priorForArchive(entries.length) };
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

export function toIndexed(d: any): IndexedEntry {
  return {
    id: d._id,
    archiveId: String(d.archiveId),
    pageId: d.pageId,
    scanSha: d.scanSha,
    pageNumber: d.pageNumber,
    kind: d.kind,
    box: d.box ?? null,
    fields: d.fields ?? {},
    prepared: d.prepared as PreparedEntry,
  };
}

let current: MatchIndex | null = null;
let loading: Promise<MatchIndex> | null = null;
let checkedAt = 0;

/** Loads every entry once (one collection scan) into a fresh index. */
export async function loadMatchIndex(model?: MatchModel): Promise<MatchIndex> {
  const version = await entryVersion();
  const docs: IndexedEntry[] = [];
  for await (const d of Entry.find({}, { matchKeys: 0 }).lean().cursor() as AsyncIterable<any>) {
    if (d.prepared) docs.push(toIndexed(d));
  }
  return new MatchIndex(docs, version, model);
}

/** The current index, reloaded when entries changed (checked at most every `maxAgeMs`). */
export async function getMatchIndex(maxAgeMs = 2000): Promise<MatchIndex> {
  const now = Date.now();
  if (current && now - checkedAt < maxAgeMs) return current;
  checkedAt = now;
  if (current && (await entryVersion()) === current.version) return current;
  loading ??= loadMatchIndex().finally(() => (loading = null));
  current = await loading;
  return current;
}

export function resetMatchIndex() {
  current = null;
  checkedAt = 0;
}
