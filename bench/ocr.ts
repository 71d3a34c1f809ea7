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
import { createTesseractPool, DEFAULT_PSM, prepareLanguageData } from "../workers/ocr/tesseract-pool";
import { createPpocrEngine } from "../workers/ocr/ppocr-engine";
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

async function nativeTesseract(images: string[], tessdata: string, languages: string[][]) {
  const started = performance.now();
  const texts: string[] = [];
  for (const [i, file] of images.entries()) {
    const { stdout } = await run("tesseract", [file, "stdout", "--tessdata-dir", tessdata, "-l", languages[i].join("+"), "--oem", "1", "--psm", String(Number(DEFAULT_PSM))], {
      env: { ...process.env, OMP_THREAD_LIMIT: "1" },
      maxBuffer: 32 * 1024 * 1024,
    });
    texts.push(stdout);
  }
  return { seconds: (performance.now() - started) / 1000, texts };
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

  const pool1 = createTesseractPool({ size: 1 });
  const ppocr = createPpocrEngine();
  await pool1.warmUp({ lang: ["chi_tra"] });
  await pool1.warmUp({ lang: ["chi_sim"] });
  const readings: { tess: OcrReading; pp: OcrReading }[] = [];
  let tessSeconds = 0;
  let ppSeconds = 0;
  for (const { s, pre } of prepared) {
    let t = performance.now();
    const tess = await pool1.recognize(pre.image, { lang: s.languages });
    tessSeconds += (performance.now() - t) / 1000;
    t = performance.now();
    const pp = await ppocr.recognize(pre.grayImage, {});
    ppSeconds += (performance.now() - t) / 1000;
    readings.push({ tess, pp });
  }
  await pool1.terminate();

  // Two workers: the same pages read by a pool of two, two at a time.
  const pool2 = createTesseractPool({ size: 2 });
  await Promise.all([pool2.warmUp({ lang: ["chi_tra"] }), pool2.warmUp({ lang: ["chi_sim"] })]);
  const pageOnly = prepared.slice(0, pageSet.length);
  let t2 = performance.now();
  await Promise.all(pageOnly.map(({ s, pre }) => pool2.recognize(pre.image, { lang: s.languages })));
  const tess2Seconds = (performance.now() - t2) / 1000;
  await pool2.terminate();
  const tess1PageSeconds = readings.slice(0, pageSet.length).reduce((a, r) => a + r.tess.durationMs / 1000, 0);

  // Baselines: native tesseract with the same data files, and with Debian's data.
  const variant = "4.0.0_best_int";
  const { cachePath } = await prepareLanguageData(["chi_tra", "chi_sim"], variant, join(root, ".cache/tesseract"));
  const langs = prepared.map(({ s }) => s.languages);
  const nativeSame = await nativeTesseract(files, cachePath, langs);
  const debianData = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"].find((d) => existsSync(join(d, "chi_sim.traineddata")));
  const nativeDebian = debianData ? await nativeTesseract(files, debianData, langs) : null;

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
  console.log("\nCharacter error rate (lower is better)");
  console.log(["set".padEnd(26), "tesseract.js", "PP-OCR", "combined", "native(same data)", "native(Debian data)"].join(" | "));
  for (const [name, pick] of groups) {
    console.log(
      [
        name.padEnd(26),
        fmt(cer((i) => readings[i].tess.text, pick)).padStart(12),
        fmt(cer((i) => readings[i].pp.text, pick)).padStart(6),
        fmt(cer((i) => combined[i], pick)).padStart(8),
        fmt(cer((i) => nativeSame.texts[i], pick)).padStart(17),
        fmt(nativeDebian ? cer((i) => nativeDebian.texts[i], pick) : NaN).padStart(19),
      ].join(" | "),
    );
  }
  const n = pageSet.length;
  const ppm = (pages: number, seconds: number) => (pages / seconds) * 60;
  const nativeSamePageSeconds = nativeSame.seconds * (n / prepared.length);
  console.log(`\nThroughput on the ${n} register pages (pages per minute, recognition only, same preprocessed images)`);
  console.log(`  tesseract.js, 1 worker        ${fmt(ppm(n, tess1PageSeconds), 1)}`);
  console.log(`  tesseract.js, 2 workers       ${fmt(ppm(n, tess2Seconds), 1)}   (speed-up ${fmt(tess1PageSeconds / tess2Seconds)}x)`);
  console.log(`  PP-OCR, 1 engine              ${fmt(ppm(prepared.length, ppSeconds), 1)}   (all ${prepared.length} images)`);
  console.log(`  native tesseract, 1 thread    ${fmt(ppm(prepared.length, nativeSame.seconds), 1)}   (same data; all ${prepared.length} images, incl. process start)`);
  if (nativeDebian) console.log(`  native tesseract, Debian data ${fmt(ppm(prepared.length, nativeDebian.seconds), 1)}`);
  console.log(`  tesseract.js / native per core: ${fmt(nativeSamePageSeconds / tess1PageSeconds)}x`);
  console.log(`\nGoals: tesseract.js >= native per core: ${nativeSamePageSeconds / tess1PageSeconds >= 1 ? "PASS" : "MISS"}; 2 workers >= 1.8x: ${tess1PageSeconds / tess2Seconds >= 1.8 ? "PASS" : "MISS"}; combined below best engine: ${groups.filter(([n]) => n === "register pages (all)" || n === "  real handwritten lines").map(([n, pick]) => `${n.trim()} ${cer((i) => combined[i], pick) < Math.min(cer((i) => readings[i].tess.text, pick), cer((i) => readings[i].pp.text, pick)) ? "PASS" : "MISS"}`).join(", ")}`);
  console.log(`(measured with load average ${(await import("node:os")).loadavg()[0].toFixed(1)} on ${(await import("node:os")).cpus().length} cores)`);
  await ppocr.terminate();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
