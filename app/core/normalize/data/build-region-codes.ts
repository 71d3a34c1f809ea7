/**
 * Builds region-codes.json from yescallop/areacodes' result.csv.
 *
 *   npx tsx app/core/normalize/data/build-region-codes.ts /work/shared/data/admin_divisions/areacodes_history/result.csv [out.json]
 *
 * The output keeps every row (county level and above, 1981 to date), with
 * province and prefecture names stored once and referred to by index.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REGION_FIELDS = ["name", "province", "prefecture", "level", "start", "end", "successors"] as const;

/** name, province index, prefecture index (null: none or 直辖), level, first year, year it ended (exclusive, null: in use), successors as upstream writes them. */
export type RegionRow = [string, number, number | null, "p" | "f" | "c", number, number | null, string];

export type RegionFile = {
  source: string;
  fields: typeof REGION_FIELDS;
  provinces: string[];
  prefectures: string[];
  codes: Record<string, RegionRow[]>;
};

const HEADER = "代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码";
const LEVELS: Record<string, RegionRow[3]> = { 省级: "p", 地级: "f", 县级: "c" };

export function buildRegionFile(csv: string, source: string): RegionFile {
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines[0] !== HEADER) throw new Error(`unexpected header: ${lines[0]}`);
  const provinces: string[] = [];
  const prefectures: string[] = [];
  const indexOf = (list: string[], value: string) => {
    let i = list.indexOf(value);
    if (i < 0) i = list.push(value) - 1;
    return i;
  };
  const codes: Record<string, RegionRow[]> = {};
  for (const [n, line] of lines.slice(1).entries()) {
    const cols = line.split(",");
    if (cols.length !== 9) throw new Error(`line ${n + 2}: expected 9 columns, got ${cols.length}`);
    const [code, province, prefecture, name, level, , start, end, successors] = cols;
    if (!/^\d{6}$/.test(code) || !(level in LEVELS) || !/^\d{4}$/.test(start) || !/^(\d{4})?$/.test(end)) {
      throw new Error(`line ${n + 2}: malformed row: ${line}`);
    }
    const row: RegionRow = [
      name,
      indexOf(provinces, province),
      prefecture === "" || prefecture === "直辖" ? null : indexOf(prefectures, prefecture),
      LEVELS[level],
      Number(start),
      end === "" ? null : Number(end),
      successors,
    ];
    (codes[code] ??= []).push(row);
  }
  for (const rows of Object.values(codes)) rows.sort((a, b) => a[4] - b[4]);
  return { source, fields: REGION_FIELDS, provinces, prefectures, codes };
}

/** One code per line, so that a data update reads well in a diff. */
export function serializeRegionFile(file: RegionFile): string {
  const head = JSON.stringify({ source: file.source, fields: file.fields, provinces: file.provinces, prefectures: file.prefectures });
  const body = Object.keys(file.codes)
    .sort()
    .map((code) => `${JSON.stringify(code)}:${JSON.stringify(file.codes[code])}`)
    .join(",\n");
  return `${head.slice(0, -1)},"codes":{\n${body}\n}}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output = fileURLToPath(new URL("./region-codes.json", import.meta.url))] = process.argv.slice(2);
  if (!input) {
    process.stderr.write("usage: build-region-codes.ts <areacodes result.csv> [out.json]\n");
    process.exit(2);
  }
  const source =
    "yescallop/areacodes result.csv, commit eed219a0678d36bacaa717f62443b10e869f0291 (2025-11-04), CC0-1.0";
  const file = buildRegionFile(readFileSync(input, "utf8"), source);
  writeFileSync(output, serializeRegionFile(file));
  process.stdout.write(`${Object.keys(file.codes).length} codes written to ${output}\n`);
}
