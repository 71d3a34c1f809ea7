/**
 * `npm run bench:ocr`: reading speed and quality on the committed register
 * page set (tests/fixtures/pages: person cards and household ledgers, printed
 * and handwriting-like fonts, noise, skew, stains), side by side with the
 * native `tesseract` command given the very same language data, and Debian's
 * own language data as a second baseline. When ../shared/data/ocr_images is
 * present, the same error rates on its fully transcribed real images too.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { preprocessPage } from "../workers/ocr/preprocess";
import sharp from "sharp";
import { createTesseractPool, DEFAULT_PSM, prepareLanguageData, TESSERACT_PARAMETERS } from "../workers/ocr/tesseract-pool";
import { createPpocrEngine, PPOCR_V4_MODELS } from "../workers/ocr/ppocr-engine";
import { combineReadings } from "~/core/ocr/combine";
import { cerCount, cerRate, type CerCount } from "~/core/ocr/cer";
import type { OcrReading } from "~/core/ocr/types";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const pagesDir = join(root, "tests/fixtures/pages");
const sharedImages = resolve(root, "../shared/data/ocr_images");
const limit = Number(process.env.BENCH_PAGES ?? 0);

type Sample = { id: string; languages: string[]; truth: string; image: Buffer; handwritten: boolean };

function loadPageSet(): Sample[] {
  const manifest = JSON.parse(readFileSync(join(pagesDir, "manifest.json"), "utf8"));
  const pages = manifest.pages.map((p: any) => {
    const truth = JSON.parse(readFileSync(join(pagesDir, p.truth), "utf8"));
    return {
      id: p.id,
      languages: [p.script === "traditional" ? "chi_tra" : "chi_sim"],
      truth: truth.lines.join("\n"),
      image: readFileSync(join(pagesDir, p.image)),
      handwritten: p.style !== "printed",
    };
  });
  return limit ? pages.slice(0, limit) : pages;
}

function loadSharedSet(): Sample[] {
  const gt = join(sharedImages, "ground_truth.jsonl");
  if (!existsSync(gt)) return [];
  return readFileSync(gt, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((r) => r.coverage === "full")
    .map((r) => ({
      id: r.image,
      languages: [String(r.script).startsWith("traditional") ? "chi_tra" : "chi_sim"],
      truth: r.lines.join("\n"),
      image: readFileSync(join(sharedImages, r.image)),
      handwritten: String(r.kind).includes("handwritten"),
    }));
}

const fmt = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "—");

/** The pool's own parameters, so that native tesseract does the same work (choices, char boxes, hOCR + text). */
const NATIVE_CONFIG = Object.entries(TESSERACT_PARAMETERS).flatMap(([k, v]) => ["-c", `${k}=${v}`]);

async function nativeTesseract(images: string[], tessdata: string, languages: string[][], work: string) {
  const started = performance.now();
  const texts: string[] = [];
  for (const [i, file] of images.entries()) {
    const base = join(work, `native-${i}`);
    await run("tesseract", [file, base, "--tessdata-dir", tessdata, "-l", languages[i].join("+"), "--oem", "1", "--psm", String(Number(DEFAULT_PSM)), ...NATIVE_CONFIG, "hocr", "txt"], {
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      maxBuffer: 32 * 1024 * 1024,
    });
    texts.push(readFileSync(`${base}.txt`, "utf8"));
  }
  return { seconds: (performance.now() - started) / 1000, texts };
}

/** What one native call costs before it reads anything: process start and loading the language data (median of 3, per language). */
async function nativeStartSeconds(tessdata: string, languages: string[], work: string): Promise<Record<string, number>> {
  const blank = join(work, "blank.png");
  writeFileSync(blank, await sharp({ create: { width: 64, height: 32, channels: 3, background: "#ffffff" } }).grayscale().png().toBuffer());
  const out: Record<string, number> = {};
  for (const lang of languages) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await run("tesseract", [blank, join(work, "blank-out"), "--tessdata-dir", tessdata, "-l", lang, "--oem", "1", "--psm", String(Number(DEFAULT_PSM)), ...NATIVE_CONFIG, "hocr", "txt"], { env: { ...process.env, OMP_THREAD_LIMIT: "1" } });
      times.push((performance.now() - t) / 1000);
    }
    out[lang] = times.sort((a, b) => a - b)[1];
  }
  return out;
}

