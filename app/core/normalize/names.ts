/**
 * Personal names: surname and given name (with compound surnames), married
 * women's 夫姓+本姓+氏 form (陳林氏), toneless pinyin for names written from
 * speech, blocking keys, and sex as registers write it.
 */
import { pinyin } from "pinyin-pro";
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from "./data/surnames";
import { canonicalText, toHalfWidth } from "./text";

export type MarriedForm = {
  husbandSurname: string;
  ownSurname: string;
  /** Her name without the husband's surname: 林氏 for 陈林氏, 林秀英 for 陈林秀英. */
  ownName: string;
};

export type ParsedName = {
  raw: string;
  /** Canonical text without spaces or punctuation (middle dots of transliterated names kept as ·). */
  canonical: string;
  /** Empty for transliterated names with a middle dot and for names with no Han characters. */
  surname: string;
  given: string;
  compoundSurname: boolean;
  marriedForm?: MarriedForm;
  /** Four characters opening with two surnames (陈林秀英): perhaps 夫姓+本姓+名, perhaps not. */
  possibleMarried?: true;
};

const SINGLE = new Set(Array.from(SINGLE_SURNAMES));
/** The most frequent 300: a second character this common is read as a surname in 陈林秀英. */
const COMMON_SINGLE = new Set(Array.from(SINGLE_SURNAMES).slice(0, 300));
const COMPOUND = new Set(COMPOUND_SURNAMES);

const HAN = /\p{Script=Han}/u;
const MIDDLE_DOTS = /[·•‧・∙⋅．.]/gu;

/** Is `s` (canonical) a known single or compound surname? */
export function isSurname(s: string): boolean {
  const c = canonicalText(s);
  return SINGLE.has(c) || COMPOUND.has(c);
}

