/**
 * Fellegi-Sunter scoring: each field's level gives a weight log2(m/u) (u
 * replaced by the term's frequency for agreeing names, m and u blended for
 * readings OCR was unsure of), the weights add to the prior log-odds, and the
 * probability is the base-2 sigmoid of the sum.
 */
import {
  compareDateFields,
  ALTERNATIVE_RELIABILITY,
  compareFormerNameFields,
  compareIdFields,
  compareNameFields,
  comparePlaceFields,
  compareSex,
  dateFromId,
  sameYmd,
  type FieldOutcome,
} from "./fields";
import { lookupRegion, parseIdNumber } from "~/core/normalize";
import { memoize } from "./chars";
import { preparePlace } from "./places";
import { MISSING, TF_LEVELS } from "./model";
import { birthYearOf, COHORT_YEARS, surnameFrequency, termAdjustedU, yearAdjustedU, type TermFrequencies } from "./tf";
import {
  MATCH_FIELDS,
  type ComparisonLevel,
  type ComparisonVector,
  type MatchField,
  type MatchModel,
  type MatchResult,
  type PreparedDateField,
  type PreparedName,
  type PreparedPlace,
  type PreparedPlaceField,
  type PreparedRecord,
  type PreparedSex,
  type Ranked,
} from "./types";

const NAME_FIELDS = ["fatherName", "motherName", "spouseName"] as const;
const PLACE_FIELDS = ["birthPlace", "nativePlace", "address"] as const;

const MARRIED_LEVELS: ReadonlySet<string> = new Set(["married-form-equal", "married-name-equal"]);

/**
 * A man by his sex field, or by his ID number where no sex is written. A
 * written sex outranks the ID number's sex digit, which one misread digit
 * flips (a woman's ledger row with 19451231587**4** read as …5874).
 */
function isMale(r: PreparedRecord): boolean {
  if (r.sex) return r.sex.value === "male";
  return r.idNumber?.primary.sex === "male";
}

/**
 * A married form names her husband's surname (陳林氏: 陳). Where the other
 * side names her husband (a spouse field, or the head of household whose
 * wife she is, as extraction derives it), his surname is checked against
 * it: the same is strong evidence, another surname weakens her own
 * surname's agreement to almost nothing. Two married forms that agree on
 * both surnames have already agreed on the husband's. Where both sides
 * name a spouse, the spouse field compares them and the husband is not
 * counted twice.
 */
function withHusband(name: FieldOutcome, a: PreparedRecord, b: PreparedRecord): FieldOutcome {
  const term = name.term;
  if (!term || term.surnames.length !== 1) return name;
  const own = term.surnames[0];
  if (name.detail === "married-both") {
    const husband = a.name!.primary.married?.husband;
    if (!husband || (a.spouseName && b.spouseName)) return name;
    return { ...name, level: "married-form-husband-equal", term: { ...term, surnames: [own, husband] } };
  }
  if ((name.detail !== "married-surname" && name.detail !== "married-surname-look-alike") || (a.spouseName && b.spouseName)) return name;
  const [form, other] = marriedForm(a.name!.primary) ? [a, b] : [b, a];
  const husband = marriedForm(form.name!.primary);
  const spouse = other.spouseName;
  if (!husband || !spouse || spouse.primary.surname === "") return name;
  const reliability = name.reliability * spouse.reliability;
  if ([spouse.primary, ...spouse.alternatives].some((s) => s.surname === husband)) {
    return { ...name, level: "married-form-husband-equal", detail: "husband-surname-agrees", reliability, term: { ...term, surnames: [own, husband] } };
  }
  return { ...name, level: "married-form-other-husband", detail: "husband-surname-differs", reliability };
}

/** The husband's surname of a name written in the married form (陳林氏), or null. */
function marriedForm(n: PreparedName): string | null {
  return n.married && !n.married.possible && n.married.husband ? n.married.husband : null;
}

/** Of registering where one was born: how far an ID number's region stands in for a birthplace. */
export const ID_REGION_RELIABILITY = 0.5;

/** The county an ID number was issued in (its first six digits), as a birthplace reading, or undefined. */
function idRegionPlace(r: PreparedRecord): PreparedPlaceField | undefined {
  const id = r.idNumber;
  if (!id) return undefined;
  const place = regionPlace(id.primary.normalized.slice(0, 6));
  return place ? { primary: place, alternatives: [], reliability: id.reliability * ID_REGION_RELIABILITY } : undefined;
}

