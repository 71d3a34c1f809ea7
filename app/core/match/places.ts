/**
 * Places (birth place, native place, address) for comparison: canonical text
 * with numerals as digits, administrative suffixes dropped, and the
 * administrative units named, each with the units above it, read from the
 * division-code table (so 正定县 is known to lie in 石家庄 and 河北).
 */
import type { RegionFile } from "~/core/normalize/data/build-region-codes";
import regionJson from "~/core/normalize/data/region-codes.json";
import { canonicalText, isNumeralChar, parseChineseNumber } from "~/core/normalize";
import { memoize } from "./chars";
import type { PlaceLevel } from "./model";
import type { PreparedPlace } from "./types";

const SUFFIXES = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "盟", "旗", "州"];

/** Removes one administrative suffix when at least two characters remain. */
export function stripAdminSuffix(name: string): string {
  for (const s of SUFFIXES) {
    if (name.endsWith(s) && Array.from(name).length - Array.from(s).length >= 2) return name.slice(0, -s.length);
  }
  return name;
}

type Unit = { short: string; province: string; prefecture: string | null };
type RegionIndex = { byFirstChar: Map<string, string[]>; units: Map<string, Unit[]> };

let index: RegionIndex | null = null;

/** Every full and short unit name (current and historical) to the units it may mean. */
function regionIndex(): RegionIndex {
  if (index) return index;
  const file = regionJson as unknown as RegionFile;
  const units = new Map<string, Unit[]>();
  const add = (name: string, unit: Unit) => {
    if (Array.from(name).length < 2) return;
    const list = units.get(name) ?? [];
    if (!list.some((u) => u.short === unit.short && u.province === unit.province && u.prefecture === unit.prefecture)) list.push(unit);
    units.set(name, list);
  };
  for (const rows of Object.values(file.codes)) {
    for (const [name, provinceIndex, prefectureIndex, level] of rows) {
      const province = stripAdminSuffix(file.provinces[provinceIndex]);
      const prefectureFull = prefectureIndex === null ? null : file.prefectures[prefectureIndex];
      const prefecture = prefectureFull === null ? null : stripAdminSuffix(prefectureFull);
      const short = stripAdminSuffix(name);
      // Placeholder rows (市辖区, 县) name no place.
      if (short === "市辖" || name === "县" || name === "市辖区") continue;
      const unit: Unit = level === "p" ? { short, province: short, prefecture: null } : { short, province, prefecture };
      add(name, unit);
      add(short, unit);
    }
  }
  const byFirstChar = new Map<string, string[]>();
  for (const name of units.keys()) {
    const first = name[0];
    const list = byFirstChar.get(first) ?? [];
    list.push(name);
    byFirstChar.set(first, list);
  }
  for (const list of byFirstChar.values()) list.sort((a, b) => b.length - a.length);
  index = { byFirstChar, units };
  return index;
}

/** Runs of Chinese numerals before a house-number word become digits: 三号 → 3号, 十二栋 → 12栋. */
const NUMBER_BEFORE_UNIT = /[〇零一二三四五六七八九十百千两廿卅壹贰叁肆伍陆柒捌玖拾]+[号楼栋室弄巷组队排单]/u;

function numeralsToDigits(text: string): string {
  if (!NUMBER_BEFORE_UNIT.test(text)) return text;
  const chars = Array.from(text);
  let out = "";
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && isNumeralChar(chars[j]) && !/\d/.test(chars[j])) j++;
    if (j > i && /^[号楼栋室弄巷组队排单]$/u.test(chars[j] ?? "")) {
      const n = parseChineseNumber(chars.slice(i, j).join(""));
      out += n === null ? chars.slice(i, j).join("") : String(n);
      i = j;
      continue;
    }
    out += chars[i];
    i++;
  }
  return out;
}

