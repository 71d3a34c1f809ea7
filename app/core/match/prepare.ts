/**
 * Normalises an entry or a query once into a `PreparedRecord`: the values
 * every comparison needs (canonical names, pinyin, parsed dates and IDs,
 * places) and the blocking keys. Everything slow (OpenCC, pinyin) happens
 * here, cached by input string, never in the scoring loop.
 */
import {
  datesWithUnreadableDigit,
  formatIsoPartial,
  lunarMonthDays,
  lunarToGregorian,
  MAX_YEAR,
  MIN_YEAR,
  namePinyin,
  parseDate,
  parseIdNumber,
  parseName,
  sexFromText,
  toHalfWidth,
  type ParsedDate,
  type PartialYmd,
} from "~/core/normalize";
import { foldLookAlikes, memoize } from "./chars";
import { ALTERNATIVE_RELIABILITY, dateFromId, sameYmd } from "./fields";
import { recordKeys } from "./keys";
import { preparePlace } from "./places";
import type {
  EntryField,
  EntryRecord,
  FieldName,
  MatchQuery,
  PreparedDate,
  PreparedDateField,
  PreparedEntry,
  PreparedId,
  PreparedName,
  PreparedPlace,
  PreparedQuery,
  PreparedRecord,
} from "./types";

/**
 * Bumped whenever preparing the same fields gives another record (new keys,
 * readings, flags). Stored entries keep the record they were prepared with;
 * the match index prepares those of another version again as it loads them
 * (`fromPacked`), and `suji reindex` writes the new ones back.
 * 2: a birth date with one unread digit meets the dates it may be.
 * 3: also a mark before or after the date, and a 〇 lost from a three-digit year.
 * 4: a date reading with one stray mark is the date without it; 閆閭閻問 fold together.
 * 5: an unreadable birth date meets the dates its other readings give.
 * 6: 龔冀 fold together.
 * 7: 盲肓言 fold together.
 * 8: 陜 is 陕.
 * 9: an unreadable birth date whose other reading lacks one digit meets the dates that reading may be.
 * 10: round marks beside numerals are zeros (一九七D年); a zero read twice is one.
 * 11: a month and day written before a four-digit year (一月二十日一九六八年) are that date.
 * 12: an Arabic 0 among Chinese numerals (一九二0年) is 〇 in every date, as it already was in extraction.
 * 13: 賈買, 鸞鶯彎, 葉禁 and 繼維 fold together.
 */
export const PREPARE_VERSION = 13;

function prepareNameUncached(raw: string): PreparedName | null {
  const parsed = parseName(raw);
  if (parsed.canonical === "") return null;
  const written = toHalfWidth(raw).replace(/[^\p{L}\p{M}·]/gu, "");
  const name: PreparedName = {
    written,
    canonical: parsed.canonical,
    surname: parsed.surname,
    given: parsed.given,
    pinyin: namePinyin(parsed).join(" "),
    folded: foldLookAlikes(parsed.canonical),
  };
  if (parsed.marriedForm) {
    const { husbandSurname, ownSurname, ownName } = parsed.marriedForm;
    name.married = { husband: husbandSurname, own: ownSurname, ownName, ...(parsed.possibleMarried ? { possible: true as const } : {}) };
  } else if (parsed.given === "" && parsed.canonical.endsWith("氏") && parsed.surname !== "") {
    name.surnameOnly = true;
  }
  return name;
}

/** One name reading prepared (cached by the raw string). Null when nothing name-like is left. */
export const prepareName = memoize(prepareNameUncached);

/** Per lunar year: the Gregorian date of each (non-leap) month's first day and the month's length. Converting is slow; years repeat. */
const lunarMonths = memoize((year: string): ([number, number] | null)[] => {
  const y = Number(year);
  return Array.from({ length: 12 }, (_, i) => {
    const days = lunarMonthDays(y, i + 1);
    const first = days === null ? null : lunarToGregorian(y, i + 1, 1);
    return first && days !== null ? [Date.UTC(first[0], first[1] - 1, first[2]), days] : null;
  });
}, 1000);

