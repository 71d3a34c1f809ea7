/**
 * An in-memory blocking index for the CLI, benchmarks and tests. The
 * database search does the same with a multikey index on the stored keys:
 * take the entries sharing the query's selective keys, prefer those sharing
 * more and rarer keys, and score only the best few hundred.
 */
import { KEY_KINDS, keyKind } from "./keys";
import type { PreparedRecord } from "./types";

export type BlockingIndex<E extends PreparedRecord = PreparedRecord> = {
  entries: E[];
  postings: Map<string, number[]>;
};

export function buildBlockingIndex<E extends PreparedRecord>(entries: readonly E[]): BlockingIndex<E> {
  const postings = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const key of e.keys) {
      const list = postings.get(key);
      if (list) list.push(i);
      else postings.set(key, [i]);
    }
  });
  return { entries: [...entries], postings };
}

export type CandidateOptions = {
  /** Score at most this many entries. */
  limit?: number;
  /** Ignore keys shared by more than this share of the archive (too common to narrow anything). */
  maxKeyShare?: number;
};

/**
 * Entries sharing at least one selective key with the query, ranked by the
 * summed inverse document frequency of the keys they share.
 */
export function findCandidates<E extends PreparedRecord>(index: BlockingIndex<E>, q: PreparedRecord, opts: CandidateOptions = {}): E[] {
  const limit = opts.limit ?? 300;
  const n = index.entries.length;
  const maxPostings = Math.max(50, Math.floor((opts.maxKeyShare ?? 0.05) * n));
  const scores = new Map<number, number>();
  for (const key of q.keys) {
    const kind = keyKind(key);
    if (kind === null || KEY_KINDS[kind].broad) continue;
    const list = index.postings.get(key);
    if (!list || list.length > maxPostings) continue;
    const idf = Math.log((n + 1) / list.length);
    for (const i of list) scores.set(i, (scores.get(i) ?? 0) + idf);
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .map(([i]) => index.entries[i]);
}
