/**
 * Comparison levels per kind of field, best first, and the hand-set default
 * model. m = P(level | same person), u = P(level | two different people);
 * each field's m and u sum to 1 over its levels ('missing' is not a level: it
 * contributes nothing).
 */
import type { MatchField, MatchModel } from "./types";

export const NAME_LEVELS = [
  "exact",
  "canonical-equal",
  "married-name-equal",
  "married-form-husband-equal",
  "married-form-equal",
  "married-form-other-husband",
  "alternative",
  "ocr-confusion",
  "same-pinyin",
  "added-character",
  "edit-distance-1",
  "other-surname",
  "similar",
  "different",
] as const;

export const FORMER_NAME_LEVELS = ["name-is-former", "former-equal", "name-like-former", "different"] as const;

export const DATE_LEVELS = [
  "exact",
  "era-converted",
  "lunar-converted",
  "read-as-lunar",
  "day-month-swapped",
  "day-off-by-one",
  "one-field-off",
  "same-year-month",
  "partial",
  "same-year",
  "year-off-by-one",
  "different",
] as const;

export const ID_LEVELS = ["exact", "upgraded-equal", "equal-unverified", "one-digit-off", "birth-date-agrees", "same-birth-two-numbers", "different"] as const;

export const SEX_LEVELS = ["agree", "disagree"] as const;

export const PLACE_LEVELS = ["exact", "contains", "similar", "different"] as const;

export type NameLevel = (typeof NAME_LEVELS)[number];
export type FormerNameLevel = (typeof FORMER_NAME_LEVELS)[number];
export type DateLevel = (typeof DATE_LEVELS)[number];
export type IdLevel = (typeof ID_LEVELS)[number];
export type SexLevel = (typeof SEX_LEVELS)[number];
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

export type FieldKind = "name" | "formerNames" | "sex" | "date" | "id" | "place";

export const FIELD_KIND: Record<MatchField, FieldKind> = {
  name: "name",
  formerNames: "formerNames",
  sex: "sex",
  birthDate: "date",
  idNumber: "id",
  birthPlace: "place",
  nativePlace: "place",
  address: "place",
  fatherName: "name",
  motherName: "name",
  spouseName: "name",
};

export const LEVELS_BY_KIND: Record<FieldKind, readonly string[]> = {
  name: NAME_LEVELS,
  formerNames: FORMER_NAME_LEVELS,
  sex: SEX_LEVELS,
  date: DATE_LEVELS,
  id: ID_LEVELS,
  place: PLACE_LEVELS,
};

/** Levels whose u is replaced by the agreeing term's frequency in the archive. */
export const TF_LEVELS: ReadonlySet<string> = new Set([
  "exact", "canonical-equal", "married-name-equal", "married-form-husband-equal", "married-form-equal", "married-form-other-husband", "alternative", "edit-distance-1", "other-surname",
  // Two names that sound alike: by how many people's names sound like them.
  "same-pinyin",
  // A former name equal to the other side's name or former name: as exact agreement, by that name's frequency.
  "name-is-former", "former-equal",
  // A former name that is the other's given name under another surname: by that given name's frequency.
  "name-like-former",
]);

/** The level every field takes when one side lacks it: weight 0. */
export const MISSING = "missing";

type Table = Record<string, [m: number, u: number]>;

function field(table: Table): Record<string, { m: number; u: number }> {
  return Object.fromEntries(Object.entries(table).map(([level, [m, u]]) => [level, { m, u }]));
}

