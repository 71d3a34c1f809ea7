/**
 * Per-field comparisons: which level a pair of prepared values reaches.
 * Levels are assigned in a fixed order (the order of the level lists in
 * model.ts), so a comparison vector never depends on the model, which is what
 * EM needs. All comparisons are symmetric.
 */
import { compareDates, type PartialYmd } from "~/core/normalize";
import { LOOK_ALIKE_COST } from "~/core/normalize";
import { charCount, lookAlikePeers, nameDistance } from "./chars";
import {
  DATE_LEVELS,
  ID_LEVELS,
  NAME_LEVELS,
  type DateLevel,
  type FormerNameLevel,
  type IdLevel,
  type NameLevel,
  type PlaceLevel,
} from "./model";
import { comparePlace } from "./places";
import type {
  PreparedDate,
  PreparedDateField,
  PreparedId,
  PreparedIdField,
  PreparedName,
  PreparedNameField,
  PreparedPlaceField,
  PreparedSex,
} from "./types";

/** The name whose frequency sets u for a term-frequency-adjusted level. */
export type TfTerm = {
  kind: "full" | "married-name" | "married-form" | "shared-part" | "homophone";
  surnames: string[];
  given: string;
  /** For 'homophone': the sound both names share and the two names as written (canonical). */
  sound?: { pinyin: string; names: [string, string] };
};

export type FieldOutcome = {
  level: string;
  detail?: string;
  values?: [string, string];
  term?: TfTerm;
  /**
   * For a near-agreement (a homophone, a misread character): the two names
   * as full terms. Such a level never weighs more than exact agreement on
   * the commoner of the two would, or 王玮 against 王伟 would outweigh 王伟
   * against 王伟 wherever the name is common.
   */
  capTerms?: [TfTerm, TfTerm];
  /** Product of both sides' reliabilities. */
  reliability: number;
  /**
   * Another outcome the pair may be read as, with its share: the likelihood
   * ratio is (1 - share) × this level's plus share × that one's (a query's
   * typed birth date against the date in its own ID number).
   */
  mixture?: { outcome: FieldOutcome; share: number };
  /** A surname both sides are known to share already (a father's, borne by both people): u is taken given it. */
  surnameGiven?: string;
  /** For dates: the Gregorian years of the two dates compared (either may be another reading OCR offered). */
  years?: number[];
};

const nameRank = new Map<string, number>(NAME_LEVELS.map((l, i) => [l, i]));
const dateRank = new Map<string, number>(DATE_LEVELS.map((l, i) => [l, i]));
const idRank = new Map<string, number>(ID_LEVELS.map((l, i) => [l, i]));

/** `trust` scales the level's reliability (a level reached through a likely misreading). */
type NameVerdict = { level: NameLevel; term?: TfTerm; detail?: string; trust?: number };

function fullTerm(x: PreparedName): TfTerm {
  if (x.married && !x.married.possible) return { kind: "full", surnames: [x.married.own, x.married.husband], given: "" };
  return { kind: "full", surnames: x.surname === "" ? [] : [x.surname], given: x.given };
}

function isPlainName(x: PreparedName): boolean {
  return !x.surnameOnly && !(x.married && !x.married.possible);
}

/** x is a married or surname-only form; does y agree with it? */
function marriedVerdict(x: PreparedName, y: PreparedName): NameVerdict | null {
  const m = x.married;
  if (m && !m.possible) {
    if (y.married?.possible && y.surname === m.husband && y.married.own === m.own) {
      return { level: "married-form-equal", term: { kind: "married-form", surnames: [m.own], given: "" }, detail: "married-both" };
    }
    if ((isPlainName(y) && y.given !== "" && y.surname === m.own) || (y.surnameOnly && y.surname === m.own)) {
      return { level: "married-form-equal", term: { kind: "married-form", surnames: [m.own], given: "" }, detail: "married-surname" };
    }
    // Her own surname is one character with nothing around it to correct a misreading: 阮閆氏, read
    // 阮閭氏, against 閆婉淑. A look-alike own surname counts, trusted as one character misread.
    if (isPlainName(y) && y.given !== "" && lookAlikePeers(m.own).has(y.surname)) {
      return { level: "married-form-equal", term: { kind: "married-form", surnames: [y.surname], given: "" }, detail: "married-surname-look-alike", trust: LOOK_ALIKE_SURNAME_TRUST };
    }
    return null;
  }
  if (m?.possible && isPlainName(y) && !y.married?.possible && y.canonical === m.ownName) {
    return { level: "married-name-equal", term: { kind: "married-name", surnames: [m.own], given: y.given }, detail: "husband-surname-added" };
  }
  if (x.surnameOnly) {
    if (isPlainName(y) && y.given !== "" && y.surname === x.surname) {
      return { level: "married-form-equal", term: { kind: "married-form", surnames: [x.surname], given: "" }, detail: "surname-only" };
    }
    if (y.married && !y.married.possible && y.married.own === x.surname) {
      return { level: "married-form-equal", term: { kind: "married-form", surnames: [x.surname], given: "" }, detail: "surname-only" };
    }
  }
  return null;
}