/**
 * Wall-clock seconds for a pool of `size` workers to read `pages`, language
 * by language (so at most `size` workers run at once), each worker having
 * read one page first: the steady state of the workers' long-lived pool
 * (WASM memory grown, code compiled), not their first page.
 */
async function poolSeconds(size: number, pages: { s: Sample; pre: { image: Buffer } }[]): Promise<number> {
  const pool = createTesseractPool({ size });
  let seconds = 0;
  try {
    for (const lang of [...new Set(pages.map((p) => p.s.languages.join("+")))]) {
      const group = pages.filter((p) => p.s.languages.join("+") === lang);
      const languages = lang.split("+");
      await pool.warmUp({ lang: languages });
      await Promise.all(Array.from({ length: size }, () => pool.recognize(group[0].pre.image, { lang: languages })));
      const t = performance.now();
      await Promise.all(group.map((p) => pool.recognize(p.pre.image, { lang: languages })));
      seconds += (performance.now() - t) / 1000;
    }
  } finally {
    await pool.terminate();
  }
  return seconds;
}

async function main() {
  const pageSet = loadPageSet();
  const shared = loadSharedSet();
  console.log(`bench:ocr — ${pageSet.length} committed register pages${shared.length ? `, ${shared.length} real images from ../shared` : ""}`);

  // Preprocess once: every engine and baseline reads the same images.
  const prepared: { s: Sample; pre: Awaited<ReturnType<typeof preprocessPage>> }[] = [];
  for (const s of [...pageSet, ...shared]) prepared.push({ s, pre: await preprocessPage(s.image) });
  const work = mkdtempSync(join(tmpdir(), "suji-bench-ocr-"));
  const files = prepared.map(({ s, pre }, i) => {
    const f = join(work, `${i}.png`);
    writeFileSync(f, pre.image);
    return f;
  });

  // Readings of every image by both engines (for the error rates).
  const pool1 = createTesseractPool({ size: 1 });
  const ppocr = createPpocrEngine();
  // Baseline: the PP-OCRv4 model Suji used before v5 (its dictionary lacks 鄧, 譽, 遷…).
  const ppocrV4 = createPpocrEngine({ models: PPOCR_V4_MODELS });
  const readings: { tess: OcrReading; pp: OcrReading; v4: OcrReading }[] = [];
  let ppSeconds = 0;
  let v4Seconds = 0;
  try {
    for (const { s, pre } of prepared) {
      const tess = await pool1.recognize(pre.image, { lang: s.languages });
      let t = performance.now();
      const pp = await ppocr.recognize(pre.grayImage, {});
      ppSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      const v4 = await ppocrV4.recognize(pre.grayImage, {});
      v4Seconds += (performance.now() - t) / 1000;
      readings.push({ tess, pp, v4 });
    }
  } finally {
    await pool1.terminate();
    await ppocrV4.terminate();
  }

  // Throughput on the register pages: one worker, then two, wall clock, same images.
  const pageOnly = prepared.slice(0, pageSet.length);
  const tess1PageSeconds = await poolSeconds(1, pageOnly);
  const tess2Seconds = await poolSeconds(2, pageOnly);

  // Baselines: native tesseract with the same data files, and with Debian's data, doing the same work.
  const variant = "4.0.0_best_int";
  const { cachePath } = await prepareLanguageData(["chi_tra", "chi_sim"], variant, join(root, ".cache/tesseract"));
  const langs = prepared.map(({ s }) => s.languages);
  const nativeSame = await nativeTesseract(files, cachePath, langs, work);
  const nativeStart = await nativeStartSeconds(cachePath, ["chi_tra", "chi_sim"], work);
  const debianData = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"].find((d) => existsSync(join(d, "chi_sim.traineddata")));
  const nativeDebian = debianData ? await nativeTesseract(files, debianData, langs, work) : null;

  const groups: [string, (i: number) => boolean][] = [
    ["register pages (all)", (i) => i < pageSet.length],
    ["  printed", (i) => i < pageSet.length && !prepared[i].s.handwritten],
    ["  handwriting-like", (i) => i < pageSet.length && prepared[i].s.handwritten],
  ];
  if (shared.length) {
    groups.push(["real images, full GT", (i) => i >= pageSet.length]);
    groups.push(["  real handwritten lines", (i) => i >= pageSet.length && prepared[i].s.handwritten]);
  }
  const cer = (texts: (i: number) => string, pick: (i: number) => boolean) => {
    const counts: CerCount[] = [];
    prepared.forEach(({ s }, i) => pick(i) && counts.push(cerCount(texts(i), s.truth, { foldWidth: true })));
    return counts.length ? cerRate(counts) : NaN;
  };
  const combined = readings.map((r, i) => combineReadings([r.tess, r.pp], { languages: prepared[i].s.languages }).text);
  const combinedV4 = readings.map((r, i) => combineReadings([r.tess, r.v4], { languages: prepared[i].s.languages }).text);
  console.log("\nCharacter error rate (lower is better; PP-OCR is PP-OCRv5, v4 columns the model used before, as a baseline)");
  console.log(["set".padEnd(26), "tesseract.js", "PP-OCR", "combined", "PP-OCRv4", "combined(v4)", "native(same data)", "native(Debian data)"].join(" | "));
  for (const [name, pick] of groups) {
    console.log(
      [
        name.padEnd(26),
        fmt(cer((i) => readings[i].tess.text, pick)).padStart(12),
        fmt(cer((i) => readings[i].pp.text, pick)).padStart(6),
        fmt(cer((i) => combined[i], pick)).padStart(8),
        fmt(cer((i) => readings[i].v4.text, pick)).padStart(8),
        fmt(cer((i) => combinedV4[i], pick)).padStart(12),
        fmt(cer((i) => nativeSame.texts[i], pick)).padStart(17),
        fmt(nativeDebian ? cer((i) => nativeDebian.texts[i], pick) : NaN).padStart(19),
      ].join(" | "),
    );
  }
  const n = pageSet.length;
  const ppm = (pages: number, seconds: number) => (pages / seconds) * 60;
  const nativeSamePageSeconds = nativeSame.seconds * (n / prepared.length);
  const startTotal = langs.reduce((a, l) => a + (nativeStart[l.join("+")] ?? 0), 0);
  const nativeReadSeconds = (nativeSame.seconds - startTotal) * (n / prepared.length);
  const perCore = nativeReadSeconds / tess1PageSeconds;
  const scaling = tess1PageSeconds / tess2Seconds;
  console.log(`\nThroughput on the ${n} register pages (pages per minute, same preprocessed images, same parameters and outputs: ${Object.entries(TESSERACT_PARAMETERS).map(([k, v]) => `${k}=${v}`).join(" ")}, hOCR + text)`);
  console.log(`  tesseract.js, 1 worker        ${fmt(ppm(n, tess1PageSeconds), 1)}   (warm pool, wall clock)`);
  console.log(`  tesseract.js, 2 workers       ${fmt(ppm(n, tess2Seconds), 1)}   (speed-up ${fmt(scaling)}x)`);
  console.log(`  PP-OCR(v5), 1 engine          ${fmt(ppm(prepared.length, ppSeconds), 1)}   (all ${prepared.length} images)`);
  console.log(`  PP-OCRv4, 1 engine            ${fmt(ppm(prepared.length, v4Seconds), 1)}   (baseline, same images)`);
  console.log(`  native tesseract, 1 thread    ${fmt(ppm(prepared.length, nativeSame.seconds), 1)}   (same data; all ${prepared.length} images, one process each, incl. its start)`);
  console.log(`    … reading only              ${fmt(ppm(n, nativeReadSeconds), 1)}   (less process start + loading the data: ${Object.entries(nativeStart).map(([l, t]) => `${l} ${fmt(t)} s`).join(", ")} per call)`);
  if (nativeDebian) console.log(`  native tesseract, Debian data ${fmt(ppm(prepared.length, nativeDebian.seconds), 1)}`);
  console.log(`  tesseract.js / native per core: ${fmt(perCore)}x reading only, ${fmt(nativeSamePageSeconds / tess1PageSeconds)}x with native's process start`);
  console.log(`\nGoals: tesseract.js >= native per core: ${perCore >= 1 ? "PASS" : "MISS"}; 2 workers >= 1.8x: ${scaling >= 1.8 ? "PASS" : "MISS"}; combined below best engine: ${groups.filter(([n]) => n === "register pages (all)" || n === "  real handwritten lines").map(([n, pick]) => `${n.trim()} ${cer((i) => combined[i], pick) < Math.min(cer((i) => readings[i].tess.text, pick), cer((i) => readings[i].pp.text, pick)) ? "PASS" : "MISS"}`).join(", ")}`);
  console.log(`(measured with load average ${(await import("node:os")).loadavg()[0].toFixed(1)} on ${(await import("node:os")).cpus().length} cores)`);
  await ppocr.terminate();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
