/**
 * Simplified -> Traditional conversion for page text. The generator keeps its
 * data in Simplified (the source lists are Simplified) and converts per field
 * with opencc. Surnames and place names need care: opencc converts by word
 * usage, so the surname 于 would become 於 and the 里 in a place name 裡.
 */
import * as OpenCC from "opencc-js";

export type Script = "traditional" | "simplified";

const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });
const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

/** Surnames whose character is also a Traditional surname, though opencc would change it. */
const KEEP_SURNAME_CHARS = new Set("于余范岳涂游党郁朴占干种丑后台咸里伙采么幺吁征岩谷");

export function convertText(text: string, script: Script): string {
  return script === "simplified" ? text : toTraditional(text);
}

export function simplify(text: string): string {
  return toSimplified(text);
}

export function convertSurname(surname: string, script: Script): string {
  if (script === "simplified") return surname;
  return [...surname].map((ch) => (KEEP_SURNAME_CHARS.has(ch) ? ch : toTraditional(ch))).join("");
}

/** Given names are converted character by character: names are not words. */
export function convertGivenName(given: string, script: Script): string {
  if (script === "simplified") return given;
  return [...given].map((ch) => toTraditional(ch)).join("");
}

/** Place names: 里 stays 里 (萬里, 平里店), never 裡. */
export function convertPlace(place: string, script: Script): string {
  if (script === "simplified") return place;
  return toTraditional(place).replace(/[裡裏]/g, "里");
}
