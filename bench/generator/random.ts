/**
 * Seeded randomness for the synthetic register generator. Everything the
 * generator draws comes from an `Rng` built from a seed, so a seed reproduces
 * the same people, layouts and degradations.
 */
import { seededRandom } from "../../app/core/random.ts";

/** 32-bit FNV-1a over a string, used to derive independent sub-seeds. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}


export class Rng {
  readonly seed: number;
  private readonly next: () => number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.next = seededRandom(this.seed);
  }

  /** An independent stream named by `label`: adding draws to one stream never shifts another. */
  fork(label: string | number): Rng {
    return new Rng(hashString(`${this.seed}/${label}`));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by non-negative weights (need not sum to 1). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length !== weights.length || items.length === 0) throw new Error("weighted: bad arguments");
    const total = weights.reduce((sum, w) => sum + w, 0);
    let target = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i];
      if (target < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** Standard normal deviate (Box-Muller, caching the second value). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * value;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** Builds a cumulative table once so repeated weighted draws from a long list are O(log n). */
export class WeightedTable<T> {
  private readonly items: readonly T[];
  private readonly cumulative: number[];

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length || items.length === 0) throw new Error("WeightedTable: bad arguments");
    this.items = items;
    let sum = 0;
    this.cumulative = weights.map((w) => (sum += w));
  }

  draw(rng: Rng): T {
    const target = rng.float() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
