/**
 * Generates synthetic register pages with ground truth.
 *
 *   npx tsx bench/generator/cli.ts --out DIR --seed N --pages N [--kinds person-card,household-ledger]
 *   npx tsx bench/generator/cli.ts --out tests/fixtures/pages --seed 20240611 --fixtures
 *
 * Writes <id>.png or <id>.jpg and <id>.json per page, and manifest.json.
 * --fixtures writes the fixed 24-page set described in tests/fixtures/pages/README.md.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { missingFontPackages } from "./fonts.ts";
import { PAGE_KINDS, formatTruthJson, type PageKind } from "./ground-truth.ts";
import { generatePage, planFixturePages, planRandomPages } from "./pages.ts";

const USAGE = "usage: npx tsx bench/generator/cli.ts --out DIR --seed N (--pages N [--kinds person-card,household-ledger] | --fixtures)";

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      seed: { type: "string", default: "1" },
      pages: { type: "string" },
      kinds: { type: "string", default: PAGE_KINDS.join(",") },
      fixtures: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.out || (!values.fixtures && !values.pages)) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const seed = Number(values.seed);
  const count = Number(values.pages);
  const kinds = values.kinds.split(",").map((k) => k.trim()) as PageKind[];
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
  if (!values.fixtures && (!Number.isInteger(count) || count < 1)) throw new Error(`--pages must be a positive integer, got ${values.pages}`);
  const unknown = kinds.filter((k) => !PAGE_KINDS.includes(k));
  if (unknown.length > 0) throw new Error(`unknown --kinds ${unknown.join(", ")}; expected ${PAGE_KINDS.join(", ")}`);
  const missing = missingFontPackages();
  if (missing.length > 0) throw new Error(`missing fonts; install with: apt-get install -y ${missing.join(" ")}`);

  const out = values.out;
  mkdirSync(out, { recursive: true });
  const specs = values.fixtures ? planFixturePages(seed) : planRandomPages(seed, count, kinds);
  const command = values.fixtures ? `npx tsx bench/generator/cli.ts --out ${out} --seed ${seed} --fixtures` : `npx tsx bench/generator/cli.ts --out ${out} --seed ${seed} --pages ${count} --kinds ${kinds.join(",")}`;
  const manifest = {
    generator: "bench/generator/cli.ts",
    command,
    seed,
    pages: [] as Record<string, unknown>[],
  };
  const started = Date.now();
  let bytes = 0;
  for (const [i, spec] of specs.entries()) {
    const page = await generatePage(spec);
    const imageFile = page.truth.image;
    writeFileSync(join(out, imageFile), page.image);
    writeFileSync(join(out, `${spec.id}.json`), formatTruthJson(page.truth));
    bytes += page.image.length;
    manifest.pages.push({
      id: spec.id,
      kind: spec.kind,
      script: spec.script,
      style: spec.style,
      profile: spec.profile,
      dateStyle: spec.dateStyle,
      fonts: page.truth.font,
      image: imageFile,
      truth: `${spec.id}.json`,
      width: page.truth.width,
      height: page.truth.height,
      people: page.truth.people.length,
      bytes: page.image.length,
      sha256: createHash("sha256").update(page.image).digest("hex"),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`\r[${i + 1}/${specs.length}] ${spec.id.padEnd(40)} ${(bytes / 1024 / 1024).toFixed(1)} MB ${seconds}s`);
  }
  process.stderr.write("\n");
  writeFileSync(join(out, "manifest.json"), formatTruthJson(manifest));
  console.log(`wrote ${specs.length} pages (${(bytes / 1024 / 1024).toFixed(2)} MB of images) and manifest.json to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