const regionPlace = memoize((code: string): PreparedPlace | null => {
  const region = /^\d{6}$/.test(code) ? lookupRegion(code) : null;
  return region && region.level === "county" ? preparePlace(region.fullName) : null;
}, 5_000);

type Outcomes = Partial<Record<MatchField, FieldOutcome & { fromId?: true }>>;

function birthOrId(r: PreparedRecord, otherHasId: boolean): PreparedDateField | undefined {
  if (r.birthDate) return r.birthDate;
  // Only when the ID numbers are not compared themselves, or the birth date would count twice.
  const birth = r.idNumber?.primary.birth;
  if (!otherHasId && birth) return { primary: dateFromId(birth), alternatives: [], reliability: r.idNumber!.reliability };
  return undefined;
}

/**
 * Where a query's ID number (18 digits, its check character right) carries
 * another birth date than the one typed beside it: the chance that the
 * register holds the typed date rather than the number's. Numbers were
 * issued from the household register, so the register's date is the
 * number's; a typed date is remembered, and a day or a month off is the
 * commonest slip. A register disagreeing with the number it issued is rare,
 * not impossible (a lunar date kept, a record corrected later): taken as one
 * in twenty, a judgement, not a measurement.
 */
export const STATED_DATE_AGAINST_ID_SHARE = 0.05;

/** Date levels at which a typed date and an ID number's date are one date (or one with less said). */
const SAME_DAY_LEVELS: ReadonlySet<string> = new Set(["exact", "era-converted", "lunar-converted", "read-as-lunar", "partial"]);

/**
 * A query's birth date as typed, and the date in its ID number, where the
 * two are not one day; else undefined. (Preparing the query made the
 * number's date another reading of the typed one: it is taken out here.)
 */
function idDateAgainstStated(r: PreparedRecord): StatedAgainstId | undefined {
  // A property of the query alone, asked once for every candidate it is scored against.
  if (!AGAINST_ID.has(r)) AGAINST_ID.set(r, statedAgainstId(r) ?? null);
  return AGAINST_ID.get(r) ?? undefined;
}

type StatedAgainstId = { stated: PreparedDateField; fromId: PreparedDateField };
const AGAINST_ID = new WeakMap<PreparedRecord, StatedAgainstId | null>();

function statedAgainstId(r: PreparedRecord): StatedAgainstId | undefined {
  const id = r.idNumber;
  if (r.kind !== "query" || !r.birthDate || !id || id.alternatives.length > 0 || id.primary.kind !== "18" || !id.primary.valid || !id.primary.birth) return undefined;
  const fromId: PreparedDateField = { primary: dateFromId(id.primary.birth), alternatives: [], reliability: id.reliability };
  const stated: PreparedDateField = { ...r.birthDate, alternatives: r.birthDate.alternatives.filter((p) => !sameYmd(p.gregorian, fromId.primary.gregorian)) };
  return SAME_DAY_LEVELS.has(compareDateFields(stated, fromId).level) ? undefined : { stated, fromId };
}

/**
 * The birth dates compared, where a query's ID number carries another date
 * than the one typed and the entry has no number (else the numbers are
 * compared themselves): the entry's date against the number's, with the
 * typed date as the reading the register holds with
 * {@link STATED_DATE_AGAINST_ID_SHARE}.
 */
function compareBirthAgainstId({ stated, fromId }: StatedAgainstId, other: PreparedDateField, queryFirst: boolean): FieldOutcome {
  const compared = (x: PreparedDateField) => (queryFirst ? compareDateFields(x, other) : compareDateFields(other, x));
  const byId = compared(fromId);
  const byStated = compared(stated);
  return { ...byId, detail: "id-over-stated", mixture: { outcome: byStated, share: STATED_DATE_AGAINST_ID_SHARE } };
}

function sexOrId(r: PreparedRecord, otherHasId: boolean): PreparedSex | undefined {
  if (r.sex) return r.sex;
  const sex = r.idNumber?.primary.sex;
  if (!otherHasId && sex) return { value: sex, reliability: r.idNumber!.reliability };
  return undefined;
}

