/**
 * The matcher on a synthetic archive of a few thousand entries: people with
 * realistic name frequencies, their register entries with OCR misreadings,
 * traditional script, eras, lunar dates and married forms, and residents'
 * queries with slips of memory. Half the queries are for people who are not
 * in the archive: for them "not found" is the right answer.
 */
import { beforeAll, describe, expect, test } from "vitest";
import {
  buildBlockingIndex,
  DEFAULT_MODEL,
  findCandidates,
  prepareEntry,
  prepareQuery,
  priorForArchive,
  rankCandidates,
  ReviewThreshold,
  termFrequencies,
  trainModel,
  type BlockingIndex,
  type MatchModel,
  type PreparedEntry,
  type PreparedQuery,
  type TermFrequencies,
  type TrainedModel,
} from "./index";
import { entriesFor, makePopulation, makeRng, queryFor, type Person } from "./test-population";

type Labelled = { truth: string | null; q: PreparedQuery };

type Metrics = {
  present: number;
  absent: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  notRetrieved: number;
  falseCandidateRate: number;
  candidatesPerQuery: number;
  candidatesPerMs: number;
  bins: { n: number; matches: number; meanP: number }[];
  expectedMatches: number;
  actualMatches: number;
};

const owner = (entryId: string) => entryId.slice(0, entryId.indexOf("#"));

function evaluate(queries: Labelled[], index: BlockingIndex<PreparedEntry>, model: MatchModel, tf: TermFrequencies): Metrics {
  let recall1 = 0;
  let recall5 = 0;
  let rr = 0;
  let present = 0;
  let absent = 0;
  let falseCandidates = 0;
  let notRetrieved = 0;
  let scored = 0;
  let ms = 0;
  let expectedMatches = 0;
  let actualMatches = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, matches: 0, sumP: 0 }));
  for (const { truth, q } of queries) {
    const candidates = findCandidates(index, q);
    const start = performance.now();
    const ranked = rankCandidates(q, candidates, model, tf, { top: candidates.length, threshold: 0 });
    ms += performance.now() - start;
    scored += candidates.length;
    for (const r of ranked) {
      const isMatch = truth !== null && owner(r.entryId) === truth;
      const bin = bins[Math.min(9, Math.floor(r.probability * 10))];
      bin.n++;
      bin.sumP += r.probability;
      if (isMatch) bin.matches++;
      expectedMatches += r.probability;
      if (isMatch) actualMatches++;
    }
    if (truth !== null) {
      present++;
      const rank = ranked.findIndex((r) => owner(r.entryId) === truth) + 1;
      if (rank === 0) notRetrieved++;
      if (rank === 1) recall1++;
      if (rank >= 1 && rank <= 5) recall5++;
      if (rank > 0) rr += 1 / rank;
    } else {
      absent++;
      if (ranked.length > 0 && ranked[0].probability >= ReviewThreshold) falseCandidates++;
    }
  }
  return {
    present,
    absent,
    recallAt1: recall1 / present,
    recallAt5: recall5 / present,
    mrr: rr / present,
    notRetrieved,
    falseCandidateRate: falseCandidates / absent,
    candidatesPerQuery: scored / queries.length,
    candidatesPerMs: scored / ms,
    bins: bins.map((b) => ({ n: b.n, matches: b.matches, meanP: b.n === 0 ? 0 : b.sumP / b.n })),
    expectedMatches,
    actualMatches,
  };
}

function report(label: string, m: Metrics) {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const bins = m.bins.map((b, i) => `[${i / 10},${(i + 1) / 10}) n=${b.n} true=${b.n ? pct(b.matches / b.n) : "-"}`).join("; ");
  console.log(
    `${label}: recall@1 ${pct(m.recallAt1)}, recall@5 ${pct(m.recallAt5)}, MRR ${m.mrr.toFixed(3)}, not retrieved ${m.notRetrieved}/${m.present}, ` +
      `false candidates ${pct(m.falseCandidateRate)} of ${m.absent} absent, ${m.candidatesPerQuery.toFixed(1)} candidates/query, ` +
      `${m.candidatesPerMs.toFixed(1)} candidates/ms, expected matches ${m.expectedMatches.toFixed(1)} vs actual ${m.actualMatches}\n  ${bins}`,
  );
}