/**
 * How far a married form's own surname that is only a look-alike of the
 * other name's is trusted. A plain name one look-alike character apart
 * (ocr-confusion) is a fifth as likely among matches as exact agreement,
 * for a misreading anywhere in its two or three characters; here it must
 * be the one character: about a fifteenth. No engine offered the other
 * character, as for an OCR alternative (trusted by half).
 */
export const LOOK_ALIKE_SURNAME_TRUST = 0.07;

/** Cost of a same-sounding character in {@link similarNames}: cheaper than any other character, dearer than a look-alike. */
const SAME_SOUND_COST = 0.5;

/**
 * Names of three or more characters whose differences cost at most 1.5:
 * a look-alike {@link LOOK_ALIKE_COST}, a character with the same
 * (toneless) pinyin {@link SAME_SOUND_COST}, any other character or one
 * added or dropped 1; the surname (first character) the same or a
 * look-alike, and at least one character the same. This is 马奋淑 against
 * a scan read as 马芬涉 (a homophone typed by the resident and a misread
 * character), or 户群蓝 against 户有群兰 (a homophone, and a character the
 * OCR added where it split 群 in two).
 */
export function similarNames(x: PreparedName, y: PreparedName): boolean {
  const a = Array.from(x.canonical);
  const b = Array.from(y.canonical);
  if (Math.min(a.length, b.length) < 3 || Math.abs(a.length - b.length) > 1) return false;
  // The surname (first character) must agree or look alike: 梁書芬 and 刘淑芬 are other families.
  if (a[0] !== b[0] && !lookAlikePeers(a[0]).has(b[0])) return false;
  const sa = x.pinyin.split(" ");
  const sb = y.pinyin.split(" ");
  const sounds = sa.length === a.length && sb.length === b.length;
  const pairCost = (i: number, j: number) =>
    a[i] === b[j] ? 0 : lookAlikePeers(a[i]).has(b[j]) ? LOOK_ALIKE_COST : sounds && sa[i] !== "" && sa[i] === sb[j] ? SAME_SOUND_COST : 1;
  if (a.length === b.length) {
    let cost = 0;
    let equal = 0;
    for (let i = 0; i < a.length; i++) {
      const c = pairCost(i, i);
      if (c === 0) equal++;
      cost += c;
      if (cost > 1.5) return false;
    }
    return equal >= 1;
  }
  // One added or dropped character (cost 1) leaves at most 0.5 for the rest: two of three or more characters are the same.
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.some((_, gap) => {
    let cost = 1;
    for (let k = 0; k < short.length && cost <= 1.5; k++) {
      const i = k < gap ? k : k + 1;
      cost += long === a ? pairCost(i, k) : pairCost(k, i);
    }
    return cost <= 1.5;
  });
}

/**
 * What two names one edit apart share, as a term-frequency term: the given
 * name when only the surname differs (孙跃进 and 孔跃进 share 跃进, which
 * thousands of people of that generation were given, so the agreement is
 * weak), the surname when it is the given name that differs. Nothing when
 * the edit is an added or dropped character.
 */
function sharedPartTerm(x: PreparedName, y: PreparedName): { term?: TfTerm } {
  if (x.surname === "" || y.surname === "" || charCount(x.canonical) !== charCount(y.canonical)) return {};
  if (x.surname !== y.surname && x.given === y.given && x.given !== "") return { term: { kind: "shared-part", surnames: [], given: x.given } };
  if (x.surname === y.surname && x.given !== y.given) return { term: { kind: "shared-part", surnames: [x.surname], given: "" } };
  return {};
}

/**
 * The level two single name readings reach (symmetric). `womensForms` false
 * (one of the two is a man) leaves out the married forms: 和牛慶雲 is then a
 * man's name with a stray character read before it, not 牛慶雲 with a
 * husband's surname in front.
 */
