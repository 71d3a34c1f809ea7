/**
 * Estimating a model from an archive, as Splink does: u from random pairs
 * (nearly all of them different people), then m and λ by expectation-
 * maximisation over the comparison vectors of blocked candidate pairs, with
 * u held fixed. Deterministic: the only randomness is a seeded generator
 * passed in by number.
 */
import { seededRandom } from "../random";
import { DEFAULT_MODEL } from "./model";
import { comparisonVector } from "./score";
import type { ComparisonVector, MatchModel, PreparedRecord } from "./types";

export { seededRandom };

/** Comparison vectors of `count` random (query, entry) pairs, for estimating u. */
export function randomPairVectors(
  queries: readonly PreparedRecord[],
  entries: readonly PreparedRecord[],
  count: number,
  seed: number,
): ComparisonVector[] {
  const random = seededRandom(seed);
  const out: ComparisonVector[] = [];
  if (queries.length === 0 || entries.length === 0) return out;
  for (let k = 0; k < count; k++) {
    const q = queries[Math.floor(random() * queries.length)];
    const e = entries[Math.floor(random() * entries.length)];
    if (q === e) continue;
    out.push(comparisonVector(q, e));
  }
  return out;
}

export type EstimateOptions = {
  /** Vectors of random pairs: u is their level frequencies (smoothed towards `initial`). Without them u comes from `initial`. */
  randomPairs?: readonly ComparisonVector[];
  /** Starting m, u and the smoothing prior. Defaults to DEFAULT_MODEL. */
  initial?: MatchModel;
  /** Keep u fixed during EM (Splink's default). Defaults to true. */
  fixU?: boolean;
  /**
   * Fields the candidate pairs were chosen on. As in Splink they are left out
   * of the estimation: candidates agree on them far more often than random
   * pairs, so random-pair u would make every candidate look like a match.
   * Their m stays as in `initial`.
   */
  blockedOn?: readonly string[];
  /** Estimate λ only, keeping m (and u) as given. */
  fixM?: boolean;
  maxIterations?: number;
  /** Stop when no m, u or λ moves by more than this. */
  tolerance?: number;
  /** λ among the candidate pairs to start from. */
  initialPairPrior?: number;
  /**
   * How many (query, entry) pairs the candidates were drawn from. λ is then
   * rescaled from "share of candidate pairs that match" to "chance that a
   * random pair matches", which is what scoring needs.
   */
  totalPairs?: number;
  /** Use at most this many candidate pairs, drawn with `seed`. */
  maxPairs?: number;
  seed?: number;
  /** Pseudo-counts pulling u and m towards `initial`, so that levels seen rarely or never stay sane. */
  uPriorCount?: number;
  mPriorCount?: number;
};

export type EstimateDiagnostics = {
  /** Fields whose m this session estimated. */
  estimatedFields: string[];
  iterations: number;
  converged: boolean;
  /** λ among the candidate pairs. */
  pairPrior: number;
  pairs: number;
  /** Log-likelihood of the candidate pairs after each iteration. */
  logLikelihood: number[];
};

export type EstimatedModel = MatchModel & { diagnostics: EstimateDiagnostics };

type Compressed = { vector: [field: number, level: number][]; count: number };

const FLOOR = 1e-12;

