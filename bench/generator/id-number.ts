/**
 * PRC resident ID numbers (GB 11643-1999): 6-digit region code, 8-digit birth
 * date, 3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2
 * check character. The first-generation 15-digit form has a 6-digit yymmdd date
 * and no check character.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";

/** Check character for the first 17 digits of an 18-digit ID. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected 17 digits, got ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export function isValidId18(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

/** 15-digit IDs were issued to people born in the 1900s: insert "19" and add the check character. */
export function id15To18(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new Error(`expected 15 digits, got ${id15}`);
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + idCheckChar(first17);
}

/** birthDate is ISO yyyy-mm-dd; sequence is 1..999 and must be odd for men, even for women. */
export function makeId18(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll("-", "")}${String(sequence).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

export function makeId15(regionCode: string, birthDate: string, sequence: number): string {
  if (!birthDate.startsWith("19")) throw new Error("15-digit IDs only exist for births in the 1900s");
  return `${regionCode}${birthDate.slice(2).replaceAll("-", "")}${String(sequence).padStart(3, "0")}`;
}