/** The level of every compared field (fields either side lacks are left out). */
export function fieldOutcomes(a: PreparedRecord, b: PreparedRecord): Outcomes {
  const out: Outcomes = {};
  if (a.name && b.name) {
    out.name = compareNameFields(a.name, b.name);
    // 夫姓本姓氏 and a husband's surname in front are women's name forms: a man's entry cannot be one.
    // Compared as plain names, they may still be near (a stray character read before a man's name).
    if (MARRIED_LEVELS.has(out.name.level) && (isMale(a) || isMale(b))) {
      const plain = compareNameFields(a.name, b.name, false);
      out.name = plain.level === "different" ? { ...plain, detail: "married-form-male" } : plain;
    } else if (out.name.level === "married-form-equal") {
      out.name = withHusband(out.name, a, b);
    }
  }
  const compared = compareFormerNameFields(a.name, a.formerNames, b.name, b.formerNames);
  if (compared) {
    const { alternative, ...former } = compared;
    const reliability = (a.name?.reliability ?? 1) * (b.name?.reliability ?? 1) * (alternative ? ALTERNATIVE_RELIABILITY : 1);
    out.formerNames = { ...former, reliability, ...(alternative ? { detail: "ocr-alternative" } : {}) };
    // A changed name: the former-name agreement carries the evidence; the current names' disagreement is expected.
    if (out.name?.level === "different" && former.level !== "different") {
      out.name = { level: MISSING, detail: "former-name", values: out.name.values, reliability: 1 };
    } else if (out.name && former.level === "name-is-former" && out.name.level !== MISSING) {
      // One side's name is the other's former name, and near its current name too (谭红 / 谭红萍, 王卫红 / 王卫虹):
      // one name agreeing twice. The near names agree whenever the former name does, so only the former name counts.
      out.name = { level: MISSING, detail: "former-name", values: out.name.values, reliability: 1 };
    } else if (former.level === "name-like-former" && out.name && out.name.level !== MISSING) {
      // The name is near the other's name and near its former name too (王卫红, once 王卫虹, against 汪卫红): the other's
      // two names are near each other, so one nearness implies the other. The names' own level counts, not both.
      delete out.formerNames;
    }
  }
  const aSex = sexOrId(a, !!b.idNumber);
  const bSex = sexOrId(b, !!a.idNumber);
  if (aSex && bSex) out.sex = { ...compareSex(aSex, bSex), ...(aSex !== a.sex || bSex !== b.sex ? { detail: "from-id" } : {}) };
  const aBirth = birthOrId(a, !!b.idNumber);
  const bBirth = birthOrId(b, !!a.idNumber);
  const aAgainst = b.idNumber ? undefined : idDateAgainstStated(a);
  const bAgainst = a.idNumber ? undefined : idDateAgainstStated(b);
  if (aBirth && bBirth && (aAgainst || bAgainst)) {
    out.birthDate = aAgainst ? compareBirthAgainstId(aAgainst, bBirth, true) : compareBirthAgainstId(bAgainst!, aBirth, false);
  } else if (aBirth && bBirth) {
    const o = compareDateFields(aBirth, bBirth);
    out.birthDate = aBirth !== a.birthDate || bBirth !== b.birthDate ? { ...o, detail: o.detail ?? "from-id" } : o;
  }
  if (a.idNumber && b.idNumber) {
    out.idNumber = compareIdFields(a.idNumber, b.idNumber);
    // The birth dates inside the numbers agree: the date fields add little to that, and counted twice they would outweigh it.
    const [x, y] = out.idNumber.values!;
    if (out.birthDate && x.slice(6, 14) === y.slice(6, 14) && /^(18|19|20)\d{6}$/.test(x.slice(6, 14))) {
      out.birthDate = { level: MISSING, detail: "in-id-number", values: out.birthDate.values, reliability: 1 };
    }
  }
  for (const f of PLACE_FIELDS) {
    const x = a[f];
    const y = b[f];
    if (x && y) out[f] = comparePlaceFields(x, y);
  }
  // A birthplace on one side, an ID number on the other (and neither the other field): where the number
  // was issued stands in for where the person was born, as the number's date stands in for a birth date.
  // Most people were registered where they were born, not all: trusted by half.
  if (!out.birthPlace) {
    const [x, y] = [a.birthPlace ?? (b.idNumber ? undefined : idRegionPlace(a)), b.birthPlace ?? (a.idNumber ? undefined : idRegionPlace(b))];
    if (x && y) out.birthPlace = { ...comparePlaceFields(x, y), detail: "id-region" };
  }
  for (const f of NAME_FIELDS) {
    const x = a[f];
    const y = b[f];
    if (x && y) out[f] = compareNameFields(x, y);
  }
  // A child bears the father's surname: where both people's surnames are his, that surname is not
  // news a second time, and the father's agreement weighs only by how common his given name is.
  // A married form's own surname is hers from birth (闵李氏: 李), not the husband's in front.
  const fatherTerm = out.fatherName?.term;
  const birthSurname = (r: PreparedRecord) => (r.name ? (marriedForm(r.name.primary) ? r.name.primary.married!.own : r.name.primary.surname) : undefined);
  const surname = birthSurname(a);
  if (fatherTerm?.kind === "full" && surname && birthSurname(b) === surname && fatherTerm.surnames.length === 1 && fatherTerm.surnames[0] === surname) {
    out.fatherName = { ...out.fatherName!, term: { ...fatherTerm, surnames: [] }, detail: out.fatherName!.detail ?? "surname-shared" };
  } else if (
    out.fatherName &&
    NEAR_FATHER_LEVELS.has(out.fatherName.level) &&
    surname &&
    birthSurname(b) === surname &&
    a.fatherName!.primary.surname === surname &&
    b.fatherName!.primary.surname === surname
  ) {
    // The same for two fathers' names that are only alike (朱锡绍 / 朱锡昭): at random such names mostly
    // share a surname, and this one is known to be shared. Their u is taken given that surname.
    out.fatherName = { ...out.fatherName, surnameGiven: surname, detail: out.fatherName.detail ?? "surname-shared" };
  }
  return out;
}

