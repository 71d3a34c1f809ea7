/**
 * Term frequencies of surnames and given names, read from the archive itself
 * (as Splink does), so that a shared rare surname weighs more than a shared
 * 陈 or 王. Two kinds of noise are handled: a person with several entries is
 * counted once (entries sharing an ID number, or a name and full birth date,
 * are one person), and OCR misreadings of a frequent term (王 read as 玉) are
 * counted with that term rather than as a rare term of their own.
 */
import { foldLookAlikes, lookAlikePeers } from "./chars";
import type { TfTerm } from "./fields";
import type { PreparedEntry, PreparedName } from "./types";

export type TermFrequencies = {
  /** Distinct persons counted. */
  persons: number;
  /** Cluster root → distinct persons. */
  surnames: Record<string, number>;
  given: Record<string, number>;
  /** A look-alike variant → the root it was counted under. */
  surnameRoots: Record<string, string>;
  givenRoots: Record<string, string>;
  /** Σ f² over surnames and over given names: how often two random persons share one. */
  surnameCollision: number;
  givenCollision: number;
  /** The smallest u a term-frequency adjustment may give. */
  minimumU: number;
  /** A variant is counted under a look-alike term this many times more frequent. */
  clusterRatio: number;
  /**
   * Given names by birth year (root → year → persons) and persons by birth
   * year, for a given name's frequency among people born about when the
   * compared people were (see {@link givenNameFrequency}).
   */
  givenByYear: Record<string, Record<number, number>>;
  personsByYear: Record<number, number>;
  /**
   * Persons by the toneless pinyin of their name, and by the name itself
   * (canonical): how many people's names sound like a name without being it
   * (see {@link homophoneU}).
   */
  sounds: Record<string, number>;
  names: Record<string, number>;
  /** Persons with a birth year, and Σ f² over their years: how often two of them were born in the same year. */
  personsWithYear: number;
  yearCollision: number;
  /**
   * How many persons the model's own u is worth: an adjusted u is the blend
   * (persons × archive u + priorPersons × model u) / (persons + priorPersons),
   * so a small archive's few counts do not swing weights (in an archive of 20
   * persons every name looks common), and a large one's counts decide.
   */
  priorPersons: number;
};

export type TermFrequencyOptions = { clusterRatio?: number; minimumU?: number; priorPersons?: number };

