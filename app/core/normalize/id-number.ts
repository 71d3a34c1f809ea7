/**
 * PRC resident identity numbers (公民身份號碼): 18 characters (6-digit region
 * code, 8-digit birth date, 3-digit sequence with odd = male, ISO 7064
 * MOD 11-2 check character) and the old 15-digit form (yymmdd, no check).
 */
import { compareDates, isValidGregorian, type DateComparison, type ParsedDate, type PartialYmd } from "./dates";
import { toHalfWidth } from "./text";

export type IdCheckChar = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "X";
export type Sex = "male" | "female";
export type IdProblem = "bad-chars" | "bad-length" | "bad-check-char" | "bad-birth-date" | "bad-region";

export type ParsedIdNumber = {
  input: string;
  /** The 18-character form (15-digit numbers upgraded); null when the characters or length are wrong. */
  normalized: string | null;
  kind: "18" | "15" | "invalid";
  valid: boolean;
  birthDate: { year: number; month: number; day: number } | null;
  sex: Sex | null;
  regionCode: string | null;
  problems: IdProblem[];
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: readonly IdCheckChar[] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"];

/** Province-level prefixes in use (including 71 Taiwan, 81 Hong Kong, 82 Macau). */
const PROVINCE_PREFIXES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82",
]);

/** ISO 7064 MOD 11-2 check character for the first 17 digits; null unless given exactly 17 ASCII digits. */
export function idCheckChar(first17: string): IdCheckChar | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Does an 18-character number end in the right check character? */
export function hasValidCheckChar(id18: string): boolean {
  return id18.length === 18 && idCheckChar(id18.slice(0, 17)) === id18[17];
}

/** Half-width, without spaces, hyphens or dots, X upper-cased (also from the multiplication sign OCR sometimes reads). */
export function cleanIdText(text: string): string {
  return toHalfWidth(text).replace(/[\s\-_.·]/gu, "").replace(/[x×✕]/gu, "X");
}

/** The 18-character form of a 15-digit number: 19 inserted before yymmdd and the check character appended. */
export function upgradeId15(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

export function parseIdNumber(text: string): ParsedIdNumber {
  const input = typeof text === "string" ? text : "";
  const cleaned = cleanIdText(input);
  const invalid = (problem: IdProblem): ParsedIdNumber => ({
    input, normalized: null, kind: "invalid", valid: false, birthDate: null, sex: null, regionCode: null, problems: [problem],
  });

  if (!/^(\d{17}[\dX]|\d{15})$/.test(cleaned)) {
    if (!/^\d*X?$/.test(cleaned)) return invalid("bad-chars");
    return invalid("bad-length");
  }

  const problems: IdProblem[] = [];
  const kind = cleaned.length === 18 ? "18" : "15";
  const normalized = kind === "18" ? cleaned : upgradeId15(cleaned)!;
  if (kind === "18" && !hasValidCheckChar(normalized)) problems.push("bad-check-char");

  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  const birthDate = isValidGregorian(year, month, day) ? { year, month, day } : null;
  if (!birthDate) problems.push("bad-birth-date");

  const regionCode = normalized.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) problems.push("bad-region");

  return {
    input,
    normalized,
    kind,
    valid: problems.length === 0,
    birthDate,
    sex: Number(normalized[16]) % 2 === 1 ? "male" : "female",
    regionCode,
    problems,
  };
}

/** Blocking keys: the region code, and the region code with the birth year. Empty when the number is unusable. */
export function idPrefixKeys(id: string | ParsedIdNumber): string[] {
  const parsed = typeof id === "string" ? parseIdNumber(id) : id;
  const n = parsed.normalized;
  if (n === null) return [];
  return [n.slice(0, 6), n.slice(0, 10)];
}

export type IdMismatch =
  | { field: "birthDate"; fromId: PartialYmd; claimed: PartialYmd; comparison: DateComparison }
  | { field: "sex"; fromId: Sex; claimed: Sex };

export type IdClaims = {
  birthDate?: ParsedDate | PartialYmd | null;
  sex?: Sex | null;
};

function idBirthAsDate(birth: { year: number; month: number; day: number }): ParsedDate {
  return {
    calendar: "gregorian", ...birth, precision: "day", source: "gregorian", uncertain: false, gregorian: { ...birth }, raw: "",
  };
}

function claimAsDate(claim: ParsedDate | PartialYmd): ParsedDate {
  if ("calendar" in claim) return claim;
  const precision = claim.day !== null && claim.month !== null ? "day" : claim.month !== null ? "month" : "year";
  const g = { year: claim.year, month: claim.month, day: precision === "day" ? claim.day : null };
  return { calendar: "gregorian", ...g, precision, source: "gregorian", uncertain: false, gregorian: g, raw: "" };
}

const AGREEING: ReadonlySet<DateComparison> = new Set(["exact", "same-after-era-conversion", "partial-compatible"]);

/**
 * Fields of a parsed ID that contradict what a record or resident claims.
 * A partial or lunar birth date agrees when its Gregorian value fits the ID.
 */
export function crossCheckId(parsed: ParsedIdNumber, claims: IdClaims): IdMismatch[] {
  const mismatches: IdMismatch[] = [];
  if (parsed.birthDate && claims.birthDate) {
    const claimed = claimAsDate(claims.birthDate);
    const comparison = compareDates(idBirthAsDate(parsed.birthDate), claimed);
    if (!AGREEING.has(comparison)) {
      mismatches.push({
        field: "birthDate",
        fromId: { ...parsed.birthDate },
        claimed: claimed.gregorian ?? { year: claimed.year, month: null, day: null },
        comparison,
      });
    }
  }
  if (parsed.sex && claims.sex && parsed.sex !== claims.sex) {
    mismatches.push({ field: "sex", fromId: parsed.sex, claimed: claims.sex });
  }
  return mismatches;
}