/** The canonical name: canonical text, no spaces or punctuation, one kind of middle dot. */
export function canonicalName(raw: string): string {
  const text = canonicalText(typeof raw === "string" ? raw : "");
  const latin = !HAN.test(text);
  if (latin) return text.replace(/[^\p{L}\p{M}\s'-]/gu, "").replace(/\s+/gu, " ").trim();
  return text
    .replace(MIDDLE_DOTS, "·")
    .replace(/[^\p{Script=Han}·\p{L}]/gu, "")
    .replace(/^·+|·+$/gu, "")
    .replace(/·+/gu, "·");
}

/** Splits a leading surname: compound first, as long as something (or 氏) follows it. */
function leadingSurname(chars: string[]): { surname: string; compound: boolean } {
  const two = chars.slice(0, 2).join("");
  if (chars.length >= 3 && COMPOUND.has(two)) return { surname: two, compound: true };
  return { surname: chars[0] ?? "", compound: false };
}

/** 夫姓+本姓 before 氏, each single or compound. */
function splitMarriedClan(clan: string[]): { husband: string; own: string } | null {
  const pair = (i: number) => clan.slice(i, i + 2).join("");
  if (clan.length === 2) return { husband: clan[0], own: clan[1] };
  if (clan.length === 3 && COMPOUND.has(pair(0))) return { husband: pair(0), own: clan[2] };
  if (clan.length === 3 && COMPOUND.has(pair(1))) return { husband: clan[0], own: pair(1) };
  if (clan.length === 4 && COMPOUND.has(pair(0)) && COMPOUND.has(pair(2))) return { husband: pair(0), own: pair(2) };
  return null;
}

export function parseName(raw: string): ParsedName {
  const canonical = canonicalName(raw);
  const base = { raw: typeof raw === "string" ? raw : "", canonical };
  if (canonical.includes("·") || !HAN.test(canonical)) {
    return { ...base, surname: "", given: canonical, compoundSurname: false };
  }
  const chars = Array.from(canonical);

  if (chars.length >= 2 && chars[chars.length - 1] === "氏") {
    const clan = chars.slice(0, -1);
    if (clan.length === 1) return { ...base, surname: clan[0], given: "", compoundSurname: false };
    if (clan.length === 2 && COMPOUND.has(clan.join(""))) {
      return { ...base, surname: clan.join(""), given: "", compoundSurname: true };
    }
    const split = splitMarriedClan(clan);
    if (split) {
      return {
        ...base,
        surname: split.husband,
        given: "",
        compoundSurname: split.husband.length > 1,
        marriedForm: { husbandSurname: split.husband, ownSurname: split.own, ownName: `${split.own}氏` },
      };
    }
  }

  const { surname, compound } = leadingSurname(chars);
  const given = chars.slice(surname.length === 2 ? 2 : 1).join("");
  const parsed: ParsedName = { ...base, surname, given, compoundSurname: compound };
  if (!compound && chars.length === 4 && SINGLE.has(chars[0]) && COMMON_SINGLE.has(chars[1]) && !COMPOUND.has(chars.slice(0, 2).join(""))) {
    parsed.possibleMarried = true;
    parsed.marriedForm = { husbandSurname: chars[0], ownSurname: chars[1], ownName: chars.slice(1).join("") };
  }
  return parsed;
}

function syllables(text: string, mode: "surname" | "normal"): string[] {
  if (text === "") return [];
  const han = Array.from(text).filter((c) => HAN.test(c)).join("");
  if (han === "") return [];
  return pinyin(han, { toneType: "none", type: "array", mode, v: true }).map((s) => s.toLowerCase());
}

/**
 * Toneless pinyin syllables (ü written v), reading surnames as surnames
 * (单 shan, 曾 zeng, 解 xie, 仇 qiu). Only Han characters are read.
 */
export function namePinyin(name: string | ParsedName): string[] {
  const parsed = typeof name === "string" ? parseName(name) : name;
  if (parsed.marriedForm && !parsed.possibleMarried) {
    return [
      ...syllables(parsed.marriedForm.husbandSurname, "surname"),
      ...syllables(parsed.marriedForm.ownSurname, "surname"),
      ...syllables("氏", "normal"),
    ];
  }
  if (parsed.surname === "") return syllables(parsed.given, "normal");
  return [...syllables(parsed.surname, "surname"), ...syllables(parsed.given, "normal")];
}

/**
 * Blocking keys from a canonical name: adjacent Han character pairs and pairs
 * one character apart, so that one misread character still leaves a shared
 * key. A one-character name gives itself; a name with no Han characters gives
 * its lower-cased words.
 */
export function nameBigrams(canonical: string): string[] {
  const chars = Array.from(canonical).filter((c) => HAN.test(c));
  if (chars.length === 0) return [...new Set(canonical.toLowerCase().split(/[^\p{L}\p{M}'-]+/u).filter(Boolean))];
  if (chars.length === 1) return chars;
  const keys = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) keys.add(chars[i] + chars[i + 1]);
  for (let i = 0; i < chars.length - 2; i++) keys.add(chars[i] + chars[i + 2]);
  return [...keys];
}

const MALE = new Set(["男", "男性", "男子", "乾", "m", "male", "man", "boy", "1", "♂"]);
const FEMALE = new Set(["女", "女性", "女子", "坤", "f", "female", "woman", "girl", "2", "♀"]);

/**
 * Sex from a register's sex field: 男/女 (also 男性, and 乾/坤 of old
 * genealogies), M/F, male/female, and the GB/T 2261.1 codes 1/2.
 */
export function sexFromText(text: string): "male" | "female" | null {
  const raw = typeof text === "string" ? text : "";
  const clean = (s: string) => s.replace(/[\s.:()\[\]（）]/gu, "").toLowerCase();
  // Read before canonicalising too: 乾 simplifies to 干.
  for (const t of [clean(toHalfWidth(raw)), clean(canonicalText(raw))]) {
    if (MALE.has(t)) return "male";
    if (FEMALE.has(t)) return "female";
  }
  return null;
}