/** The Gregorian date of a lunar (non-leap) year-month-day, or null if it does not exist. */
export function lunarAsGregorian(year: number, month: number, day: number): PartialYmd | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  const m = lunarMonths(String(year))[month - 1];
  if (!m || day < 1 || day > m[1]) return null;
  const d = new Date(m[0] + (day - 1) * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function prepareDateUncached(raw: string): PreparedDate | null {
  const parsed = parseDate(raw);
  return parsed ? preparedDate(parsed, raw) : null;
}

function preparedDate(parsed: ParsedDate, raw: string): PreparedDate {
  const date: PreparedDate = { ...parsed, raw: raw.trim() };
  if (parsed.calendar === "gregorian" && parsed.month !== null && parsed.day !== null) {
    date.asLunar = lunarAsGregorian(parsed.year, parsed.month, parsed.day);
  }
  return date;
}

export const prepareDate = memoize(prepareDateUncached, 20_000);

function prepareIdUncached(raw: string): PreparedId | null {
  const parsed = parseIdNumber(raw);
  if (parsed.normalized === null || parsed.kind === "invalid") return null;
  const b = parsed.birthDate;
  const birth = b ? `${b.year}${String(b.month).padStart(2, "0")}${String(b.day).padStart(2, "0")}` : null;
  return { normalized: parsed.normalized, kind: parsed.kind, valid: parsed.valid, birth, sex: birth ? parsed.sex : null };
}

export const prepareId = memoize(prepareIdUncached, 20_000);

/**
 * How far an OCR reading can be trusted: 1 minus the chance that it is
 * garbage, unrelated to what was written. A misread character or digit is not
 * garbage (the OCR-aware levels expect it); a low-confidence or uncertain
 * field is more likely to be.
 */
export function reliabilityOf(field: Pick<EntryField, "confidence" | "status">): number {
  const c = typeof field.confidence === "number" && Number.isFinite(field.confidence) ? Math.min(1, Math.max(0, field.confidence)) : 1;
  const garbage = (field.status === "uncertain" ? 0.05 : 0) + Math.max(0, 0.5 - c) * 0.4;
  return 1 - Math.min(0.3, garbage);
}

const LIST_SEPARATORS = /[、,，;；/|]+/u;

type Readings = { primary: string; alternatives: string[]; reliability: number };

function readings(field: EntryField | undefined): Readings | null {
  if (!field || field.status === "unreadable") return null;
  const value = typeof field.value === "string" && field.value.trim() !== "" ? field.value : null;
  const alternatives = (field.alternatives ?? []).filter((a): a is string => typeof a === "string" && a.trim() !== "" && a !== value);
  if (value === null && alternatives.length === 0) return null;
  // No accepted value, only candidates: take the first, trusting it less.
  if (value === null) return { primary: alternatives[0], alternatives: alternatives.slice(1), reliability: Math.min(reliabilityOf(field), 0.8) };
  return { primary: value, alternatives, reliability: reliabilityOf(field) };
}

/**
 * The primary reading and the alternatives, prepared. With `preferRaw` the
 * text as written is read first (it keeps the script, the era, the 15-digit
 * form), the normalised value if the raw text does not parse.
 */
function prepared<T>(field: EntryField | undefined, prepare: (raw: string) => T | null, preferRaw = false): { primary: T; alternatives: T[]; reliability: number } | undefined {
  const r = readings(field);
  if (!r) return undefined;
  const raw = preferRaw && field?.value !== null && typeof field?.raw === "string" && field.raw.trim() !== "" ? prepare(field.raw) : null;
  const first = raw ?? prepare(r.primary);
  const alternatives = r.alternatives.map(prepare).filter((x): x is T => x !== null);
  if (first === null) {
    if (alternatives.length === 0) return undefined;
    return { primary: alternatives[0], alternatives: alternatives.slice(1), reliability: Math.min(r.reliability, 0.8) };
  }
  return { primary: first, alternatives, reliability: r.reliability };
}

function splitNames(values: readonly string[]): PreparedName[] {
  const out: PreparedName[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const part of value.split(LIST_SEPARATORS)) {
      const name = prepareName(part);
      if (name && !seen.has(name.canonical)) {
        seen.add(name.canonical);
        out.push(name);
      }
    }
  }
  return out;
}

function finish(record: Omit<PreparedRecord, "keys">): PreparedRecord {
  return { ...record, keys: recordKeys(record) };
}

