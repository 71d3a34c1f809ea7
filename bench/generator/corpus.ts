/**
 * The third-party lists the generator samples from, shipped as small slices in
 * tests/fixtures/people/ (see the README there for sources and licences).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WeightedTable } from "./random.ts";

/** A county-level division (NBS 2023 code and names, Simplified). */
export interface Place {
  code: string;
  province: string;
  city: string;
  county: string;
}

export interface Corpus {
  surnames: WeightedTable<string>;
  /** Two-character surnames (欧阳, 司马 ...), to split full names. */
  compoundSurnames: Set<string>;
  places: Place[];
}

const DEFAULT_DIR = fileURLToPath(new URL("../../tests/fixtures/people/", import.meta.url));

/** Prefecture names that are placeholders in the NBS list, not real city names. */
const PLACEHOLDER_CITIES = new Set(["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"]);

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(",").map((cell) => cell.replace(/^"(.*)"$/, "$1")));
}

const cache = new Map<string, Corpus>();

export function loadCorpus(dir: string = DEFAULT_DIR): Corpus {
  const cached = cache.get(dir);
  if (cached) return cached;
  const surnameRows = parseCsv(readFileSync(`${dir}/surnames.csv`, "utf8"));
  const surnames = new WeightedTable(
    surnameRows.map(([name]) => name),
    surnameRows.map(([, tf]) => Number(tf)),
  );
  const places = parseCsv(readFileSync(`${dir}/places.csv`, "utf8")).map(([code, province, city, county]) => ({ code, province, city, county }));
  const compoundSurnames = new Set(surnameRows.map(([name]) => name).filter((name) => name.length > 1));
  const corpus = { surnames, compoundSurnames, places };
  cache.set(dir, corpus);
  return corpus;
}

/** 河北省唐山市丰南区; municipalities and directly administered counties skip the placeholder city. */
export function fullPlaceName(place: Place): string {
  return `${place.province}${PLACEHOLDER_CITIES.has(place.city) ? "" : place.city}${place.county}`;
}

/** 唐山市丰南区 (or 北京市东城区 for municipalities). */
export function shortPlaceName(place: Place): string {
  return `${PLACEHOLDER_CITIES.has(place.city) ? (isMunicipality(place) ? place.province : "") : place.city}${place.county}`;
}

/** Beijing, Tianjin, Shanghai and Chongqing list their districts under 市辖区 (and 县). */
function isMunicipality(place: Place): boolean {
  return place.city === "市辖区" || place.city === "县";
}

export function shortProvince(province: string): string {
  const autonomous: Record<string, string> = {
    内蒙古自治区: "内蒙古",
    广西壮族自治区: "广西",
    西藏自治区: "西藏",
    宁夏回族自治区: "宁夏",
    新疆维吾尔自治区: "新疆",
  };
  return autonomous[province] ?? province.replace(/[省市]$/, "");
}

/** 籍贯 as registers write it: 河北唐山, or 北京 for a municipality. */
export function nativePlaceName(place: Place, long: boolean): string {
  if (PLACEHOLDER_CITIES.has(place.city)) {
    return isMunicipality(place) ? (long ? place.province : shortProvince(place.province)) : long ? `${place.province}${place.county}` : `${shortProvince(place.province)}${place.county.replace(/[县市]$/, "")}`;
  }
  if (long) return `${place.province}${place.city}`;
  const city = place.city.endsWith("自治州") || place.city.endsWith("地区") || place.city.endsWith("盟") ? place.city : place.city.replace(/市$/, "");
  return `${shortProvince(place.province)}${city}`;
}

/** Splits a Simplified full name into surname and given name. */
export function splitFullName(fullName: string, corpus: Corpus = loadCorpus()): [string, string] {
  const length = fullName.length > 2 && corpus.compoundSurnames.has(fullName.slice(0, 2)) ? 2 : 1;
  return [fullName.slice(0, length), fullName.slice(length)];
}
