/**
 * Pooling bench:match:memory's counts over many seeds, for `bench:match:seeds`.
 *
 * One seed asks about 290 present and 290 absent people. At that size a
 * rate near a goal is measured only to within about half a percent: a system
 * whose true recall@5 is 0.995 still falls under 0.99 on some seeds by the
 * luck of which people were drawn. Pooling seeds measures the rate itself;
 * the per-seed chance of missing says how often one seed's run would miss
 * the goal by chance alone at that rate.
 */
import { meets, wilson } from "./metrics.ts";

/** One seed's counts at one archive size (bench:match:memory's `RESULT` line). */
export type SeedResult = { seed: number; size: number; present: number; first: number; top5: number; absent: number; falseCandidates: number };

/** The goals for the rates (bench:match adds the latency goal). */
export const RATE_GOALS = { recall1: 0.95, recall5: 0.99, falseCandidates: 0.02 } as const;

export type RateFigure = {
  /** Which goal (its key in RATE_GOALS and in seedMeets' answer). */
  goal: keyof typeof RATE_GOALS;
  label: string;
  /** Successes for recall, false candidates for the false-candidate rate. */
  k: number;
  n: number;
  rate: number;
  low: number;
  high: number;
  target: number;
  direction: "min" | "max";
  /** met: the whole 95% interval is on the goal's side; noise: the rate meets it but the interval crosses it; missed: the rate does not. */
  verdict: "met" | "noise" | "missed";
};

/** The figure for k of n against a goal: at least `target` (min) or at most (max). */
export function figure(goal: keyof typeof RATE_GOALS, label: string, k: number, n: number, target: number, direction: "min" | "max"): RateFigure {
  const rate = n > 0 ? k / n : NaN;
  const { low, high } = wilson(k, n);
  // Judged as bench:match judges a goal: the rate itself, then the interval's far end the same way.
  const met = meets({ label, value: rate, target, direction });
  const clear = meets({ label, value: direction === "min" ? low : high, target, direction });
  return { goal, label, k, n, rate, low, high, target, direction, verdict: !met ? "missed" : clear ? "met" : "noise" };
}

/** The three rate figures of some seeds' results taken together. */
export function pooled(results: readonly SeedResult[]): RateFigure[] {
  const sum = (f: (r: SeedResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const present = sum((r) => r.present);
  const absent = sum((r) => r.absent);
  return [
    figure("recall1", "recall@1", sum((r) => r.first), present, RATE_GOALS.recall1, "min"),
    figure("recall5", "recall@5", sum((r) => r.top5), present, RATE_GOALS.recall5, "min"),
    figure("falseCandidates", "false-candidate rate", sum((r) => r.falseCandidates), absent, RATE_GOALS.falseCandidates, "max"),
  ];
}

/** Which of the three goals one seed's run meets on its own, as bench:match judges it. */
export function seedMeets(r: SeedResult): Record<keyof typeof RATE_GOALS, boolean> {
  const judge = (value: number, target: number, direction: "min" | "max") => meets({ label: "", value, target, direction });
  return {
    recall1: judge(r.first / r.present, RATE_GOALS.recall1, "min"),
    recall5: judge(r.top5 / r.present, RATE_GOALS.recall5, "min"),
    falseCandidates: judge(r.falseCandidates / r.absent, RATE_GOALS.falseCandidates, "max"),
  };
}

/** P(X >= k) for X ~ Binomial(n, p), summed from the probability mass function. */
export function binomialAtLeast(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // P(X < k) term by term from P(X = 0) in logs (no underflow at n in the thousands).
  let logTerm = n * Math.log1p(-p);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += Math.exp(logTerm);
    logTerm += Math.log(n - i) - Math.log(i + 1) + Math.log(p) - Math.log1p(-p);
  }
  return Math.max(0, Math.min(1, 1 - below));
}

/**
 * The chance that one seed of `n` queries misses a goal by luck alone when
 * the true rate is `rate`: for a "min" goal, fewer than target·n successes;
 * for a "max" goal, more than target·n events.
 */
export function chanceSeedMisses(rate: number, n: number, target: number, direction: "min" | "max"): number {
  if (direction === "min") {
    // Missing means failures > (1 - target)·n, failures ~ Binomial(n, 1 - rate).
    const allowed = Math.floor((1 - target) * n + 1e-9);
    return binomialAtLeast(allowed + 1, n, 1 - rate);
  }
  const allowed = Math.floor(target * n + 1e-9);
  return binomialAtLeast(allowed + 1, n, rate);
}

/** Parses bench:match:memory's `RESULT {json}` lines out of its output. */
export function resultLines(output: string): SeedResult[] {
  const out: SeedResult[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("RESULT ")) continue;
    const r = JSON.parse(line.slice("RESULT ".length)) as SeedResult;
    const counts = [r.seed, r.size, r.present, r.first, r.top5, r.absent, r.falseCandidates];
    if (!counts.every((c) => Number.isInteger(c) && c >= 0) || r.first > r.top5 || r.top5 > r.present || r.falseCandidates > r.absent) {
      throw new Error(`not a bench:match:memory result: ${line}`);
    }
    out.push(r);
  }
  return out;
}
