/** Reading the benches' knobs from the environment, the same way for bench:match and bench:match:memory. */

/** A non-negative integer knob, or `fallback` when unset. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
}

/** BENCH_SIZES: comma-separated positive archive sizes, ascending. */
export function envSizes(fallback: string): number[] {
  const raw = process.env.BENCH_SIZES || fallback;
  const sizes = raw.split(",").map((s) => Number(s.trim())).sort((a, b) => a - b);
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`BENCH_SIZES must be comma-separated positive integers, got ${raw}`);
  return sizes;
}