export function nameLevel(x: PreparedName, y: PreparedName, womensForms = true): NameVerdict {
  if (x.written === y.written) return { level: "exact", term: fullTerm(x) };
  if (x.canonical === y.canonical) return { level: "canonical-equal", term: fullTerm(x) };
  const married = womensForms ? (marriedVerdict(x, y) ?? marriedVerdict(y, x)) : null;
  if (married) return married;
  // A married form (李于氏) and a woman's own name (李玉兰) agree only as married forms do: 于氏 is
  // not a given name, so a misread character or a homophone between them means nothing.
  if (isPlainName(x) !== isPlainName(y)) return { level: "different" };
  // Two married forms one character apart name another husband (吕王氏 / 曾王氏) or another woman
  // (刘张氏 / 刘姜氏), unless the character is a look-alike or a homophone (below).
  const bothMarried = !isPlainName(x) && !isPlainName(y);
  const lx = charCount(x.canonical);
  const ly = charCount(y.canonical);
  // Names differing in length by more than one character are more than one edit apart.
  if (Math.abs(lx - ly) > 1) return { level: "different" };
  const d = nameDistance(x.canonical, y.canonical);
  if (d.ocr <= 1 && d.ocr < d.plain) return { level: "ocr-confusion" };
  if (x.pinyin !== "" && x.pinyin === y.pinyin && lx === ly) {
    return { level: "same-pinyin", term: { kind: "homophone", surnames: [], given: "", sound: { pinyin: x.pinyin, names: [x.canonical, y.canonical] } } };
  }
  if (bothMarried) return { level: "different" };
  if (d.plain === 1) {
    const longest = Math.max(lx, ly);
    // A character added to a name of three or more (姚贞花 / 姚贞人花): few people's names have four.
    if (lx !== ly && longest >= 4) return { level: "added-character" };
    const shared = sharedPartTerm(x, y);
    if (shared.term?.given) return { level: "other-surname", ...shared };
    // In two-character names one edit leaves only the surname in common.
    if (longest >= 3) return { level: "edit-distance-1", ...shared };
  }
  if (similarNames(x, y)) return { level: "similar" };
  return { level: "different" };
}

/** Levels at which names are alike but not equal: never weighed above exact agreement on either name (`capTerms`). */
const NEAR_NAME: ReadonlySet<string> = new Set(["alternative", "ocr-confusion", "same-pinyin", "added-character", "edit-distance-1", "other-surname", "similar"]);

/**
 * How far a level reached through an OCR alternative is trusted: its m is
 * mixed half-way toward u (about a bit less than the level read outright),
 * as the engine itself ranked that reading second.
 */
export const ALTERNATIVE_RELIABILITY = 0.5;

/**
 * The best level an OCR alternative on either side reaches against the
 * other's primary reading, where it beats the primaries' own level: 阮閭氏,
 * with 閻 offered for 閭, is the married form of 閻婉淑. Chosen the same way
 * from either side (best level, then the smaller pair of names).
 */
function nearestAlternative(a: PreparedNameField, b: PreparedNameField, level: string, womensForms: boolean): { verdict: NameVerdict; values: [string, string] } | null {
  let bestRank = nameRank.get(level)!;
  let best: { verdict: NameVerdict; values: [string, string]; key: string } | null = null;
  const pairs: [PreparedName, PreparedName][] = [...b.alternatives.map((x): [PreparedName, PreparedName] => [a.primary, x]), ...a.alternatives.map((x): [PreparedName, PreparedName] => [x, b.primary])];
  for (const [x, y] of pairs) {
    const verdict = nameLevel(x, y, womensForms);
    const rank = nameRank.get(verdict.level)!;
    const key = [x.canonical, y.canonical].sort().join("|");
    if (rank < bestRank || (best && rank === bestRank && key < best.key)) {
      bestRank = rank;
      best = { verdict, values: [x.written, y.written], key };
    }
  }
  return best && { verdict: best.verdict, values: best.values };
}