export function estimateModel(pairs: readonly ComparisonVector[], opts: EstimateOptions = {}): EstimatedModel {
  const initial = opts.initial ?? DEFAULT_MODEL;
  const fixU = opts.fixU ?? true;
  const blocked = new Set(opts.blockedOn ?? []);
  const maxIterations = opts.maxIterations ?? 200;
  const tolerance = opts.tolerance ?? 1e-6;
  const uPrior = opts.uPriorCount ?? 10;
  const mPrior = opts.mPriorCount ?? 2;

  let sample = pairs;
  if (opts.maxPairs !== undefined && pairs.length > opts.maxPairs) {
    const random = seededRandom(opts.seed ?? 1);
    const copy = [...pairs];
    for (let i = 0; i < opts.maxPairs; i++) {
      const j = i + Math.floor(random() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    sample = copy.slice(0, opts.maxPairs);
  }

  // Index fields and levels: the initial model's, plus any the data shows.
  const fields: string[] = Object.keys(initial.fields);
  const levels: string[][] = fields.map((f) => Object.keys(initial.fields[f]));
  const fieldIndex = new Map(fields.map((f, i) => [f, i]));
  const levelIndex = (f: number, level: string) => {
    let j = levels[f].indexOf(level);
    if (j < 0) j = levels[f].push(level) - 1;
    return j;
  };
  const encode = (v: ComparisonVector): [number, number][] => {
    const out: [number, number][] = [];
    for (const [field, level] of Object.entries(v)) {
      let f = fieldIndex.get(field);
      if (f === undefined) {
        f = fields.push(field) - 1;
        fieldIndex.set(field, f);
        levels.push([]);
      }
      out.push([f, levelIndex(f, level)]);
    }
    return out.sort((a, b) => a[0] - b[0]);
  };
  const compress = (vs: readonly ComparisonVector[]): Compressed[] => {
    const groups = new Map<string, Compressed>();
    for (const v of vs) {
      const vector = encode(v);
      const key = vector.map(([f, l]) => `${f}:${l}`).join(",");
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { vector, count: 1 });
    }
    return [...groups.values()];
  };
  const data = compress(sample);
  const random = opts.randomPairs ? compress(opts.randomPairs) : null;

  const init = (f: number, key: "m" | "u") => levels[f].map((l) => initial.fields[fields[f]]?.[l]?.[key] ?? 0);
  const normalise = (xs: number[]) => {
    const total = xs.reduce((a, b) => a + b, 0);
    return total > 0 ? xs.map((x) => Math.max(FLOOR, x / total)) : xs.map(() => 1 / xs.length);
  };
  const m0 = fields.map((_, f) => normalise(init(f, "m")));
  const u0 = fields.map((_, f) => normalise(init(f, "u")));
  let m = m0.map((x) => [...x]);
  let u = u0.map((x) => [...x]);

  // u from random pairs, smoothed towards the initial u.
  if (random) {
    u = fields.map((_, f) => {
      const counts = levels[f].map(() => 0);
      let n = 0;
      for (const g of random) {
        for (const [gf, gl] of g.vector) {
          if (gf === f) {
            counts[gl] += g.count;
            n += g.count;
          }
        }
      }
      // A level no random pair reached is rarer than 1 in n, but not impossible (unless the initial model says it is rarer still).
      return normalise(counts.map((c, l) => Math.max((c + uPrior * u0[f][l]) / (n + uPrior), Math.min(u0[f][l], 0.5 / (n + uPrior)))));
    });
  }

  let lambda = opts.initialPairPrior ?? 0.1;
  const logLikelihood: number[] = [];
  let converged = false;
  let iterations = 0;
  const total = data.reduce((a, g) => a + g.count, 0);

  for (; iterations < maxIterations && total > 0; ) {
    iterations++;
    const mCounts = fields.map((_, f) => levels[f].map(() => 0));
    const uCounts = fields.map((_, f) => levels[f].map(() => 0));
    let matches = 0;
    let ll = 0;
    for (const g of data) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (const [f, l] of g.vector) {
        if (blocked.has(fields[f])) continue;
        pm *= Math.max(FLOOR, m[f][l]);
        pu *= Math.max(FLOOR, u[f][l]);
      }
      const w = pm / (pm + pu);
      ll += g.count * Math.log(pm + pu);
      matches += w * g.count;
      for (const [f, l] of g.vector) {
        mCounts[f][l] += w * g.count;
        uCounts[f][l] += (1 - w) * g.count;
      }
    }
    logLikelihood.push(ll);
    let change = 0;
    const nextM = m.map((row, f) => {
      if (opts.fixM || blocked.has(fields[f])) return row;
      const n = mCounts[f].reduce((a, b) => a + b, 0);
      return normalise(mCounts[f].map((c, l) => (c + mPrior * m0[f][l]) / (n + mPrior)));
    });
    const nextU = fixU
      ? u
      : u.map((row, f) => {
          if (blocked.has(fields[f])) return row;
          const n = uCounts[f].reduce((a, b) => a + b, 0);
          return normalise(uCounts[f].map((c, l) => (c + mPrior * u0[f][l]) / (n + mPrior)));
        });
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matches / total));
    for (let f = 0; f < fields.length; f++) {
      for (let l = 0; l < levels[f].length; l++) {
        change = Math.max(change, Math.abs(nextM[f][l] - m[f][l]), Math.abs(nextU[f][l] - u[f][l]));
      }
    }
    change = Math.max(change, Math.abs(nextLambda - lambda));
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const pairPrior = lambda;
  const priorMatch = opts.totalPairs && opts.totalPairs > 0 ? Math.min(1 - 1e-9, (pairPrior * pairs.length) / opts.totalPairs) : pairPrior;
  const modelFields: MatchModel["fields"] = {};
  fields.forEach((field, f) => {
    modelFields[field] = Object.fromEntries(levels[f].map((level, l) => [level, { m: m[f][l], u: u[f][l] }]));
  });
  return {
    priorMatch,
    fields: modelFields,
    diagnostics: {
      estimatedFields: opts.fixM ? [] : fields.filter((f) => !blocked.has(f)),
      iterations,
      converged,
      pairPrior,
      pairs: sample.length,
      logLikelihood,
    },
  };
}