export function prepareEntry(e: EntryRecord): PreparedEntry {
  const f = e.fields ?? {};
  const get = (name: FieldName) => f[name];
  const formerField = readings(get("formerNames"));
  const sexField = readings(get("sex"));
  const sexValue = sexField ? sexFromText(sexField.primary) ?? sexField.alternatives.map(sexFromText).find((s) => s !== null) ?? null : null;
  const record: Omit<PreparedRecord, "keys"> = {
    version: PREPARE_VERSION,
    kind: "entry",
    id: e.id,
    name: prepared<PreparedName>(get("name"), prepareName, true),
    formerNames: formerField ? splitNames([get("formerNames")?.raw || formerField.primary, ...formerField.alternatives]) : [],
    ...(sexValue ? { sex: { value: sexValue, reliability: sexField!.reliability } } : {}),
    birthDate: prepared<PreparedDate>(get("birthDate"), dateOrStrayMark, true) ?? withUnreadDigit(get("birthDate")) ?? otherReadingsOfUnreadable(get("birthDate")),
    birthPlace: prepared<PreparedPlace>(get("birthPlace"), preparePlace),
    nativePlace: prepared<PreparedPlace>(get("nativePlace"), preparePlace),
    address: prepared<PreparedPlace>(get("address"), preparePlace),
    fatherName: prepared<PreparedName>(get("fatherName"), prepareName, true),
    motherName: prepared<PreparedName>(get("motherName"), prepareName, true),
    spouseName: prepared<PreparedName>(get("spouseName"), prepareName, true),
    idNumber: prepared<PreparedId>(get("idNumber"), prepareId, true),
  };
  withIdBirthDate(record);
  return dropUndefined(finish(record)) as PreparedEntry;
}

/**
 * A date as written, or else the one date it is with a stray mark dropped:
 * tesseract read a ledger's 一九四〇年六月 as 一九四@〇年六月, an alternative
 * to PP-OCR's 九四年六 (a column cut through the date). Only where exactly
 * one date results, which is no guess; one unread digit among several
 * dates is {@link withUnreadDigit}'s, for an unreadable field.
 */
function dateOrStrayMark(raw: string): PreparedDate | null {
  const written = prepareDate(raw);
  if (written) return written;
  const dates = datesWithUnreadableDigit(raw);
  return dates.length === 1 ? preparedDate(dates[0], raw) : null;
}

/**
 * A birth date left unreadable because one digit of it was not read
 * (一九人七年十月四日: 〇 read as 人): the dates it may be, one per digit, as
 * readings of equal standing. Extraction does not guess which (the field
 * stays unreadable); matching may meet any of them, each trusted as one of
 * k: reliability 1/k mixes m toward u as if agreement by chance were k
 * times likelier, which it is.
 */
function withUnreadDigit(field: EntryField | undefined): PreparedDateField | undefined {
  if (!field || typeof field.raw !== "string" || field.raw.trim() === "") return undefined;
  const dates = datesWithUnreadableDigit(field.raw).map((d) => preparedDate(d, field.raw!));
  if (dates.length === 0) return undefined;
  // Even a single candidate is a repair, not a reading: trusted as an uncertain one at most.
  return { primary: dates[0], alternatives: dates.slice(1), reliability: Math.min(0.8, 1 / dates.length), digitUnread: true };
}

/**
 * A birth date extraction left unreadable, met through the dates its other
 * readings give (as written, or with a stray mark dropped). A ledger's
 * column boundary cut PP-OCR's 一九四〇年六月十九日 to 一九四年六九日, which
 * led and is no date; tesseract's 一九四@〇年六月十九日 is that date with
 * a stray mark. The leading reading was no date, so another reading is
 * trusted as an OCR alternative is, by half.
 *
 * Where no other reading is a date, one that lacks a single digit gives the
 * dates it may be, as {@link withUnreadDigit} does for the leading reading:
 * a wrapped ledger cell came out as 八年十 (PP-OCR, 一九一 lost) and
 * 一九一入年十 (tesseract), so 一九一〇年 to 一九一九年 are met, each
 * trusted as one of k.
 */
