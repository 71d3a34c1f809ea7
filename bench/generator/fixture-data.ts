/**
 * Rebuilds the small third-party data slices in tests/fixtures/people/ from the
 * shared data folder:
 *   npx tsx bench/generator/fixture-data.ts /work/shared/data
 * surnames.csv is copied verbatim; places.csv is an evenly spaced slice of 300
 * county-level rows joined with their province and prefecture names.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PLACE_COUNT = 300;

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split("\n")
    .map((line) => line.split(",").map((cell) => cell.replace(/^"(.*)"$/, "$1")));
}

function main(dataDir: string) {
  const outDir = fileURLToPath(new URL("../../tests/fixtures/people/", import.meta.url));
  copyFileSync(join(dataDir, "names/chinese_names_corpus/Chinese_Family_Name_1k.csv"), join(outDir, "surnames.csv"));

  const modood = join(dataDir, "admin_divisions/modood_2023");
  const provinces = new Map(parseCsv(readFileSync(join(modood, "provinces.csv"), "utf8")).slice(1).map(([code, name]) => [code, name]));
  const cities = new Map(parseCsv(readFileSync(join(modood, "cities.csv"), "utf8")).slice(1).map(([code, name]) => [code, name]));
  const areas = parseCsv(readFileSync(join(modood, "areas.csv"), "utf8")).slice(1);
  const rows = ["code,province,city,county"];
  for (let i = 0; i < PLACE_COUNT; i++) {
    const [code, county, cityCode, provinceCode] = areas[Math.floor((i * areas.length) / PLACE_COUNT)];
    const province = provinces.get(provinceCode);
    const city = cities.get(cityCode);
    if (!province || !city) throw new Error(`no province/city for area ${code}`);
    rows.push(`${code},"${province}","${city}","${county}"`);
  }
  writeFileSync(join(outDir, "places.csv"), rows.join("\n") + "\n");
  console.log(`wrote surnames.csv and places.csv (${PLACE_COUNT} rows) to ${outDir}`);
}

main(process.argv[2] ?? "/work/shared/data");