/**
 * One model from several sessions (as Splink): each field's m is the mean
 * over the sessions that estimated it; fields no session estimated keep
 * `base`. u and λ are taken from `base`.
 */
export function combineModels(base: MatchModel, sessions: readonly EstimatedModel[]): MatchModel {
  const fields: MatchModel["fields"] = {};
  const names = new Set([...Object.keys(base.fields), ...sessions.flatMap((s) => Object.keys(s.fields))]);
  for (const field of names) {
    const estimating = sessions.filter((s) => s.diagnostics.estimatedFields.includes(field));
    const levels = new Set([...Object.keys(base.fields[field] ?? {}), ...estimating.flatMap((s) => Object.keys(s.fields[field] ?? {}))]);
    fields[field] = {};
    for (const level of levels) {
      const baseLevel = base.fields[field]?.[level];
      const ms = estimating.map((s) => s.fields[field]?.[level]?.m).filter((x): x is number => x !== undefined);
      const m = ms.length > 0 ? ms.reduce((a, b) => a + b, 0) / ms.length : baseLevel?.m ?? 0;
      fields[field][level] = { m, u: baseLevel?.u ?? 0 };
    }
  }
  return { priorMatch: base.priorMatch, fields };
}

export type ArchiveUOptions = {
  /** Random entry pairs compared. Default: 20 per entry, at most 200,000 (about 10 s at 100,000 entries on 2 cores). */
  pairs?: number;
  seed?: number;
  /**
   * How many pairs the model's own u is worth. Each level's u becomes
   * (count + pseudoPairs × model u) / (pairs compared + pseudoPairs): a small
   * archive keeps the defaults, a large one speaks for itself, and a level
   * never seen keeps a little of its default instead of becoming impossible.
   */
  pseudoPairs?: number;
};

/**
 * The levels whose u random pairs measure. A level that only some entries
 * can reach (a married name form, a partial or differently written date, an
 * OCR alternative, a former name) is rare among all pairs because the form
 * is rare, not because agreement is: its u given the form is what scoring
 * needs, so it keeps the model's, except the dates converted from another
 * calendar, whose u follows exact agreement's ({@link FOLLOWS_EXACT_DATE}).
 * Relatives' names share the person's surname, so their levels are not
 * independent of the name's: defaults too. Exact birth-date agreement,
 * dates a day apart and a year slipped across a decade are counted over all
 * pairs, not sampled (see `exactDates`).
 */
export const ARCHIVE_U_LEVELS: Readonly<Record<string, readonly string[]>> = {
  name: ["exact", "canonical-equal", "ocr-confusion", "same-pinyin", "edit-distance-1", "other-surname", "similar"],
  birthDate: ["exact", "one-field-off", "same-year-month"],
  sex: ["agree"],
  birthPlace: ["exact", "contains", "similar"],
  nativePlace: ["exact", "contains", "similar"],
  address: ["exact", "contains", "similar"],
};

/**
 * u from the archive itself, as Splink's `estimate_u_using_random_sampling`:
 * random pairs of entries are nearly all different people, so how often
 * they reach each level is P(level | different people) for this archive's
 * names, dates and places (the defaults guess; a synthetic or a regional
 * archive can differ by orders of magnitude). Only {@link ARCHIVE_U_LEVELS}
 * are estimated; each field's 'different' (or 'disagree') level takes what
 * is left. m and λ are left as given.
 */
