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

/** The birth year-months a record gives (date field readings, and the ID number's date), as 'YYYYMM'. */
function yearMonths(r: PreparedRecord): Set<string> {
  const out = new Set<string>();
  for (const d of r.birthDate ? [r.birthDate.primary, ...r.birthDate.alternatives] : []) {
    const g = d.gregorian;
    if (g?.month) out.add(`${g.year}${String(g.month).padStart(2, "0")}`);
  }
  for (const id of r.idNumber ? [r.idNumber.primary, ...r.idNumber.alternatives] : []) if (id.birth) out.add(id.birth.slice(0, 6));
  return out;
}

/**
 * Entries sharing at least one selective key with the query, ranked by the
 * summed inverse document frequency of the keys they share. An entry born
 * in the query's year and month gains what a year-month key would add
 * (about log 12): among the hundreds of women sharing only a common surname
 * and a birth year with a married form (王氏, 1960), the one born a day
 * off is no longer cut at the candidate limit by the order of insertion.
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
  const months = scores.size > limit ? yearMonths(q) : new Set<string>();
  if (months.size > 0) {
    const bonus = Math.log(12);
    for (const [i, score] of scores) {
      for (const m of yearMonths(index.entries[i])) {
        if (months.has(m)) {
          scores.set(i, score + bonus);
          break;
        }
      }
    }
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .map(([i]) => index.entries[i]);
}
