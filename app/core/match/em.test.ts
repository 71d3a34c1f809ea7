import { describe, expect, test } from "vitest";
import { combineModels, estimateModel, seededRandom, type ComparisonVector, type MatchModel } from "./index";

type Truth = Record<string, { levels: string[]; m: number[]; u: number[]; missing: number }>;

const TRUTH: Truth = {
  name: { levels: ["exact", "close", "different"], m: [0.7, 0.2, 0.1], u: [0.01, 0.04, 0.95], missing: 0 },
  birthDate: { levels: ["exact", "partial", "different"], m: [0.6, 0.3, 0.1], u: [0.005, 0.05, 0.945], missing: 0.1 },
  sex: { levels: ["agree", "disagree"], m: [0.97, 0.03], u: [0.5, 0.5], missing: 0.05 },
  birthPlace: { levels: ["exact", "contains", "different"], m: [0.5, 0.3, 0.2], u: [0.1, 0.15, 0.75], missing: 0.4 },
};
const PAIR_PRIOR = 0.1;

function draw(random: () => number, probs: number[]): number {
  let r = random();
  for (let i = 0; i < probs.length; i++) {
    r -= probs[i];
    if (r < 0) return i;
  }
  return probs.length - 1;
}

function vectors(n: number, seed: number, matchShare: number): ComparisonVector[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const match = random() < matchShare;
    const v: ComparisonVector = {};
    for (const [field, t] of Object.entries(TRUTH)) {
      if (random() < t.missing) continue;
      v[field] = t.levels[draw(random, match ? t.m : t.u)];
    }
    return v;
  });
}

/** A poor starting point: every level equally likely under both classes, except a hint of which way agreement points. */
const INITIAL: MatchModel = {
  priorMatch: 0.5,
  fields: Object.fromEntries(
    Object.entries(TRUTH).map(([field, t]) => [
      field,
      Object.fromEntries(t.levels.map((l, i) => [l, { m: i === 0 ? 0.5 : 0.5 / (t.levels.length - 1), u: i === t.levels.length - 1 ? 0.5 : 0.5 / (t.levels.length - 1) }])),
    ]),
  ),
};

function maxError(model: MatchModel, key: "m" | "u"): number {
  let worst = 0;
  for (const [field, t] of Object.entries(TRUTH)) {
    t.levels.forEach((l, i) => (worst = Math.max(worst, Math.abs(model.fields[field][l][key] - t[key][i]))));
  }
  return worst;
}

describe("estimateModel", () => {
  const pairs = vectors(20_000, 1, PAIR_PRIOR);
  const random = vectors(20_000, 2, 0);

  test("recovers known m and λ with u from random pairs (Splink's recipe)", () => {
    const model = estimateModel(pairs, { initial: INITIAL, randomPairs: random });
    expect(model.diagnostics.converged).toBe(true);
    expect(maxError(model, "u")).toBeLessThan(0.03);
    expect(maxError(model, "m")).toBeLessThan(0.03);
    expect(Math.abs(model.diagnostics.pairPrior - PAIR_PRIOR)).toBeLessThan(0.01);
    const ll = model.diagnostics.logLikelihood;
    expect(ll[ll.length - 1]).toBeGreaterThan(ll[0]);
    for (const levels of Object.values(model.fields)) {
      const sum = (k: "m" | "u") => Object.values(levels).reduce((a, p) => a + p[k], 0);
      expect(sum("m")).toBeCloseTo(1, 9);
      expect(sum("u")).toBeCloseTo(1, 9);
    }
  });

  test("recovers m, u and λ together when u is not fixed", () => {
    const model = estimateModel(pairs, { initial: INITIAL, fixU: false });
    expect(model.diagnostics.converged).toBe(true);
    expect(maxError(model, "m")).toBeLessThan(0.05);
    expect(maxError(model, "u")).toBeLessThan(0.03);
    expect(Math.abs(model.diagnostics.pairPrior - PAIR_PRIOR)).toBeLessThan(0.02);
  });

  test("λ is rescaled from candidate pairs to all pairs", () => {
    const model = estimateModel(pairs, { initial: INITIAL, randomPairs: random, totalPairs: pairs.length * 100 });
    expect(model.priorMatch).toBeCloseTo(model.diagnostics.pairPrior / 100, 12);
  });

  test("deterministic: the same pairs and seed give the same model; subsampling follows the seed", () => {
    const a = estimateModel(pairs, { initial: INITIAL, randomPairs: random, maxPairs: 5_000, seed: 7 });
    const b = estimateModel(pairs, { initial: INITIAL, randomPairs: random, maxPairs: 5_000, seed: 7 });
    const c = estimateModel(pairs, { initial: INITIAL, randomPairs: random, maxPairs: 5_000, seed: 8 });
    expect(b).toEqual(a);
    expect(c.fields).not.toEqual(a.fields);
    expect(maxError(c, "m")).toBeLessThan(0.06);
  });

  test("fields the pairs were blocked on are neither used nor estimated", () => {
    const model = estimateModel(pairs, { initial: INITIAL, randomPairs: random, blockedOn: ["name"] });
    expect(model.fields.name.exact.m).toBeCloseTo(INITIAL.fields.name.exact.m, 12);
    expect(model.diagnostics.estimatedFields).not.toContain("name");
    // The other fields still separate matches from non-matches.
    expect(Math.abs(model.fields.birthDate.exact.m - 0.6)).toBeLessThan(0.05);
  });

  test("fixM estimates λ alone", () => {
    const truth: MatchModel = {
      priorMatch: 0.5,
      fields: Object.fromEntries(
        Object.entries(TRUTH).map(([f, t]) => [f, Object.fromEntries(t.levels.map((l, i) => [l, { m: t.m[i], u: t.u[i] }]))]),
      ),
    };
    const model = estimateModel(pairs, { initial: truth, fixM: true });
    expect(maxError(model, "m")).toBeLessThan(1e-12);
    expect(maxError(model, "u")).toBeLessThan(1e-12);
    expect(Math.abs(model.diagnostics.pairPrior - PAIR_PRIOR)).toBeLessThan(0.01);
  });

  test("combineModels averages m over the sessions that estimated each field", () => {
    const a = estimateModel(pairs, { initial: INITIAL, randomPairs: random, blockedOn: ["name"] });
    const b = estimateModel(pairs, { initial: INITIAL, randomPairs: random, blockedOn: ["birthDate"] });
    const combined = combineModels(a, [a, b]);
    expect(combined.fields.name.exact.m).toBeCloseTo(b.fields.name.exact.m, 12);
    expect(combined.fields.birthDate.exact.m).toBeCloseTo(a.fields.birthDate.exact.m, 12);
    expect(combined.fields.sex.agree.m).toBeCloseTo((a.fields.sex.agree.m + b.fields.sex.agree.m) / 2, 12);
    expect(combined.fields.sex.agree.u).toBe(a.fields.sex.agree.u);
  });
});