const PERSON_NAME: Table = {
  exact: [0.41, 0.0008],
  "canonical-equal": [0.19, 0.0004],
  "married-name-equal": [0.01, 0.00002],
  // Old registers write most married women as 夫姓本姓氏; residents give their own name. Her own
  // surname agrees (u 0.002 in all); where the other side names her husband (a spouse field, or the
  // head of household whose wife she is), the form's husband's surname is checked against his: it
  // agrees for 95% of matches and, by chance, for about 2% of other women (the surnames' Σf²). About
  // half of the pairs have the husband to check.
  "married-form-husband-equal": [0.02375, 0.00002],
  "married-form-equal": [0.025, 0.001],
  "married-form-other-husband": [0.00125, 0.00098],
  // The query equals another reading OCR offered for the entry: rare by chance, but never as strong as the name read outright.
  alternative: [0.03, 0.0001],
  "ocr-confusion": [0.08, 0.0004],
  "same-pinyin": [0.06, 0.0006],
  // One character added to a name of three or more (姚貞花 read 姚貞人花, a speck read as 人): OCR's
  // stray mark more than a resident's slip, about one single-character error in six. Names of four
  // or more characters are rare, so two people's names seldom stand so: u is counted on the archive.
  "added-character": [0.01, 0.000002],
  "edit-distance-1": [0.05, 0.01],
  // The same given name under another surname (孔跃进 / 孙跃进, 陈英 / 林英): a surname is seldom
  // remembered wrong, so mostly a misread surname; weighed by how common the given name is.
  "other-surname": [0.02, 0.002],
  // A misread character and a homophone (or two look-alikes) in one name of three or more characters.
  similar: [0.04, 0.001],
  different: [0.05, 0.98268],
};

/** Parents' and spouse's names are remembered and written less consistently. */
const RELATIVE_NAME: Table = {
  ...PERSON_NAME,
  exact: [0.36, 0.0008],
  "added-character": [0.013, 0.000002],
  "edit-distance-1": [0.067, 0.01],
  different: [0.08, 0.98268],
};

const PLACE: Table = { exact: [0.55, 0.15], contains: [0.2, 0.1], similar: [0.1, 0.05], different: [0.15, 0.7] };

/**
 * Hand-set defaults, for an archive of about 10,000 entries. Replace them
 * with `estimateModel` once an archive has enough entries, and set
 * `priorMatch` with {@link priorForArchive}.
 */
export const DEFAULT_MODEL: MatchModel = {
  priorMatch: 1e-4,
  fields: {
    name: field(PERSON_NAME),
    formerNames: field({
      "name-is-former": [0.5, 0.0005],
      "former-equal": [0.2, 0.001],
      "name-like-former": [0.1, 0.004],
      different: [0.2, 0.9945],
    }),
    sex: field({ agree: [0.98, 0.5], disagree: [0.02, 0.5] }),
    birthDate: field({
      exact: [0.45, 0.00005],
      // The same day through a conversion of a date written as ROC or labelled lunar: the written form
      // cancels out of m/u, so u is exact agreement's, the ratio 2^-0.5 of exact's (numerals misread more).
      // See FOLLOWS_EXACT_DATE.
      "era-converted": [0.15, 0.00005 * (0.15 / 0.45) * Math.SQRT2],
      "lunar-converted": [0.03, 0.00005 * (0.03 / 0.45) * Math.SQRT2],
      // A date given as Gregorian that is the entry's day read as a lunar date: nothing says it is lunar,
      // so it is a second guess at every date. Either side may be the lunar one, so two days reach it
      // by chance where one reaches exact agreement: twice exact's u. Its m (how often a lunar birthday
      // is given unlabelled) is small.
      "read-as-lunar": [0.02, 0.0001],
      "day-month-swapped": [0.02, 0.00005],
      // Two full dates a day apart (12 / 13, 31 May / 1 June, 31 December / 1 January): a birth near
      // midnight, a day counted from a lunar date, a register's slip. Two random people are a day apart
      // about twice as often as born the same day; digit slips further off stay 'one-field-off'.
      "day-off-by-one": [0.03, 0.0001],
      "one-field-off": [0.05, 0.001],
      "same-year-month": [0.04, 0.0015],
      partial: [0.1, 0.015],
      "same-year": [0.04, 0.015],
      // Reached only where the year crosses a decade (1959 / 1960): other one-year slips change one
      // digit and are 'one-field-off'. So it takes about a tenth of the matches whose year slipped by one.
      "year-off-by-one": [0.003, 0.00005],
      different: [0.067, 0.96712],
    }),
    idNumber: field({
      exact: [0.846, 1e-9],
      "upgraded-equal": [0.05, 1e-9],
      "equal-unverified": [0.01, 1e-7],
      "one-digit-off": [0.05, 1e-7],
      // Same birth digits, the rest differing by more than a digit, in a way one number misread could:
      // one of them fails its check (or is 15 digits, which have none) and at most 3 region and sequence
      // digits differ.
      "birth-date-agrees": [0.02, 0.00005],
      // The same birth digits on what are two numbers: both 18-digit numbers pass their check (a misreading
      // passes it one time in eleven) or the region and sequence differ in more places than a misreading
      // garbles. A number reissued after a move or a duplicate's correction is rare: mostly two people born
      // the same day, and about 2 bits less than a number that may be misread.
      // Both keep u of two people born the same day: how it divides between them follows how many of an
      // archive's numbers fail their check, which its scans decide.
      "same-birth-two-numbers": [0.004, 0.00005],
      different: [0.02, 0.9999],
    }),
    birthPlace: field(PLACE),
    nativePlace: field(PLACE),
    address: field({ exact: [0.35, 0.02], contains: [0.25, 0.05], similar: [0.15, 0.08], different: [0.25, 0.85] }),
    fatherName: field(RELATIVE_NAME),
    motherName: field(RELATIVE_NAME),
    spouseName: field(RELATIVE_NAME),
  },
};

