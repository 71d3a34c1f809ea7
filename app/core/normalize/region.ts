/**
 * Six-digit administrative division codes (the first six digits of a resident
 * ID), including codes abolished since 1981 and where their territory went.
 * IDs keep the code in use when they were issued, so old codes are normal.
 */
import type { RegionFile, RegionRow } from "./data/build-region-codes";
import regionJson from "./data/region-codes.json";

const regions = regionJson as unknown as RegionFile;

export type RegionLevel = "province" | "prefecture" | "county";

export type RegionSuccessor = {
  code: string;
  /** The year the territory passed to this code. */
  year: number;
  /** The successor's name in that year (null if the code is not in the table). */
  name: string | null;
};

export type Region = {
  code: string;
  name: string;
  province: string;
  /** The prefecture (地级) it belonged to; null for provinces and for units directly under a province or municipality. */
  prefecture: string | null;
  /** Province, prefecture and name without repeats, e.g. 河北省石家庄市长安区. */
  fullName: string;
  level: RegionLevel;
  /** First year in the code lists, and the year it left them (exclusive; null while in use). */
  start: number;
  end: number | null;
  current: boolean;
  /**
   * For a code no longer in use: the codes that took over its territory. For a
   * code still in use: codes that took over part of it, or the same code when
   * the unit was renamed.
   */
  successors: RegionSuccessor[];
};

const LEVEL_NAMES: Record<RegionRow[3], RegionLevel> = { p: "province", f: "prefecture", c: "county" };

function parseSuccessors(text: string, end: number | null, start: number): Array<{ code: string; year: number }> {
  if (text === "") return [];
  return text.split(";").map((part) => {
    const m = /^(\d{6})(?:\[(\d{4})\])?$/.exec(part);
    if (!m) return { code: part, year: end ?? start };
    return { code: m[1], year: m[2] ? Number(m[2]) : end ?? start };
  });
}

function pickRow(rows: RegionRow[], year: number | undefined): RegionRow {
  if (year === undefined) return rows.find((r) => r[5] === null) ?? rows[rows.length - 1];
  const inUse = rows.find((r) => r[4] <= year && (r[5] === null || year < r[5]));
  if (inUse) return inUse;
  if (year < rows[0][4]) return rows[0];
  // Abolished by then: the last row that had started.
  return [...rows].reverse().find((r) => r[4] <= year) ?? rows[0];
}

function nameAt(code: string, year: number): string | null {
  const rows = regions.codes[code];
  return rows ? pickRow(rows, year)[0] : null;
}

function toRegion(code: string, row: RegionRow): Region {
  const [name, provinceIndex, prefectureIndex, level, start, end, successors] = row;
  const province = regions.provinces[provinceIndex];
  const prefecture = prefectureIndex === null ? null : regions.prefectures[prefectureIndex];
  const parts = [province, prefecture, name].filter((p): p is string => p !== null);
  const fullName = parts.filter((p, i) => i === 0 || p !== parts[i - 1]).join("");
  return {
    code,
    name,
    province,
    prefecture,
    fullName,
    level: LEVEL_NAMES[level],
    start,
    end,
    current: end === null,
    successors: parseSuccessors(successors, end, start).map((s) => ({ ...s, name: nameAt(s.code, s.year) })),
  };
}

function cleanCode(code: string): string | null {
  const c = typeof code === "string" ? code.trim() : "";
  return /^\d{6}$/.test(c) ? c : null;
}

/**
 * The place a 6-digit code named. With a year, the unit that held the code
 * then (a code can be reused or renamed); without, the unit holding it now or
 * the last one that did. Null for codes not in the tables.
 */
export function lookupRegion(code: string, year?: number): Region | null {
  const c = cleanCode(code);
  const rows = c === null ? undefined : regions.codes[c];
  if (!c || !rows) return null;
  return toRegion(c, pickRow(rows, year));
}

/** Every code with any row in the tables (for tests and statistics). */
export function regionCodeCount(): number {
  return Object.keys(regions.codes).length;
}

/**
 * The codes in use today that cover a code's territory, following successors
 * through every renumbering. A code still in use covers itself.
 */
export function currentRegionCodes(code: string, year?: number): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (c: string, y: number | undefined) => {
    const key = `${c}@${y ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    const region = lookupRegion(c, y);
    if (!region) return;
    if (region.current) {
      found.add(c);
      return;
    }
    for (const s of region.successors) visit(s.code, s.year);
  };
  visit(code, year);
  return [...found].sort();
}
