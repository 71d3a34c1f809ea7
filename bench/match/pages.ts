/**
 * The pages whose people are "present" in the benchmark archive: planned
 * from a seed (both kinds, printed and handwriting fonts, every degradation
 * profile), rendered by bench/generator, read by the real OCR
 * (workers/ocr/read-page.ts, both engines; readings cached by image SHA-256
 * in .cache/bench-match/ocr/) and extracted the way the extraction worker
 * does it.
 */
import { combineReadings } from "~/core/ocr/combine";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { extractPage, linesFromPage, type ExtractedPage } from "~/core/extract";
import type { CombinedLine, OcrReading } from "~/core/ocr/types";

import type { PpocrEngine } from "../../workers/ocr/ppocr-engine.ts";
import { PPOCR_READING_FORMAT } from "../../workers/ocr/ctc.ts";
import { PPOCR_V5 } from "../../workers/ocr/ppocr-models.ts";
import type { TesseractPool } from "../../workers/ocr/tesseract-pool.ts";
import { DATE_STYLES } from "../generator/dates.ts";
import type { PageKind, PageTruth } from "../generator/ground-truth.ts";
import { generatePage, PROFILES, type PageSpec } from "../generator/pages.ts";
import { generateHouseholds } from "../generator/people.ts";
import { Rng } from "../generator/random.ts";
import type { Script } from "../generator/script.ts";
import { mapEntriesToPeople } from "./truth-map.ts";

/**
 * N pages cycling through kind (card, ledger), value style (printed,
 * handwriting) and the six degradation profiles; the script is drawn at
 * random. One card in four shows a member of a household already on a
 * ledger, so some people have two entries in different scripts and fonts,
 * as they do in real archives.
 */
export function planBenchPages(seed: number, count: number): PageSpec[] {
  const rng = new Rng(seed).fork("bench-match-plan");
  const households = generateHouseholds(seed, count, { idPrefix: `bm${seed}` });
  const ledgers: PageSpec[] = [];
  const specs: PageSpec[] = [];
  const onCard = new Set<string>();
  for (let i = 0; i < count; i++) {
    const kind: PageKind = i % 2 === 0 ? "household-ledger" : "person-card";
    const style = Math.floor(i / 2) % 2 === 0 ? "printed" : "handwriting";
    const profile = PROFILES[Math.floor(i / 4) % PROFILES.length];
    const script: Script = rng.chance(0.5) ? "traditional" : "simplified";
    const dateStyle = rng.pick(script === "traditional" ? [...DATE_STYLES] : DATE_STYLES.filter((d) => !d.startsWith("roc-")));
    let household = households[i];
    let memberIndex = rng.int(0, household.members.length - 1);
    if (kind === "person-card" && ledgers.length > 0 && rng.chance(0.25)) {
      const ledger = rng.pick(ledgers);
      const free = ledger.household.members.map((m, k) => ({ m, k })).filter(({ m }) => !onCard.has(m.personId));
      if (free.length > 0) {
        household = ledger.household;
        memberIndex = rng.pick(free).k;
      }
    }
    if (kind === "person-card") onCard.add(household.members[memberIndex].personId);
    const spec: PageSpec = {
      id: `bm-${seed}-${String(i + 1).padStart(3, "0")}-${kind === "person-card" ? "card" : "ledger"}-${script === "traditional" ? "trad" : "simp"}-${style === "printed" ? "print" : "hand"}-${profile}`,
      kind,
      script,
      style,
      dateStyle,
      profile,
      seed: rng.int(0, 2 ** 31 - 1),
      household,
      memberIndex,
    };
    specs.push(spec);
    if (kind === "household-ledger") ledgers.push(spec);
  }
  return specs;
}

/** What the OCR step stores on a `Page`, and all extraction reads. */
export type StoredReading = { languages: string[]; width: number; height: number; combined: CombinedLine[]; readings: OcrReading[]; durationMs: number };

export type PresentPage = {
  spec: PageSpec;
  truth: PageTruth;
  sha256: string;
  reading: StoredReading;
  cached: boolean;
  extracted: ExtractedPage;
  /** Extracted entry index → index into truth.people (see truth-map.ts). */
  entryPerson: Map<number, number>;
};

export type OcrDeps = { tesseract: () => TesseractPool; ppocr: () => PpocrEngine; readPage: typeof import("../../workers/ocr/read-page.ts").readPage };

/** Renders, reads (or takes the cached reading) and extracts every planned page, with a progress line on stderr. */
export async function readPresentPages(specs: readonly PageSpec[], cacheDir: string, ocr: OcrDeps, opts: { refresh?: boolean } = {}): Promise<PresentPage[]> {
  mkdirSync(cacheDir, { recursive: true });
  const pages: PresentPage[] = [];
  const started = performance.now();
  let ocrSeconds = 0;
  for (const [i, spec] of specs.entries()) {
    const page = await generatePage(spec);
    const sha256 = createHash("sha256").update(page.image).digest("hex");
    const languages = [spec.script === "traditional" ? "chi_tra" : "chi_sim"];
    // The PP-OCR model and what its reading holds are part of the key: readings by another model or decoder are not reused.
    const file = join(cacheDir, `${sha256}-${languages.join("+")}-${PPOCR_V5.id}-${PPOCR_READING_FORMAT}.json`);
    let reading: StoredReading;
    let cached = false;
    if (!opts.refresh && existsSync(file)) {
      reading = JSON.parse(readFileSync(file, "utf8")) as StoredReading;
      // The engines' readings are what is cached; the combined reading is made again as read-page.ts makes it now.
      reading.combined = combineReadings(reading.readings, { languages }).lines;
      cached = true;
    } else {
      const t = performance.now();
      const read = await ocr.readPage(page.image, { languages, engines: ["tesseract", "ppocr"] }, { tesseract: ocr.tesseract(), ppocr: ocr.ppocr() });
      const durationMs = Math.round(performance.now() - t);
      ocrSeconds += durationMs / 1000;
      reading = { languages, width: read.width, height: read.height, combined: read.combined, readings: read.readings, durationMs };
      writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(reading));
      renameSync(`${file}.${process.pid}.tmp`, file);
    }
    const extracted = extractPage({ lines: linesFromPage(reading), width: reading.width, height: reading.height });
    const entryPerson = mapEntriesToPeople(extracted.entries, page.truth.people);
    pages.push({ spec, truth: page.truth, sha256, reading, cached, extracted, entryPerson });
    const elapsed = (performance.now() - started) / 1000;
    process.stderr.write(`\r  pages [${i + 1}/${specs.length}] ${spec.id.padEnd(44)} ${cached ? "cached" : `${(reading.durationMs / 1000).toFixed(1)} s`}  (OCR ${ocrSeconds.toFixed(0)} s, total ${elapsed.toFixed(0)} s)   `);
  }
  process.stderr.write("\n");
  return pages;
}