/** Levels at which two names are alike but not equal, and mostly so because they share a surname. */
const NEAR_FATHER_LEVELS: ReadonlySet<string> = new Set(["alternative", "ocr-confusion", "same-pinyin", "added-character", "edit-distance-1", "similar"]);

/** Field → level of a pair, for estimating a model; fields not compared are left out. */
export function comparisonVector(a: PreparedRecord, b: PreparedRecord): ComparisonVector {
  const vector: ComparisonVector = {};
  for (const [field, o] of Object.entries(fieldOutcomes(a, b))) if (o.level !== MISSING) vector[field] = o.level;
  return vector;
}

const MIN_P = 1e-12;
const clampP = (p: number) => Math.min(1, Math.max(MIN_P, p));

/** Base-2 logistic: the probability of log2-odds `w`. */
export function probabilityOf(w: number): number {
  return 1 / (1 + 2 ** -w);
}

export function priorWeightOf(model: MatchModel): number {
  const l = Math.min(1 - MIN_P, Math.max(MIN_P, model.priorMatch));
  return Math.log2(l / (1 - l));
}

/** Fields that name the person herself: their given names are counted among her birth cohort. */
const OWN_NAME_FIELDS: ReadonlySet<string> = new Set(["name", "formerNames"]);

/** Date levels that put two people's births close enough for their names to be counted among one cohort. */
const COHORT_DATE_LEVELS: ReadonlySet<string> = new Set(["exact", "era-converted", "lunar-converted", "read-as-lunar", "day-month-swapped", "day-off-by-one", "one-field-off", "same-year-month", "year-off-by-one"]);
/** Date levels whose two dates fall within a year or so of each other: their u follows how crowded that year is. */
const YEAR_TF_DATE_LEVELS: ReadonlySet<string> = new Set(["exact", "era-converted", "lunar-converted", "read-as-lunar", "day-month-swapped", "day-off-by-one", "same-year-month", "partial", "same-year", "year-off-by-one"]);
/** ID levels under which both numbers carry the same birth date. */
const SAME_BIRTH_ID_LEVELS: ReadonlySet<string> = new Set(["exact", "upgraded-equal", "equal-unverified", "birth-date-agrees", "same-birth-two-numbers"]);

/**
 * The birth year around which two people's own names are counted, or null:
 * where their ID numbers carry the same birth date, its year; where their
 * birth dates agree or nearly (a day, one written digit, a lunar reading
 * apart; not a bare year, which adds little), the middle of their years if
 * within {@link COHORT_YEARS}. Only agreement that already counted as
 * evidence moves the names into a cohort, so adding a field both sides
 * agree on never costs more than it brings.
 */
export function cohortYearOf(a: PreparedRecord, b: PreparedRecord, outcomes: Outcomes): number | null {
  const id = outcomes.idNumber;
  if (id && SAME_BIRTH_ID_LEVELS.has(id.level) && id.values) {
    // The numbers compared (either may be another reading OCR offered).
    const years = id.values.flatMap((v) => parseIdNumber(v).birthDate?.year ?? []);
    if (years.length > 0) return Math.min(...years);
  }
  const date = outcomes.birthDate;
  if (!date || !COHORT_DATE_LEVELS.has(date.level)) return null;
  const x = birthYearOf(a);
  const y = birthYearOf(b);
  if (x === null || y === null || Math.abs(x - y) > COHORT_YEARS) return null;
  return Math.floor((x + y) / 2);
}