export function estimateArchiveU(entries: readonly PreparedRecord[], model: MatchModel, opts: ArchiveUOptions = {}): MatchModel {
  const pairs = opts.pairs ?? Math.min(200_000, 20 * entries.length);
  const k = opts.pseudoPairs ?? 1000;
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const vector of randomPairVectors(entries, entries, pairs, opts.seed ?? 20240611)) {
    for (const [field, level] of Object.entries(vector)) {
      const c = counts.get(field) ?? new Map<string, number>();
      c.set(level, (c.get(level) ?? 0) + 1);
      counts.set(field, c);
      totals.set(field, (totals.get(field) ?? 0) + 1);
    }
  }
  const fields: MatchModel["fields"] = {};
  for (const [field, levels] of Object.entries(model.fields)) {
    const estimated = new Set(ARCHIVE_U_LEVELS[field] ?? []);
    const rest = field === "sex" ? "disagree" : "different";
    if (estimated.size === 0 || !levels[rest]) {
      fields[field] = levels;
      continue;
    }
    const n = totals.get(field) ?? 0;
    const c = counts.get(field);
    const out: Record<string, { m: number; u: number }> = {};
    let taken = 0;
    for (const [level, p] of Object.entries(levels)) {
      if (level === rest) continue;
      const u = estimated.has(level) ? ((c?.get(level) ?? 0) + k * p.u) / (n + k) : p.u;
      out[level] = { m: p.m, u };
      taken += u;
    }
    if (field === "birthDate") taken += exactDates(entries, out, levels, k);
    if (field === "name") taken += samePinyin(entries, out, levels, k) + addedCharacter(entries, out, levels, k);
    out[rest] = { m: levels[rest].m, u: Math.max(1e-9, 1 - taken) };
    fields[field] = out;
  }
  return { ...model, fields };
}

/**
 * Levels that are agreement on the same day through a conversion (an ROC or
 * lunar date against a Gregorian one). Reaching them needs one side written
 * that way, which is as rare among the same person's pairs as among
 * different people's, so the form cancels out of m/u: what is left is how
 * rarely two different people share a birthday, which is exact agreement's
 * u. Their u follows exact's, keeping each level's default ratio to it.
 */
export const FOLLOWS_EXACT_DATE: readonly string[] = ["era-converted", "lunar-converted", "read-as-lunar"];

/** Levels too rare among random pairs to sample, counted over all pairs instead (`exactDates`, `samePinyin`). */
export const COUNTED_U_LEVELS: Readonly<Record<string, readonly string[]>> = { birthDate: ["exact", "day-off-by-one", "year-off-by-one", "day-month-swapped"], name: ["same-pinyin", "added-character"] };

/**
 * Exact birth-date agreement counted over all pairs rather than sampled:
 * Σ c(c−1) / n(n−1) over the archive's full dates, c counting the distinct
 * names born on a day (a person's card and ledger row are one). Two different people
 * share a birthday about once in 30,000 pairs, so 200,000 random pairs see
 * it a handful of times and the sampled u swung by a factor of 5 from one
 * archive size to the next. Births a day apart, a year apart across a
 * decade, and on swapped day and month (3 December / 12 March) are as rare
 * and counted the same way: sampled, the swapped dates were seen once or
 * never, so their u fell to a few times 10⁻⁷ and a swap weighed more than
 * the same day (王东梅 民國58年7月11日 met a stranger born 1969-11-07). Sets `out`'s exact and
 * following levels; returns how much u they add beyond what `out` already
 * counted.
 */
function exactDates(entries: readonly PreparedRecord[], out: Record<string, { m: number; u: number }>, defaults: Record<string, { m: number; u: number }>, k: number): number {
  // A person with a card and a ledger row shares a birthday with themself: one person per date and name.
  const people = new Map<string, Set<string>>();
  for (const e of entries) {
    const g = e.birthDate?.primary.gregorian;
    if (!g || g.month === null || g.day === null) continue;
    const key = `${g.year}-${g.month}-${g.day}`;
    const names = people.get(key) ?? new Set<string>();
    names.add(e.name?.primary.canonical ?? `#${e.id}`);
    people.set(key, names);
  }
  let n = 0;
  let same = 0;
  for (const names of people.values()) {
    n += names.size;
    same += names.size * (names.size - 1);
  }
  if (n < 2 || !out.exact || !defaults.exact) return 0;
  const pairs = n * (n - 1);
  const counted = ["exact", ...FOLLOWS_EXACT_DATE, "day-off-by-one", "year-off-by-one", "day-month-swapped"];
  const sum = () => counted.reduce((total, level) => total + (out[level]?.u ?? 0), 0);
  const before = sum();
  out.exact = { m: out.exact.m, u: (same + k * defaults.exact.u) / (pairs + k) };
  const scale = out.exact.u / defaults.exact.u;
  for (const level of FOLLOWS_EXACT_DATE) if (out[level] && defaults[level]) out[level] = { m: out[level].m, u: defaults[level].u * scale };
  // The same day and month a year apart across a decade (1959 / 1960; other one-year slips are one digit, 'one-field-off').
  if (out["year-off-by-one"] && defaults["year-off-by-one"]) {
    let slipped = 0;
    for (const [key, names] of people) {
      const [y, m, d] = key.split("-").map(Number);
      if (y % 10 === 9) slipped += 2 * names.size * (people.get(`${y + 1}-${m}-${d}`)?.size ?? 0);
    }
    out["year-off-by-one"] = { m: out["year-off-by-one"].m, u: (slipped + k * defaults["year-off-by-one"].u) / (pairs + k) };
  }
  // Born a day apart: each day's people with the next day's, both ways.
  if (out["day-off-by-one"] && defaults["day-off-by-one"]) {
    let apart = 0;
    for (const [key, names] of people) {
      const [y, m, d] = key.split("-").map(Number);
      const next = new Date(Date.UTC(y, m - 1, d + 1));
      apart += 2 * names.size * (people.get(`${next.getUTCFullYear()}-${next.getUTCMonth() + 1}-${next.getUTCDate()}`)?.size ?? 0);
    }
    out["day-off-by-one"] = { m: out["day-off-by-one"].m, u: (apart + k * defaults["day-off-by-one"].u) / (pairs + k) };
  }
  // Born on swapped day and month in one year (3 December / 12 March): each day's people with its mirror's.
  if (out["day-month-swapped"] && defaults["day-month-swapped"]) {
    let swapped = 0;
    for (const [key, names] of people) {
      const [y, m, d] = key.split("-").map(Number);
      if (d !== m && d <= 12) swapped += names.size * (people.get(`${y}-${d}-${m}`)?.size ?? 0);
    }
    out["day-month-swapped"] = { m: out["day-month-swapped"].m, u: (swapped + k * defaults["day-month-swapped"].u) / (pairs + k) };
  }
  return sum() - before;
}

