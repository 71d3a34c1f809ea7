/**
 * Shapes shared by the matching engine. Prepared records are plain JSON so
 * that workers can store them beside each `Entry` and the search can score
 * them without re-normalising.
 */
import type { FieldName } from "~/core/extract";
import type { ParsedDate, PartialYmd } from "~/core/normalize";

/** Person fields as extraction names them; the matcher reads the ones it compares and ignores the rest. */
export type { FieldName } from "~/core/extract";

export type EntryFieldStatus = "ok" | "uncertain" | "unreadable";

/** A field as extraction gives it (`ExtractedField` fits). */
export type EntryField = {
  /** The normalised value (canonical text, ISO date, 18-digit ID); null when unreadable. */
  value: string | null;
  /** The text as written: read in preference to `value` for names, dates and IDs, where script, era and the 15-digit form are evidence. */
  raw?: string;
  /** 0..1, the reading's confidence as the OCR/extraction step reports it. */
  confidence?: number;
  /** Other readings of the same field (tesseract choices, the other engine), best first. */
  alternatives?: string[];
  status?: EntryFieldStatus;
};

export type EntryRecord = { id: string; fields: Partial<Record<FieldName, EntryField>> };

/** What a resident or officer types: any subset. */
export type MatchQuery = {
  name?: string;
  formerNames?: string[];
  sex?: string;
  birthDate?: string;
  birthPlace?: string;
  nativePlace?: string;
  address?: string;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  idNumber?: string;
};

/** One name reading, normalised for comparison. */
export type PreparedName = {
  /** Half-width, spaces removed, script unchanged: equality here is the 'exact' level. */
  written: string;
  /** Canonical (simplified, variants folded). */
  canonical: string;
  surname: string;
  given: string;
  /** Toneless pinyin syllables joined by spaces. */
  pinyin: string;
  /** Canonical with each character replaced by the representative of its look-alike set. */
  folded: string;
  /** 夫姓+本姓+氏 (陈林氏) or a possible 夫姓+本姓+名 (陈林秀英). */
  married?: { husband: string; own: string; ownName: string; possible?: true };
  /** X氏 with no husband's surname: only the surname is known. */
  surnameOnly?: true;
};

export type PreparedNameField = {
  primary: PreparedName;
  alternatives: PreparedName[];
  /** 1 for typed or confident readings; lower for uncertain OCR. */
  reliability: number;
};

export type PreparedDate = ParsedDate & {
  /** A Gregorian day-precision date re-read as a lunar date and converted (residents often give their lunar birthday). */
  asLunar?: PartialYmd | null;
};

export type PreparedDateField = {
  primary: PreparedDate;
  alternatives: PreparedDate[];
  reliability: number;
  /** One digit of the written date was not read: primary and alternatives are the dates it may be, none preferred. */
  digitUnread?: true;
};

export type PreparedId = {
  /** The 18-character form. */
  normalized: string;
  kind: "18" | "15";
  valid: boolean;
  /** yyyymmdd, when the digits are a real date. */
  birth: string | null;
  sex: "male" | "female" | null;
};

export type PreparedIdField = { primary: PreparedId; alternatives: PreparedId[]; reliability: number };

export type PreparedPlace = {
  canonical: string;
  /** Canonical without administrative suffixes (省市县区...), for equality and containment. */
  core: string;
  /** Short names of the administrative units named, with the units above them (正定 → 河北, 石家庄, 正定). */
  regions: string[];
  /** Nothing but administrative units (a county, not a street address in it). */
  adminOnly: boolean;
  /** Character bigrams of `core`. */
  grams: string[];
};

export type PreparedPlaceField = { primary: PreparedPlace; alternatives: PreparedPlace[]; reliability: number };

export type PreparedSex = { value: "male" | "female"; reliability: number };

/** A query or an entry, normalised once. Plain JSON. */
export type PreparedRecord = {
  /** The {@link PREPARE_VERSION} that prepared it: a record of another version is prepared again from its fields. */
  version: number;
  kind: "entry" | "query";
  id: string;
  name?: PreparedNameField;
  formerNames: PreparedName[];
  sex?: PreparedSex;
  birthDate?: PreparedDateField;
  birthPlace?: PreparedPlaceField;
  nativePlace?: PreparedPlaceField;
  address?: PreparedPlaceField;
  fatherName?: PreparedNameField;
  motherName?: PreparedNameField;
  spouseName?: PreparedNameField;
  idNumber?: PreparedIdField;
  /** Blocking keys, sorted and unique. */
  keys: string[];
};

export type PreparedEntry = PreparedRecord & { kind: "entry" };
export type PreparedQuery = PreparedRecord & { kind: "query" };

/** The fields the model compares, in explanation order. */
export const MATCH_FIELDS = [
  "name",
  "formerNames",
  "sex",
  "birthDate",
  "idNumber",
  "birthPlace",
  "nativePlace",
  "address",
  "fatherName",
  "motherName",
  "spouseName",
] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export type LevelParams = { m: number; u: number };

export type MatchModel = {
  /** λ: the probability that a query and one random archive entry are the same person. */
  priorMatch: number;
  fields: Record<string, Record<string, LevelParams>>;
};

export type ComparisonLevel = {
  field: string;
  level: string;
  m: number;
  u: number;
  /** log2(m/u) after term-frequency and reliability adjustment; 0 for 'missing'. */
  weight: number;
  detail?: string;
  /** The values compared (for the explanation), query side first. */
  values?: [string, string];
};

/** Field → level of one pair, 'missing' fields left out: what EM learns from. */
export type ComparisonVector = Record<string, string>;

export type MatchResult = {
  levels: ComparisonLevel[];
  /** log2 odds: prior plus the sum of the field weights. */
  matchWeight: number;
  probability: number;
  /** log2(λ/(1-λ)). */
  priorWeight: number;
};

export type Ranked = MatchResult & { entryId: string; rank: number };