function otherReadingsOfUnreadable(field: EntryField | undefined): PreparedDateField | undefined {
  if (!field || field.status !== "unreadable") return undefined;
  const others = (field.alternatives ?? []).filter((a): a is string => typeof a === "string");
  const dates = others.map(dateOrStrayMark).filter((d): d is PreparedDate => d !== null);
  const trust = ALTERNATIVE_RELIABILITY * reliabilityOf(field);
  if (dates.length > 0) return { primary: dates[0], alternatives: dates.slice(1), reliability: trust };
  const byDay = new Map<string, PreparedDate>();
  for (const other of others) {
    for (const d of datesWithUnreadableDigit(other)) {
      const prepared = preparedDate(d, other);
      const key = `${d.calendar}|${formatIsoPartial(d)}`;
      if (!byDay.has(key)) byDay.set(key, prepared);
    }
  }
  const guesses = [...byDay.values()];
  if (guesses.length === 0) return undefined;
  return { primary: guesses[0], alternatives: guesses.slice(1), reliability: trust * Math.min(0.8, 1 / guesses.length), digitUnread: true };
}

/**
 * A valid ID number whose birth date is not the date read in the birth-date
 * field: one of the two was misread. An 18-digit number's check character
 * vouches for it (the date field has none); an old 15-digit number has no
 * check, but its date is as good a reading as the field's. Its date becomes
 * another reading of the birth date, so a query giving the right date still
 * meets the entry (58-09-26 in a 15-digit number, 47年9月26日 read from a
 * handwritten date). An 18-digit number failing its check is misread
 * itself and vouches for nothing. Where the number's date is the field's
 * date, the field's other readings are dropped.
 */
function withIdBirthDate(record: Omit<PreparedRecord, "keys">): void {
  const id = record.idNumber?.primary;
  const date = record.birthDate;
  if (!date || !id?.valid || !id.birth) return;
  const fromId = dateFromId(id.birth);
  const same = (p: PreparedDate) => sameYmd(p.gregorian, fromId.gregorian);
  if (date.digitUnread) {
    // The ID number says which of the dates it may be.
    const agreed = [date.primary, ...date.alternatives].find(same);
    record.birthDate = agreed ? { primary: agreed, alternatives: [], reliability: record.idNumber!.reliability } : { ...date, alternatives: [...date.alternatives, fromId] };
    return;
  }
  if (same(date.primary)) {
    // Two readings of the date agree (the field's and the ID number's): the
    // field's OCR alternatives are misreadings, and a query must not meet the
    // entry through one (1909.09.23 offered for a 1979.09.23 that the ID confirms).
    if (date.alternatives.length > 0) record.birthDate = { ...date, alternatives: date.alternatives.filter(same) };
    return;
  }
  if (date.alternatives.some(same)) return;
  record.birthDate = { ...date, alternatives: [...date.alternatives, fromId] };
}

/** A query as typed; `id` only labels it (in logs, in training pairs). */
export function prepareQuery(q: MatchQuery, id = "query"): PreparedQuery {
  const typed = (value: string | undefined): EntryField | undefined => (typeof value === "string" && value.trim() !== "" ? { value } : undefined);
  const sex = typeof q.sex === "string" ? sexFromText(q.sex) : null;
  const record: Omit<PreparedRecord, "keys"> = {
    version: PREPARE_VERSION,
    kind: "query",
    id,
    name: prepared<PreparedName>(typed(q.name), prepareName),
    formerNames: splitNames((q.formerNames ?? []).filter((s): s is string => typeof s === "string")),
    ...(sex ? { sex: { value: sex, reliability: 1 } } : {}),
    birthDate: prepared<PreparedDate>(typed(q.birthDate), prepareDate),
    birthPlace: prepared<PreparedPlace>(typed(q.birthPlace), preparePlace),
    nativePlace: prepared<PreparedPlace>(typed(q.nativePlace), preparePlace),
    address: prepared<PreparedPlace>(typed(q.address), preparePlace),
    fatherName: prepared<PreparedName>(typed(q.fatherName), prepareName),
    motherName: prepared<PreparedName>(typed(q.motherName), prepareName),
    spouseName: prepared<PreparedName>(typed(q.spouseName), prepareName),
    idNumber: prepared<PreparedId>(typed(q.idNumber), prepareId),
  };
  // A resident's number and the date typed may disagree as a page's may. An 18-digit number whose check
  // character holds is trusted over the typed date when scored (score.ts, STATED_DATE_AGAINST_ID_SHARE).
  withIdBirthDate(record);
  return dropUndefined(finish(record)) as PreparedQuery;
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