/**
 * Same-sounding names counted over all pairs rather than sampled: pairs of
 * entries whose names have the same toneless pinyin, less those with the
 * same canonical name (Σ over pinyin of c(c−1), less Σ over names). Two
 * random people's names are homophones a few times in a million pairs, too
 * rare for 200,000 sampled pairs to measure (the sampled u differed 6-fold
 * between two archives drawn alike). Sets `out`'s same-pinyin level; returns
 * how much u it adds beyond what `out` counted.
 */
function samePinyin(entries: readonly PreparedRecord[], out: Record<string, { m: number; u: number }>, defaults: Record<string, { m: number; u: number }>, k: number): number {
  const level = "same-pinyin";
  if (!out[level] || !defaults[level]) return 0;
  const bySound = new Map<string, Map<string, number>>();
  let n = 0;
  for (const e of entries) {
    const name = e.name?.primary;
    if (!name || name.pinyin === "") continue;
    const names = bySound.get(name.pinyin) ?? new Map<string, number>();
    names.set(name.canonical, (names.get(name.canonical) ?? 0) + 1);
    bySound.set(name.pinyin, names);
    n++;
  }
  if (n < 2) return 0;
  let homophones = 0;
  for (const names of bySound.values()) {
    let total = 0;
    for (const c of names.values()) {
      total += c;
      homophones -= c * (c - 1);
    }
    homophones += total * (total - 1);
  }
  const before = out[level].u;
  out[level] = { m: out[level].m, u: (homophones + k * defaults[level].u) / (n * (n - 1) + k) };
  return out[level].u - before;
}

/**
 * Names one added character apart, the longer of four or more characters
 * (姚贞花 / 姚贞人花), counted over all pairs: each such name's readings
 * with one character left out, against how many entries bear that name.
 * Few names have four characters, so random pairs almost never stand so and
 * 200,000 sampled pairs would see none. Sets `out`'s added-character level;
 * returns how much u it adds beyond what `out` counted.
 */
function addedCharacter(entries: readonly PreparedRecord[], out: Record<string, { m: number; u: number }>, defaults: Record<string, { m: number; u: number }>, k: number): number {
  const level = "added-character";
  if (!out[level] || !defaults[level]) return 0;
  const byName = new Map<string, number>();
  let n = 0;
  for (const e of entries) {
    const name = e.name?.primary.canonical;
    if (!name) continue;
    byName.set(name, (byName.get(name) ?? 0) + 1);
    n++;
  }
  if (n < 2) return 0;
  let pairs = 0;
  for (const [name, count] of byName) {
    const chars = Array.from(name);
    if (chars.length < 4) continue;
    const shorter = new Set(chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join("")));
    for (const s of shorter) pairs += 2 * count * (byName.get(s) ?? 0);
  }
  const before = out[level].u;
  out[level] = { m: out[level].m, u: (pairs + k * defaults[level].u) / (n * (n - 1) + k) };
  return out[level].u - before;
}
