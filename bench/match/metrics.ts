/**
 * The figures the matching benchmark reports, as plain functions over ranks,
 * flags and timings.
 */

/** 1-based rank of the first correct id in `ranked`, or null when none is correct. */
export function rankOfCorrect(ranked: readonly string[], isCorrect: (id: string) => boolean): number | null {
  const i = ranked.findIndex(isCorrect);
  return i < 0 ? null : i + 1;
}

/** Share of queries whose correct answer is within the first `k` (null ranks count as misses). */
export function recallAt(ranks: readonly (number | null)[], k: number): number {
  if (ranks.length === 0) return NaN;
  return ranks.filter((r) => r !== null && r <= k).length / ranks.length;
}

/** Mean reciprocal rank; a miss contributes 0. `cutoff` ignores ranks beyond it (the list shown). */
export function meanReciprocalRank(ranks: readonly (number | null)[], cutoff = Infinity): number {
  if (ranks.length === 0) return NaN;
  return ranks.reduce<number>((sum, r) => sum + (r !== null && r <= cutoff ? 1 / r : 0), 0) / ranks.length;
}

/** Share of true flags. */
export function rate(flags: readonly boolean[]): number {
  if (flags.length === 0) return NaN;
  return flags.filter(Boolean).length / flags.length;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * Wilson score interval (Wilson 1927) for a share of `k` in `n`: the range of
 * true rates the sample is consistent with at the given normal quantile
 * (1.96: 95%). A bench of a few hundred queries measures a rate near 0.99
 * only to within about half a percent; this says how far.
 */
export function wilson(k: number, n: number, z = 1.959963984540054): { low: number; high: number } {
  if (!(n > 0) || k < 0 || k > n) return { low: NaN, high: NaN };
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z / d) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // At k = 0 and k = n the bounds are exactly 0 and 1; floating point leaves them a hair off.
  return { low: k === 0 ? 0 : centre - half, high: k === n ? 1 : centre + half };
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

export type Goal = { label: string; value: number; target: number; direction: "min" | "max"; strict?: boolean };

/** Whether a figure meets its goal: at least `target` (min) or at most / under it (max). */
export function meets(goal: Goal): boolean {
  if (!Number.isFinite(goal.value)) return false;
  if (goal.direction === "min") return goal.value >= goal.target;
  return goal.strict ? goal.value < goal.target : goal.value <= goal.target;
}

/** Levenshtein distance over code points (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[y.length];
}