function expectCalibrated(m: Metrics) {
  for (const b of m.bins) if (b.n >= 25) expect(Math.abs(b.matches / b.n - b.meanP), JSON.stringify(b)).toBeLessThan(0.2);
  // Pairs scored in [0.8, 0.9): about that share should be true matches (loose bounds, few pairs land there).
  const high = m.bins[8];
  if (high.n >= 10) {
    expect(high.matches / high.n).toBeGreaterThan(0.6);
  }
  const middle = m.bins.slice(1, 9).reduce((a, b) => ({ n: a.n + b.n, matches: a.matches + b.matches, sumP: a.sumP + b.meanP * b.n }), { n: 0, matches: 0, sumP: 0 });
  if (middle.n >= 30) expect(Math.abs(middle.matches / middle.n - middle.sumP / middle.n)).toBeLessThan(0.15);
  // Over all candidate pairs the probabilities add up to about the number of true matches.
  expect(m.expectedMatches / m.actualMatches).toBeGreaterThan(0.85);
  expect(m.expectedMatches / m.actualMatches).toBeLessThan(1.15);
}

describe("a synthetic archive", { timeout: 600_000 }, () => {
  let entries: PreparedEntry[];
  let index: BlockingIndex<PreparedEntry>;
  let tf: TermFrequencies;
  let trained: TrainedModel;
  let testQueries: Labelled[];
  let truePrior: number;

  beforeAll(() => {
    const archived = makePopulation(1, 2200, "p");
    const absent = makePopulation(2, 1200, "a");
    const rng = makeRng(3);
    entries = archived.flatMap((p) => entriesFor(rng, p)).map(prepareEntry);
    index = buildBlockingIndex(entries);
    tf = termFrequencies(entries);
    const qrng = makeRng(4);
    const ask = (people: Person[], present: boolean): Labelled[] =>
      people.map((p) => ({ truth: present ? p.key : null, q: prepareQuery(queryFor(qrng, p), `q-${p.key}`) }));
    // Past searches to learn from, then fresh ones to test on; half of each for people not in the archive.
    const training = [...ask(archived.slice(0, 500), true), ...ask(absent.slice(0, 500), false)];
    testQueries = [...ask(archived.slice(1000, 1600), true), ...ask(absent.slice(500, 1100), false)];
    trained = trainModel(
      training.map((t) => t.q),
      entries,
      { seed: 5 },
    );
    const matchingPairs = training.filter((t) => t.truth).reduce((n, t) => n + entries.filter((e) => owner(e.id) === t.truth).length, 0);
    truePrior = matchingPairs / (training.length * entries.length);
  }, 600_000);

  test("a few thousand entries, half the test queries for absent people", () => {
    expect(entries.length).toBeGreaterThan(3000);
    expect(testQueries.filter((q) => q.truth === null)).toHaveLength(600);
  });

  test("training recovers the prior and sensible m/u", () => {
    const { model } = trained;
    expect(model.priorMatch / truePrior).toBeGreaterThan(0.67);
    expect(model.priorMatch / truePrior).toBeLessThan(1.5);
    for (const s of trained.sessions) expect(s.model.diagnostics.converged, s.name).toBe(true);
    const w = (field: string, level: string) => Math.log2(model.fields[field][level].m / model.fields[field][level].u);
    // Agreement is evidence for, disagreement against, and the order of the levels holds.
    expect(w("name", "exact")).toBeGreaterThan(w("name", "edit-distance-1"));
    expect(w("name", "different")).toBeLessThan(-3);
    expect(w("birthDate", "exact")).toBeGreaterThan(w("birthDate", "same-year"));
    expect(w("birthDate", "different")).toBeLessThan(-3);
    expect(w("sex", "disagree")).toBeLessThan(-3);
    expect(w("idNumber", "exact")).toBeGreaterThan(20);
    console.log(`trained prior ${model.priorMatch.toExponential(3)} vs true ${truePrior.toExponential(3)}; date blocking recall ${trained.dateBlockingRecall.toFixed(3)}`);
  });

  test("trained model: recall@1 ≥ 95% with discrepancies, ≤ 2% false candidates for absent people, calibrated", () => {
    const m = evaluate(testQueries, index, trained.model, tf);
    report("trained model", m);
    expect(m.recallAt1).toBeGreaterThanOrEqual(0.95);
    expect(m.recallAt5).toBeGreaterThanOrEqual(m.recallAt1);
    expect(m.mrr).toBeGreaterThanOrEqual(0.95);
    expect(m.falseCandidateRate).toBeLessThanOrEqual(0.02);
    expectCalibrated(m);
  });

  test("hand-set default model with the archive's prior: the same bounds on ranking and honesty", () => {
    const model = { ...DEFAULT_MODEL, priorMatch: priorForArchive(entries.length) };
    const m = evaluate(testQueries, index, model, tf);
    report("default model", m);
    expect(m.recallAt1).toBeGreaterThanOrEqual(0.95);
    expect(m.falseCandidateRate).toBeLessThanOrEqual(0.02);
    expect(m.expectedMatches / m.actualMatches).toBeGreaterThan(0.7);
    expect(m.expectedMatches / m.actualMatches).toBeLessThan(1.3);
  });
});