/** Union-find over entry indices. */
function personsOf(entries: readonly PreparedEntry[]): number[][] {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map<string, number>();
  entries.forEach((e, i) => {
    const keys: string[] = [];
    const id = e.idNumber?.primary;
    if (id?.valid) keys.push(`id:${id.normalized}`);
    const birth = id?.birth ?? dayOf(e);
    if (birth && e.name) keys.push(`nd:${personNameKey(e.name.primary)}|${birth}`);
    for (const k of keys) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  entries.forEach((_, i) => {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(i);
    groups.set(root, list);
  });
  return [...groups.values()];
}

function dayOf(e: PreparedEntry): string | null {
  const g = e.birthDate?.primary.gregorian;
  if (!g || g.month === null || g.day === null) return null;
  return `${g.year}${String(g.month).padStart(2, "0")}${String(g.day).padStart(2, "0")}`;
}

/** A married woman's entries (陈林氏, 林秀英) share her own surname; OCR variants fold together. */
function personNameKey(n: PreparedName): string {
  if (n.married && !n.married.possible) return foldLookAlikes(`${n.married.own}氏`);
  return foldLookAlikes(n.canonical);
}

function ownSurname(n: PreparedName): string {
  if (n.married && !n.married.possible) return n.married.own;
  return n.surname;
}

function mode(values: string[]): string | null {
  if (values.length === 0) return null;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/** Strings one look-alike substitution away. */
function lookAlikeNeighbours(term: string): string[] {
  const chars = Array.from(term);
  const out: string[] = [];
  chars.forEach((ch, i) => {
    for (const peer of lookAlikePeers(ch)) out.push([...chars.slice(0, i), peer, ...chars.slice(i + 1)].join(""));
  });
  return out;
}

/** Directional clustering: from the most frequent term down, a term joins a look-alike neighbour `ratio` times more frequent. */
function cluster(counts: Map<string, number>, ratio: number): { roots: Record<string, string>; totals: Record<string, number> } {
  const roots: Record<string, string> = {};
  const totals: Record<string, number> = {};
  const order = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [term, count] of order) {
    let best: string | null = null;
    let bestCount = 0;
    for (const n of lookAlikeNeighbours(term)) {
      const c = counts.get(n) ?? 0;
      if (c >= ratio * count && c > bestCount) {
        best = n;
        bestCount = c;
      }
    }
    const root = best === null ? term : roots[best] ?? best;
    if (root !== term) roots[term] = root;
    totals[root] = (totals[root] ?? 0) + count;
  }
  return { roots, totals };
}

function collision(totals: Record<string, number>, persons: number): number {
  if (persons === 0) return 0;
  let sum = 0;
  for (const c of Object.values(totals)) sum += (c / persons) ** 2;
  return sum;
}

export function termFrequencies(entries: readonly PreparedEntry[], opts: TermFrequencyOptions = {}): TermFrequencies {
  const clusterRatio = opts.clusterRatio ?? 20;
  const surnameCounts = new Map<string, number>();
  const givenCounts = new Map<string, number>();
  const groups = personsOf(entries);
  const givenYears: [given: string, year: number][] = [];
  const personsByYear: Record<number, number> = {};
  const sounds: Record<string, number> = {};
  const fullNames: Record<string, number> = {};
  for (const group of groups) {
    const names = group.flatMap((i) => (entries[i].name ? [entries[i].name!.primary] : []));
    const canonical = mode(names.map((n) => n.canonical));
    const named = canonical === null ? undefined : names.find((n) => n.canonical === canonical);
    if (named && named.pinyin !== "") {
      fullNames[named.canonical] = (Object.hasOwn(fullNames, named.canonical) ? fullNames[named.canonical] : 0) + 1;
      sounds[named.pinyin] = (Object.hasOwn(sounds, named.pinyin) ? sounds[named.pinyin] : 0) + 1;
    }
    const surname = mode(names.map(ownSurname).filter((s) => s !== ""));
    const given = mode(names.map((n) => n.given).filter((g) => g !== ""));
    if (surname !== null) surnameCounts.set(surname, (surnameCounts.get(surname) ?? 0) + 1);
    if (given !== null) givenCounts.set(given, (givenCounts.get(given) ?? 0) + 1);
    const year = mode(group.map((i) => birthYearOf(entries[i])).filter((y) => y !== null).map(String));
    if (year !== null) {
      personsByYear[Number(year)] = (personsByYear[Number(year)] ?? 0) + 1;
      if (given !== null) givenYears.push([given, Number(year)]);
    }
  }
  const s = cluster(surnameCounts, clusterRatio);
  const g = cluster(givenCounts, clusterRatio);
  const givenByYear: Record<string, Record<number, number>> = {};
  for (const [given, year] of givenYears) {
    const root = g.roots[given] ?? given;
    const years = (givenByYear[root] ??= {});
    years[year] = (years[year] ?? 0) + 1;
  }
  const persons = groups.length;
  const personsWithYear = Object.values(personsByYear).reduce((a, b) => a + b, 0);
  return {
    persons,
    surnames: s.totals,
    given: g.totals,
    surnameRoots: s.roots,
    givenRoots: g.roots,
    surnameCollision: collision(s.totals, persons),
    givenCollision: collision(g.totals, persons),
    minimumU: opts.minimumU ?? 1e-6,
    clusterRatio,
    priorPersons: opts.priorPersons ?? 1000,
    givenByYear,
    personsByYear,
    sounds,
    names: fullNames,
    personsWithYear,
    yearCollision: collision(personsByYear, personsWithYear),
  };
}

/** A record's birth year: its date field's, else its ID number's. */
export function birthYearOf(r: Pick<PreparedEntry, "birthDate" | "idNumber">): number | null {
  // A date with an unread digit has several years, none preferred.
  const written = r.birthDate && !r.birthDate.digitUnread ? r.birthDate.primary.gregorian?.year : undefined;
  const year = written ?? (r.idNumber?.primary.birth ? Number(r.idNumber.primary.birth.slice(0, 4)) : null);
  return typeof year === "number" && Number.isFinite(year) ? year : null;
}

function countOf(totals: Record<string, number>, roots: Record<string, string>, term: string, ratio: number): number {
  const root = roots[term] ?? term;
  const direct = Object.hasOwn(totals, root) ? totals[root] : undefined;
  if (direct !== undefined) return direct;
  // Unseen: probably a misreading of a frequent look-alike, if there is one.
  let best = 0;
  for (const n of lookAlikeNeighbours(term)) {
    const r = roots[n] ?? n;
    const c = Object.hasOwn(totals, r) ? totals[r] : 0;
    if (c >= ratio && c > best) best = c;
  }
  return best;
}

/** The share of persons with this surname (smoothed: never 0). */
export function surnameFrequency(tf: TermFrequencies, surname: string): number {
  return (countOf(tf.surnames, tf.surnameRoots, surname, tf.clusterRatio) + 0.5) / (tf.persons + 1);
}

/** Years either side of a birth year that make up its cohort. */
export const COHORT_YEARS = 5;
/** How many persons the archive-wide frequency is worth against a cohort's own count. */
const COHORT_PRIOR_PERSONS = 200;

/**
 * The share of persons with this given name. With `year`, the share among
 * persons born within {@link COHORT_YEARS} of it: given names follow
 * fashions (建国 and 援朝 in the early 1950s, 红 and 卫东 in the late
 * 1960s, single characters from the 1980s), so two people born about the
 * same time share one far more often than two people at random. Where the
 * birth dates agree, the names' chance agreement is the cohort's, or the
 * date and the name would count the same coincidence twice. A small cohort
 * is shrunk toward the archive-wide share by 200 pseudo-persons.
 */
export function givenNameFrequency(tf: TermFrequencies, given: string, year?: number | null): number {
  const overall = (countOf(tf.given, tf.givenRoots, given, tf.clusterRatio) + 0.5) / (tf.persons + 1);
  if (year == null) return overall;
  const root = tf.givenRoots[given] ?? given;
  // A name never counted under its own root (an unseen misreading) keeps the archive-wide estimate.
  const byYear = Object.hasOwn(tf.givenByYear, root) ? tf.givenByYear[root] : undefined;
  if (!byYear && !Object.hasOwn(tf.given, root)) return overall;
  let count = 0;
  let persons = 0;
  for (let y = year - COHORT_YEARS; y <= year + COHORT_YEARS; y++) {
    count += byYear?.[y] ?? 0;
    persons += tf.personsByYear[y] ?? 0;
  }
  return (count + COHORT_PRIOR_PERSONS * overall) / (persons + COHORT_PRIOR_PERSONS);
}

/**
 * u for a birth-date level whose two dates fall in or about `year`: the
 * model's u scaled by how much more or less crowded that birth year is than
 * the year two random persons share on average, as Splink adjusts a date of
 * birth by its frequency. Two people born the same day in 1903, when few in
 * the archive were born, are rarer by chance than two born the same day in
 * 1965. Shrunk toward the model's u by `priorPersons`, like a name's.
 */
export function yearAdjustedU(tf: TermFrequencies, u: number, year: number): number {
  const counts = tf.personsByYear;
  const total = tf.personsWithYear;
  if (!(total > 0) || !(tf.yearCollision > 0)) return u;
  const share = ((Object.hasOwn(counts, year) ? counts[year] : 0) + 0.5) / (total + 1);
  const adjusted = (u * share) / tf.yearCollision;
  const prior = tf.priorPersons ?? 0;
  const blended = prior > 0 ? (total * adjusted + prior * u) / (total + prior) : adjusted;
  return Math.min(1, Math.max(tf.minimumU, blended));
}

/**
 * u for a term-frequency-adjusted level. For exact and canonical agreement u
 * is the name's own frequency (surname × given name, as if independent), as
 * in Splink. For the married levels, and for names one character apart
 * (the part they share), the model's u is scaled by how much rarer or
 * commoner this surname or given name is than the average agreeing one. For
 * names that sound alike, u is {@link homophoneShare}. Any of these is
 * then shrunk toward the model's u by `priorPersons`. `cohortYear`, for a
 * person's own names when both people were born within a few years of it,
 * counts the given name among that cohort.
 */
export function termAdjustedU(tf: TermFrequencies, u: number, term: TfTerm, cohortYear?: number | null): number {
  if (term.kind === "homophone" && !term.sound) return u;
  const fs = term.surnames.reduce((p, s) => p * surnameFrequency(tf, s), 1);
  // Within a cohort, two people share a given name cg_c / cg times as often as at random, and this one
  // is fg_c / cg_c times the cohort's average: the level's u scales by fg_c / cg, the cohort's share
  // over the archive-wide collision, for every kind alike.
  const fg = term.given === "" ? 1 : givenNameFrequency(tf, term.given, cohortYear);
  let adjusted: number;
  if (term.sound) {
    adjusted = homophoneShare(tf, term.sound);
  } else if (term.kind === "full") {
    if (term.surnames.length === 0 && term.given === "") return u;
    adjusted = fs * fg;
  } else {
    // Each surname agreed on is one chance agreement: a married form's own and husband's surnames two.
    const cs = term.surnames.length === 0 ? 1 : tf.surnameCollision > 0 ? tf.surnameCollision ** term.surnames.length : fs;
    const cg = term.given === "" ? 1 : tf.givenCollision > 0 ? tf.givenCollision : fg;
    adjusted = (u * fs * fg) / (cs * cg);
  }
  const prior = tf.priorPersons ?? 0;
  if (prior > 0) adjusted = (tf.persons * adjusted + prior * u) / (tf.persons + prior);
  return Math.min(1, Math.max(tf.minimumU, adjusted));
}

/**
 * For two names that sound alike (王德符 / 王德福): the share of persons whose
 * name sounds like one of them without being it, for the commoner of the
 * two, as exact agreement's u is the name's own share. Where thirty people
 * are called 王德福, a 王德符 asked for sounds like thirty strangers; 韦海燕
 * against a lone 魏海燕 like one. {@link termAdjustedU} shrinks it toward the
 * model's u, as it does a name's frequency.
 */
export function homophoneShare(tf: TermFrequencies, sound: { pinyin: string; names: [string, string] }): number {
  const alike = Object.hasOwn(tf.sounds, sound.pinyin) ? tf.sounds[sound.pinyin] : 0;
  const own = (name: string) => (Object.hasOwn(tf.names, name) ? tf.names[name] : 0);
  return Math.max(...sound.names.map((n) => Math.max(0, alike - own(n)))) / Math.max(1, tf.persons);
}
