/**
 * The two baselines the matching benchmark runs beside Suji on the same
 * entries and queries:
 *  - exact: the canonical name (script and variants folded) and the birth
 *    date (parsed by the normaliser to a Gregorian ISO date, so ROC years and
 *    labelled lunar dates are converted) must both be equal;
 *  - edit distance: Levenshtein distance ≤ 1 on the canonical name alone,
 *    closest first, ties by entry id.
 * Each returns every hit, best first: any hit counts as a candidate.
 */
import type { MatchQuery } from "~/core/match";
import { canonicalName, formatIsoPartial, parseDate } from "~/core/normalize";
import { editDistance } from "./metrics.ts";

export type BaselineEntry = { id: string; name: string | null; birthDate: string | null };
export type BaselineResult = { ids: string[]; touched: number };

/** The ISO date (or partial yyyy-mm, yyyy) of any date text the normaliser reads; ROC and labelled lunar dates converted. */
export function isoDateOf(text: string | null | undefined): string | null {
  if (!text) return null;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(text)) return text;
  const parsed = parseDate(text);
  return parsed ? formatIsoPartial(parsed) : null;
}

export class ExactBaseline {
  private readonly byKey = new Map<string, string[]>();
  constructor(entries: readonly BaselineEntry[]) {
    for (const e of entries) {
      if (!e.name || !e.birthDate) continue;
      const key = `${canonicalName(e.name)}|${isoDateOf(e.birthDate)}`;
      const list = this.byKey.get(key);
      if (list) list.push(e.id);
      else this.byKey.set(key, [e.id]);
    }
    for (const list of this.byKey.values()) list.sort();
  }

  search(q: MatchQuery): BaselineResult {
    const date = isoDateOf(q.birthDate);
    if (!q.name || !date) return { ids: [], touched: 0 };
    const ids = this.byKey.get(`${canonicalName(q.name)}|${date}`) ?? [];
    return { ids: [...ids], touched: ids.length };
  }
}

export class EditDistanceBaseline {
  /** Distinct canonical names with their entries, so that each name is compared once. */
  private readonly names: { name: string; length: number; ids: string[] }[] = [];
  constructor(
    entries: readonly BaselineEntry[],
    readonly maxDistance = 1,
  ) {
    const byName = new Map<string, string[]>();
    for (const e of entries) {
      if (!e.name) continue;
      const name = canonicalName(e.name);
      if (name === "") continue;
      const list = byName.get(name);
      if (list) list.push(e.id);
      else byName.set(name, [e.id]);
    }
    for (const [name, ids] of byName) this.names.push({ name, length: Array.from(name).length, ids: ids.sort() });
  }

  search(q: MatchQuery): BaselineResult {
    if (!q.name) return { ids: [], touched: 0 };
    const name = canonicalName(q.name);
    const length = Array.from(name).length;
    const hits: { id: string; d: number }[] = [];
    let touched = 0;
    for (const n of this.names) {
      if (Math.abs(n.length - length) > this.maxDistance) continue;
      touched += n.ids.length;
      const d = editDistance(name, n.name);
      if (d <= this.maxDistance) for (const id of n.ids) hits.push({ id, d });
    }
    hits.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { ids: hits.map((h) => h.id), touched };
  }
}