/** Names with OCR alternatives on either side: the primary readings, or an alternative equal to the other's primary, or near it. */
export function compareNameFields(a: PreparedNameField, b: PreparedNameField, womensForms = true): FieldOutcome {
  const reliability = a.reliability * b.reliability;
  const v = nameLevel(a.primary, b.primary, womensForms);
  const values: [string, string] = [a.primary.written, b.primary.written];
  const capTerms: [TfTerm, TfTerm] = [fullTerm(a.primary), fullTerm(b.primary)];
  if (nameRank.get(v.level)! < nameRank.get("alternative")!) {
    // Reached only through a look-alike: a reading the engine offered itself may reach as far with more trust.
    if (v.trust !== undefined) {
      const near = nearestAlternative(a, b, NAME_LEVELS[nameRank.get(v.level)! + 1], womensForms);
      if (near && ALTERNATIVE_RELIABILITY * (near.verdict.trust ?? 1) > v.trust) return { ...outcome(near.verdict, near.values, reliability * ALTERNATIVE_RELIABILITY), detail: "ocr-alternative" };
    }
    return outcome(v, values, reliability);
  }
  const alt =
    b.alternatives.find((x) => x.canonical === a.primary.canonical) ??
    a.alternatives.find((x) => x.canonical === b.primary.canonical);
  // Weighed by how common the name agreed on is, relative to the average agreeing name (a plain name's: a married form's two surnames are no name).
  if (alt) return { level: "alternative", detail: "ocr-alternative", values: [a.primary.written, alt.written], reliability, capTerms, ...(isPlainName(alt) ? { term: { ...fullTerm(alt), kind: "shared-part" as const } } : {}) };
  const near = nearestAlternative(a, b, v.level, womensForms);
  if (near) return { ...outcome(near.verdict, near.values, reliability * ALTERNATIVE_RELIABILITY), detail: "ocr-alternative", ...(NEAR_NAME.has(near.verdict.level) ? { capTerms } : {}) };
  return { ...outcome(v, values, reliability), ...(NEAR_NAME.has(v.level) ? { capTerms } : {}) };
}

function outcome({ trust, ...v }: NameVerdict, values: [string, string], reliability: number): FieldOutcome {
  return { ...v, values, reliability: reliability * (trust ?? 1) };
}

/** A former name's agreement is weighed, as a name's, by how common the name agreed on is. */
export type FormerOutcome = { level: FormerNameLevel; values: [string, string]; term?: TfTerm } | null;

const STRONG_NAME: ReadonlySet<string> = new Set(["exact", "canonical-equal", "married-name-equal"]);
const WEAK_NAME: ReadonlySet<string> = new Set(["married-form-equal", "ocr-confusion", "same-pinyin", "edit-distance-1", "other-surname"]);

/** One side's name against the other's former names (both ways), then former names against each other. */
export function compareFormerNames(
  aName: PreparedName | undefined,
  aFormer: readonly PreparedName[],
  bName: PreparedName | undefined,
  bFormer: readonly PreparedName[],
): FormerOutcome {
  let weak: { values: [string, string]; term?: TfTerm; key: string } | null = null;
  const cross: [PreparedName, PreparedName][] = [
    ...(aName ? bFormer.map((f): [PreparedName, PreparedName] => [aName, f]) : []),
    ...(bName ? aFormer.map((f): [PreparedName, PreparedName] => [f, bName]) : []),
  ];
  // Where several names agree, one is chosen the same way from either side (its term sets the weight).
  let strong: { x: PreparedName; y: PreparedName; term?: TfTerm; key: string } | null = null;
  const consider = (x: PreparedName, y: PreparedName, term: TfTerm | undefined) => {
    const key = [x.canonical, y.canonical].sort().join("|");
    if (!strong || key < strong.key) strong = { x, y, term, key };
  };
  const found = (level: "name-is-former" | "former-equal"): FormerOutcome => {
    const { x, y, term } = strong!;
    return { level, values: [x.written, y.written], ...(term ? { term } : {}) };
  };
  for (const [x, y] of cross) {
    const { level, term } = nameLevel(x, y);
    if (STRONG_NAME.has(level)) consider(x, y, term);
    // One misread character counts only between names of three or more characters of equal length (段奎瑞, 段硅瑞), not 陳梅 in 陈华梅.
    // The same given name under another surname (禁民友 read for 葉民友, or a surname changed) likewise, and it
    // weighs by how common that given name is.
    const close = WEAK_NAME.has(level) && ((level !== "edit-distance-1" && level !== "other-surname") || (charCount(x.canonical) >= 3 && charCount(x.canonical) === charCount(y.canonical)));
    if (close) {
      // Chosen the same way from either side, as the strong ones are.
      const key = [x.canonical, y.canonical].sort().join("|");
      if (!weak || key < weak.key) weak = { values: [x.written, y.written], ...(level === "other-surname" && term ? { term } : {}), key };
    }
  }
  if (strong) return found("name-is-former");
  for (const x of aFormer) {
    for (const y of bFormer) {
      const { level, term } = nameLevel(x, y);
      if (STRONG_NAME.has(level)) consider(x, y, term);
    }
  }
  if (strong) return found("former-equal");
  if (weak) return { level: "name-like-former", values: weak.values, ...(weak.term ? { term: weak.term } : {}) };
  if (aFormer.length > 0 && bFormer.length > 0) return { level: "different", values: [aFormer[0].written, bFormer[0].written] };
  return null;
}