/** The administrative units a place names, scanning for the longest known name at each position. */
function unitsNamed(text: string): { regions: string[]; core: string; adminOnly: boolean } {
  const { byFirstChar, units } = regionIndex();
  const found: Unit[][] = [];
  let core = "";
  let rest = "";
  let i = 0;
  while (i < text.length) {
    const names = byFirstChar.get(text[i]);
    const name = names?.find((n) => text.startsWith(n, i));
    if (name) {
      found.push(units.get(name)!);
      core += stripAdminSuffix(name);
      i += name.length;
    } else {
      core += text[i];
      rest += text[i];
      i++;
    }
  }
  const named = new Set(found.flatMap((list) => list.map((u) => u.short)));
  const regions = new Set<string>();
  for (const candidates of found) {
    // Prefer the reading whose province or prefecture the text also names (朝阳 in 北京 or in 长春).
    const supported = candidates.filter((u) => named.has(u.province) || (u.prefecture !== null && named.has(u.prefecture)));
    const pool = supported.length > 0 ? supported : candidates;
    regions.add(pool[0].short);
    const provinces = new Set(pool.map((u) => u.province));
    const prefectures = new Set(pool.map((u) => u.prefecture));
    if (provinces.size === 1) regions.add(pool[0].province);
    if (prefectures.size === 1 && pool[0].prefecture !== null) regions.add(pool[0].prefecture);
  }
  return { regions: [...regions].sort(), core: stripAdminSuffix(core), adminOnly: found.length > 0 && /^[省市县区州盟旗]*$/u.test(rest) };
}

/** A place's canonical text without spaces, punctuation or symbols. */
const placeText = (raw: string) => canonicalText(raw).replace(/[\s\p{P}\p{S}]/gu, "");

/**
 * Whether a place's first two named units nest (黑龙江 ⊃ 佳木斯, 河北 ⊃
 * 石家庄 ⊃ 正定): true. False where they do not (龙江佳木斯: 黑 lost, 江西贺州),
 * where a province is followed by no known unit (四川滤州), or where the text
 * does not start with a known unit at all (勒苏柯尔克孜自治州, the second line
 * of a wrapped cell). Null where nothing can be judged: one unit and nothing
 * after (上海), or a unit below a province followed by what the table does
 * not name (a street).
 */
export function placeNests(raw: string): boolean | null {
  const text = placeText(raw);
  const { byFirstChar, units } = regionIndex();
  const at = (i: number) => byFirstChar.get(text[i])?.find((n) => text.startsWith(n, i)) ?? null;
  const first = at(0);
  if (!first) return false;
  let i = first.length;
  while (i < text.length && /[省市县区州盟旗]/u.test(text[i]) && !at(i)) i++;
  if (i >= text.length) return null;
  const second = at(i);
  const outer = units.get(first)!;
  if (!second) return outer.some((u) => u.prefecture === null) ? false : null;
  const inner = units.get(second)!;
  const outerNames = new Set(outer.map((u) => u.short));
  return inner.some((u) => outerNames.has(u.province) || (u.prefecture !== null && outerNames.has(u.prefecture)));
}

function bigrams(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

function preparePlaceUncached(raw: string): PreparedPlace | null {
  const canonical = numeralsToDigits(placeText(raw));
  if (canonical === "") return null;
  const { regions, core, adminOnly } = unitsNamed(canonical);
  return { canonical, core, regions, adminOnly, grams: bigrams(core) };
}

export const preparePlace = memoize(preparePlaceUncached, 20_000);

/** Bigram Dice at or above which two places count as 'similar'. */
export const PLACE_SIMILARITY = 0.5;

function subset(a: readonly string[], b: readonly string[]): boolean {
  return a.length > 0 && a.every((x) => b.includes(x));
}

/** Symmetric. */
export function comparePlace(a: PreparedPlace, b: PreparedPlace): PlaceLevel {
  if (a.canonical === b.canonical || a.core === b.core) return "exact";
  const shorter = a.core.length <= b.core.length ? a.core : b.core;
  if (Array.from(shorter).length >= 2 && (a.core.includes(b.core) || b.core.includes(a.core))) return "contains";
  // 正定 lies within 石家庄: a place that is only administrative units, all named (or implied) by the other.
  if ((a.adminOnly && subset(a.regions, b.regions)) || (b.adminOnly && subset(b.regions, a.regions))) return "contains";
  return diceOf(a.grams, b.grams) >= PLACE_SIMILARITY ? "similar" : "different";
}

function diceOf(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (const g of b) if (a.includes(g)) shared++;
  return (2 * shared) / (a.length + b.length);
}
