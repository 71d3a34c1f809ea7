import {
  DEFAULT_MODEL,
  REVIEW_THRESHOLD,
  blockingKeys,
  prepareQuery,
  rankCandidates,
  termFrequencies,
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
 * blocking key in memory (about 1 KB an entry), reloads them when the entry
 * version counter (one `_id` lookup) changes, and a search touches only the
 * entries that share a blocking key with the query.
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
  readonly postings = new Map<string, string[]>();
  tf: TermFrequencies;
  constructor(
    entries: IndexedEntry[],
    readonly version: number,
    readonly model: MatchModel = DEFAULT_MODEL,
  ) {
    for (const e of entries) {
      this.entries.set(e.id, e);
      for (const key of blockingKeys(e.prepared)) {
        const list = this.postings.get(key);
        if (list) list.push(e.id);
        else this.postings.set(key, [e.id]);
      }
    }
    this.tf = termFrequencies(entries.map((e) => e.prepared));
  }

  /** Entry ids sharing at least one blocking key with the query (capped per key to bound common keys). */
  candidates(keys: string[], archiveIds: Set<string> | null, maxPerKey = 5000): IndexedEntry[] {
    const seen = new Set<string>();
    const out: IndexedEntry[] = [];
    for (const key of keys) {
      const list = this.postings.get(key);
      if (!list || list.length > maxPerKey) continue;
      for (const id of list) {
        if (seen.has(id)) continue;
        seen.add(id);
        const e = this.entries.get(id)!;
        if (!archiveIds || archiveIds.has(e.archiveId)) out.push(e);
      }
    }
    return out;
  }

  search(query: MatchQuery, opts: { top?: number; threshold?: number; archiveIds?: string[] } = {}) {
    const prepared = prepareQuery(query);
    const keys = blockingKeys(prepared);
    const pool = this.candidates(keys, opts.archiveIds ? new Set(opts.archiveIds) : null);
    const ranked: Ranked[] = rankCandidates(
      prepared,
      pool.map((e) => e.prepared),
      this.model,
      this.tf,
      { top: opts.top ?? 10, threshold: opts.threshold ?? REVIEW_THRESHOLD },
    );
    return { touched: pool.length, keys: keys.length, results: ranked.map((r) => ({ ...r, entry: this.entries.get(r.entryId)! })) };
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