/**
 * {@link compareFormerNames} on the names as read, or else where another
 * reading OCR offered for either name is the other side's former name
 * (苏弯 read with 苏鸾 offered second, queried with 苏鸾 as her former name):
 * then `alternative` is set and the agreement is trusted at
 * {@link ALTERNATIVE_RELIABILITY}, as a name met through an alternative is.
 */
export function compareFormerNameFields(
  a: PreparedNameField | undefined,
  aFormer: readonly PreparedName[],
  b: PreparedNameField | undefined,
  bFormer: readonly PreparedName[],
): (FormerOutcome & { alternative?: true }) | null {
  const read = compareFormerNames(a?.primary, aFormer, b?.primary, bFormer);
  if (read && (read.level === "name-is-former" || read.level === "former-equal")) return read;
  const viaAlternative = [
    ...(a && bFormer.length > 0 ? a.alternatives.map((x) => compareFormerNames(x, [], b?.primary, bFormer)) : []),
    ...(b && aFormer.length > 0 ? b.alternatives.map((y) => compareFormerNames(a?.primary, aFormer, y, [])) : []),
  ].find((o) => o?.level === "name-is-former");
  return viaAlternative ? { ...viaAlternative, alternative: true } : read;
}

export function sameYmd(a: PartialYmd | null | undefined, b: PartialYmd | null | undefined): boolean {
  return !!a && !!b && a.day !== null && b.day !== null && a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Two full dates one day apart, across a month's or a year's end too. */
export function oneDayApart(a: PartialYmd | null | undefined, b: PartialYmd | null | undefined): boolean {
  if (!a || !b || a.month === null || b.month === null || a.day === null || b.day === null) return false;
  return Math.abs(Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) === 86_400_000;
}

/** The level two single dates reach (symmetric). */
export function dateLevel(x: PreparedDate, y: PreparedDate): { level: DateLevel; detail?: string } {
  const lunar = x.calendar === "lunar" || y.calendar === "lunar";
  let level: DateLevel;
  switch (compareDates(x, y)) {
    case "exact":
      level = "exact";
      break;
    case "same-after-era-conversion":
      level = lunar ? "lunar-converted" : "era-converted";
      break;
    case "partial-compatible":
      level = x.month !== null && y.month !== null ? "same-year-month" : "partial";
      break;
    case "day-month-swapped":
      level = "day-month-swapped";
      break;
    case "one-field-off":
      level = "one-field-off";
      break;
    case "same-year-month":
      level = "same-year-month";
      break;
    case "same-year":
      // Two full dates sharing only the year: another day, not a date remembered or read wrong.
      level = x.precision === "day" && y.precision === "day" ? "different" : "same-year";
      break;
    case "year-off-by-one":
      level = "year-off-by-one";
      break;
    default:
      level = "different";
  }
  if (dateRank.get(level)! > dateRank.get("day-off-by-one")! && oneDayApart(x.gregorian, y.gregorian)) level = "day-off-by-one";
  if (dateRank.get(level)! > dateRank.get("read-as-lunar")!) {
    // A lunar birthday given (or written) as if it were Gregorian.
    if (sameYmd(x.asLunar, y.gregorian) || sameYmd(y.asLunar, x.gregorian)) return { level: "read-as-lunar" };
  }
  return { level };
}

export function compareDateFields(a: PreparedDateField, b: PreparedDateField): FieldOutcome {
  const reliability = a.reliability * b.reliability;
  let best: { level: DateLevel; detail?: string; values: [string, string]; years: number[] } | null = null;
  const as = [a.primary, ...a.alternatives];
  const bs = [b.primary, ...b.alternatives];
  for (let i = 0; i < as.length; i++) {
    for (let j = 0; j < bs.length; j++) {
      const v = dateLevel(as[i], bs[j]);
      if (!best || dateRank.get(v.level)! < dateRank.get(best.level)!) {
        const detail = v.detail ?? (a.digitUnread || b.digitUnread ? "digit-unreadable" : i > 0 || j > 0 ? "ocr-alternative" : undefined);
        const years = [as[i].gregorian?.year, bs[j].gregorian?.year].filter((y): y is number => typeof y === "number");
        best = { level: v.level, ...(detail ? { detail } : {}), values: [as[i].raw, bs[j].raw], years };
      }
      if (best.level === "exact") return { ...best, reliability };
    }
  }
  return { ...best!, reliability };
}

/** A date built from the birth date digits of an ID number. */
export function dateFromId(birth: string): PreparedDate {
  const g = { year: Number(birth.slice(0, 4)), month: Number(birth.slice(4, 6)), day: Number(birth.slice(6, 8)) };
  return { calendar: "gregorian", ...g, precision: "day", source: "gregorian", uncertain: false, gregorian: { ...g }, raw: birth };
}

function oneDigitOff(a: string, b: string): "substituted" | "transposed" | null {
  if (a.length !== b.length) return null;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return "substituted";
  if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]) return "transposed";
  return null;
}