/**
 * Candidates at or above this probability are shown for an officer's review;
 * below it the honest answer is "not found". A candidate is worth a look
 * well before it is more likely than not (record linkage's "possible match"
 * band). On `npm run bench:match` at 100,000 entries, seven seeds of pages
 * and people (20240611, 7, 42, 2026, 90210, 31337 and 5150, measured at
 * 3b03a1b with PP-OCRv5), 0.3 misses 18 present people at recall@1 in all
 * and gives 28 absent people a candidate; 0.4 would miss 5 more for 6 fewer
 * false candidates, 0.5 13 more for 10 fewer, and at 0.4 seed 5150 still
 * gives 6 of 296 absent people a candidate. Before PP-OCRv5 (five seeds):
 * 0.5 missed 14 more people for 6 fewer false candidates, 0.2 found 5 more
 * for 13 more. Over the seven seeds' top-10 candidates, those put at 0.3
 * to 0.4 are right 42% of the time, at 0.4 to 0.8 62% to 72%, at 0.8 to 0.9
 * 70% (158 candidates in 0.3 to 0.9; four seeds before PP-OCRv5: a Platt fit
 * of slope 1.04, intercept -0.49 bits). A
 * person not found is told there is no record, a false candidate costs an
 * officer a look, so the threshold errs toward finding. The bench prints
 * the sweep.
 */
export const ReviewThreshold = 0.3;
export const REVIEW_THRESHOLD = ReviewThreshold;

/**
 * λ for an archive: the chance that one random entry is the person sought,
 * given how many entries it holds, how often the person sought is in it at
 * all, and how many entries (card, ledger rows) one person has on average.
 * Pass `entriesPerPerson` measured on the archive where possible
 * ({@link entriesPerPersonOf}); 1.5 (a card and a ledger row for every
 * other person) is only a guess.
 */
export function priorForArchive(entries: number, opts: { presentRate?: number; entriesPerPerson?: number } = {}): number {
  const present = opts.presentRate ?? 0.5;
  const perPerson = opts.entriesPerPerson ?? 1.5;
  if (!(entries > 0)) return DEFAULT_MODEL.priorMatch;
  return Math.min(0.5, Math.max(1e-12, (present * perPerson) / entries));
}

/**
 * Entries per person in an archive, from its term frequencies' count of
 * persons (entries sharing an ID number, or a name and full birth date, are
 * one person). An entry too garbled to be grouped counts as a person of its
 * own, so this errs low; it is kept between 1 and 3.
 */
export function entriesPerPersonOf(entries: number, persons: number): number {
  if (!(entries > 0) || !(persons > 0)) return 1;
  return Math.min(3, Math.max(1, entries / persons));
}
