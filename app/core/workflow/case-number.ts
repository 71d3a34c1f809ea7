/** Human-readable case numbers: SJ-<year>-<six-digit sequence of that year>. */
export const CASE_NUMBER_PATTERN = /^SJ-(\d{4})-(\d{6,})$/;

export function formatCaseNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError("year must have four digits");
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError("sequence must be a positive integer");
  return `SJ-${year}-${String(sequence).padStart(6, "0")}`;
}

export function isCaseNumber(text: string): boolean {
  return CASE_NUMBER_PATTERN.test(text);
}

/** Resident access codes: 12 characters of Crockford base32 in groups of four, from random bytes. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function formatAccessCode(random: Uint8Array): string {
  if (random.length < 12) throw new RangeError("an access code needs 12 random bytes");
  const chars = Array.from(random.slice(0, 12), (b) => CROCKFORD[b % 32]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** What a resident types, made comparable: upper case, no separators, I/L→1, O→0. */
export function normaliseAccessCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
}
