/**
 * The whole estimation, as Splink's training recipe: u from random pairs;
 * m by EM in two sessions, each over pairs blocked on one kind of key and
 * leaving that key's fields out (pairs sharing a birth date teach the name
 * fields, pairs sharing a name teach the date and the rest); m averaged over
 * the sessions; λ from the birth-date session, scaled up by how many true
 * matches that blocking misses.
 */
import { buildBlockingIndex } from "./candidate-index";
import { combineModels, estimateModel, randomPairVectors, type EstimatedModel } from "./em";
import { DEFAULT_MODEL } from "./model";
import { comparisonVector } from "./score";
import type { ComparisonVector, MatchModel, PreparedEntry, PreparedRecord } from "./types";

export type TrainOptions = {
  seed: number;
  /** Random pairs for u. Default 50,000. */
  randomPairs?: number;
  initial?: MatchModel;
  /** Skip keys shared by more than this share of the entries. Default 0.05. */
  maxKeyShare?: number;
};

export type TrainedModel = {
  model: MatchModel;
  sessions: { name: string; blockedOn: string[]; model: EstimatedModel }[];
  /** Share of true matches the birth-date blocking finds (used to scale λ). */
  dateBlockingRecall: number;
};

const DATE_SESSION_BLOCKED = ["birthDate", "idNumber"];
const NAME_SESSION_BLOCKED = ["name", "formerNames", "fatherName"];

function pairsSharing(
  queries: readonly PreparedRecord[],
  entries: readonly PreparedEntry[],
  kinds: readonly string[],
  maxKeyShare: number,
): ComparisonVector[] {
  const index = buildBlockingIndex(entries);
  const maxPostings = Math.max(50, Math.floor(maxKeyShare * entries.length));
  const out: ComparisonVector[] = [];
  for (const q of queries) {
    const seen = new Set<number>();
    for (const key of q.keys) {
      if (!kinds.some((k) => key.startsWith(`${k}:`))) continue;
      const list = index.postings.get(key);
      if (!list || list.length > maxPostings) continue;
      for (const i of list) {
        if (seen.has(i) || entries[i] === q) continue;
        seen.add(i);
        out.push(comparisonVector(q, entries[i]));
      }
    }
  }
  return out;
}

const hasDate = (r: PreparedRecord) => !!r.birthDate || !!r.idNumber?.primary.birth;

/** Trains a model for matching `queries` (past searches, or the entries themselves for deduplication) against `entries`. */
export function trainModel(queries: readonly PreparedRecord[], entries: readonly PreparedEntry[], opts: TrainOptions): TrainedModel {
  const initial = opts.initial ?? DEFAULT_MODEL;
  const maxKeyShare = opts.maxKeyShare ?? 0.05;
  const random = randomPairVectors(queries, entries, opts.randomPairs ?? 50_000, opts.seed);

  const datePairs = pairsSharing(queries, entries, ["bd"], maxKeyShare);
  const byDate = estimateModel(datePairs, { initial, randomPairs: random, blockedOn: DATE_SESSION_BLOCKED, seed: opts.seed });
  const namePairs = pairsSharing(queries, entries, ["nl", "py"], maxKeyShare);
  const byName = estimateModel(namePairs, { initial, randomPairs: random, blockedOn: NAME_SESSION_BLOCKED, seed: opts.seed });
  const combined = combineModels(byDate, [byDate, byName]);

  // λ: matches found by the date blocking, divided by the share of matches it can find.
  const date = combined.fields.birthDate ?? {};
  const agree = (date.exact?.m ?? 0) + (date["era-converted"]?.m ?? 0) + (date["lunar-converted"]?.m ?? 0);
  const share = (xs: readonly PreparedRecord[]) => (xs.length === 0 ? 0 : xs.filter(hasDate).length / xs.length);
  const dateBlockingRecall = Math.min(1, Math.max(0.05, agree * share(queries) * share(entries)));
  const matches = (byDate.diagnostics.pairPrior * datePairs.length) / dateBlockingRecall;
  const total = queries.length * entries.length;
  const priorMatch = total > 0 ? Math.min(0.5, Math.max(1e-12, matches / total)) : initial.priorMatch;

  return {
    model: { ...combined, priorMatch },
    sessions: [
      { name: "birth-date", blockedOn: DATE_SESSION_BLOCKED, model: byDate },
      { name: "name", blockedOn: NAME_SESSION_BLOCKED, model: byName },
    ],
    dateBlockingRecall,
  };
}