/** m and u of one field's outcome, after term-frequency and reliability adjustment. */
function outcomeMU(field: MatchField, o: FieldOutcome, params: { m: number; u: number }, model: MatchModel, tf: TermFrequencies | undefined, cohort: number | null): { m: number; u: number } {
  let u = clampP(params.u);
  const year = OWN_NAME_FIELDS.has(field) ? cohort : null;
  if (tf && o.term && TF_LEVELS.has(o.level)) u = clampP(termAdjustedU(tf, u, o.term, year));
  const exact = model.fields[field]?.exact;
  if (tf && o.capTerms && exact) {
    // Never above exact agreement on the commoner of the two names: u at least m × (u/m of that exact agreement).
    const exactU = Math.max(...o.capTerms.map((t) => termAdjustedU(tf, clampP(exact.u), t, year)));
    u = Math.max(u, clampP((clampP(params.m) * exactU) / clampP(exact.m)));
  }
  if (tf && field === "birthDate" && YEAR_TF_DATE_LEVELS.has(o.level) && o.years?.length) {
    // The two dates compared, by the commoner of their years: a misread year never makes agreement rarer.
    u = clampP(Math.max(...o.years.map((y) => yearAdjustedU(tf, u, y))));
  }
  if (tf && o.surnameGiven) {
    // Given the surname both sides already share: divided by the chance of sharing it, this surname
    // where the level's u was weighed by it, any surname where not.
    const byThisSurname = !!o.term?.sound || !!o.term?.surnames.includes(o.surnameGiven);
    u = clampP(Math.min(1, u / (byThisSurname ? surnameFrequency(tf, o.surnameGiven) : Math.max(tf.surnameCollision, MIN_P))));
  }
  // An unsure reading: with probability 1-r it is garbage, which behaves like a random pair.
  const m = o.reliability === 1 ? clampP(params.m) : clampP(o.reliability * clampP(params.m) + (1 - o.reliability) * u);
  return { m, u };
}

/**
 * Scores a query (or an entry) against an entry. `levels` lists every match
 * field, 'missing' ones with weight 0, in a fixed order.
 */
export function compare(q: PreparedRecord, e: PreparedRecord, model: MatchModel, tf?: TermFrequencies): MatchResult {
  const outcomes = fieldOutcomes(q, e);
  const cohort = tf ? cohortYearOf(q, e, outcomes) : null;
  const levels: ComparisonLevel[] = [];
  let sum = 0;
  for (const field of MATCH_FIELDS) {
    const o = outcomes[field];
    const params = o ? model.fields[field]?.[o.level] : undefined;
    let level: ComparisonLevel;
    if (!o || !params) {
      level = { field, level: MISSING, m: 1, u: 1, weight: 0 };
    } else {
      let { m, u } = outcomeMU(field, o, params, model, tf, cohort);
      const other = o.mixture && model.fields[field]?.[o.mixture.outcome.level];
      if (o.mixture && other) {
        // Two readings of the pair, each with its share: their likelihood ratios mix. m is the mixed chance
        // among matches, u what gives the mixed ratio.
        const x = outcomeMU(field, o.mixture.outcome, other, model, tf, cohort);
        const share = o.mixture.share;
        const ratio = (1 - share) * (m / u) + share * (x.m / x.u);
        m = (1 - share) * m + share * x.m;
        u = m / ratio;
      }
      const weight = Math.log2(m / u);
      sum += weight;
      level = { field, level: o.level, m, u, weight };
    }
    if (o?.detail) level.detail = o.detail;
    if (o?.values) level.values = o.values;
    levels.push(level);
  }
  const priorWeight = priorWeightOf(model);
  const matchWeight = priorWeight + sum;
  return { levels, matchWeight, probability: probabilityOf(matchWeight), priorWeight };
}

export type RankOptions = { top: number; threshold: number };

/** Scores candidates, keeps those at or above `threshold`, best first (ties by entry id), at most `top`. */
export function rankCandidates(
  q: PreparedRecord,
  candidates: readonly PreparedRecord[],
  model: MatchModel,
  tf: TermFrequencies | undefined,
  opts: RankOptions,
): Ranked[] {
  const scored: Ranked[] = [];
  for (const e of candidates) {
    const r = compare(q, e, model, tf);
    if (r.probability >= opts.threshold) scored.push({ ...r, entryId: e.id, rank: 0 });
  }
  scored.sort((x, y) => y.matchWeight - x.matchWeight || (x.entryId < y.entryId ? -1 : x.entryId > y.entryId ? 1 : 0));
  return scored.slice(0, Math.max(0, opts.top)).map((r, i) => ({ ...r, rank: i + 1 }));
}