export function idLevel(x: PreparedId, y: PreparedId): { level: IdLevel; detail?: string } {
  if (x.normalized === y.normalized) {
    if (!x.valid) return { level: "equal-unverified" };
    return { level: x.kind === y.kind ? "exact" : "upgraded-equal" };
  }
  if (x.valid || y.valid) {
    const off = oneDigitOff(x.normalized, y.normalized);
    if (off) return { level: "one-digit-off", detail: off };
  }
  if (x.birth !== null && x.birth === y.birth) {
    // One number misread in a few places, or two numbers of people born the same day.
    return { level: oneMisread(x, y) ? "birth-date-agrees" : "same-birth-two-numbers" };
  }
  return { level: "different" };
}

export function compareIdFields(a: PreparedIdField, b: PreparedIdField): FieldOutcome {
  const reliability = a.reliability * b.reliability;
  let best: { level: IdLevel; detail?: string; values: [string, string] } | null = null;
  for (const [i, x] of [a.primary, ...a.alternatives].entries()) {
    for (const [j, y] of [b.primary, ...b.alternatives].entries()) {
      const v = idLevel(x, y);
      if (!best || idRank.get(v.level)! < idRank.get(best.level)!) {
        const detail = v.detail ?? (i > 0 || j > 0 ? "ocr-alternative" : undefined);
        best = { level: v.level, ...(detail ? { detail } : {}), values: [x.normalized, y.normalized] };
      }
    }
  }
  // An alternative failing its check is a misreading of a number read as valid, not a reason to doubt it.
  if (best!.level === "birth-date-agrees" && !oneMisread(a.primary, b.primary)) best!.level = "same-birth-two-numbers";
  return { ...best!, reliability };
}

const checked = (x: PreparedId) => x.kind === "18" && x.valid;

/** Digits outside the birth date (region and sequence) in which one number misread may differ from another. */
export const MISREAD_DIGITS = 3;

/**
 * Could two numbers with the same birth digits be one number misread? Not
 * where both 18-digit numbers pass their check (a misreading passes it one
 * time in eleven), nor where their region and sequence digits differ in more
 * than {@link MISREAD_DIGITS} places: OCR garbles a digit or two, not a
 * whole region code while reading all eight birth digits right.
 */
function oneMisread(x: PreparedId, y: PreparedId): boolean {
  if (checked(x) && checked(y)) return false;
  let differ = 0;
  for (const i of [0, 1, 2, 3, 4, 5, 14, 15, 16]) if (x.normalized[i] !== y.normalized[i]) differ++;
  return differ <= MISREAD_DIGITS;
}

const placeRank: Record<PlaceLevel, number> = { exact: 0, contains: 1, similar: 2, different: 3 };

export function comparePlaceFields(a: PreparedPlaceField, b: PreparedPlaceField): FieldOutcome {
  const reliability = a.reliability * b.reliability;
  let best: { level: PlaceLevel; detail?: string; values: [string, string] } | null = null;
  for (const [i, x] of [a.primary, ...a.alternatives].entries()) {
    for (const [j, y] of [b.primary, ...b.alternatives].entries()) {
      const level = comparePlace(x, y);
      if (!best || placeRank[level] < placeRank[best.level]) {
        best = { level, ...(i > 0 || j > 0 ? { detail: "ocr-alternative" } : {}), values: [x.canonical, y.canonical] };
      }
    }
  }
  return { ...best!, reliability };
}

export function compareSex(a: PreparedSex, b: PreparedSex): FieldOutcome {
  return {
    level: a.value === b.value ? "agree" : "disagree",
    values: [a.value, b.value],
    reliability: a.reliability * b.reliability,
  };
}
