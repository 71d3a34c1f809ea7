/**
 * Times each engine on its own (one tesseract worker, PP-OCR with one ONNX
 * thread, run one after the other so they do not compete), and the memory
 * of the process after reading `--pages` pages in a loop over the fixtures:
 *   npx tsx workers/ocr/measure-engines.ts [--pages 50] [--recycle-after 200]
 * Reads the committed fixtures only; prints JSON.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cerCount, cerRate, type CerCount } from "~/core/ocr/cer";
import { combineReadings } from "~/core/ocr/combine";
import { PpocrEngine } from "./ppocr-engine";
import { preprocessPage } from "./preprocess";
import { TesseractPool } from "./tesseract-pool";

const root = fileURLToPath(new URL("../../", import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

type Sample = { name: string; image: Buffer; truth: string; languages: string[] };

function samples(): Sample[] {
  const out: Sample[] = [];
  const ocrDir = path.join(root, "tests/fixtures/ocr");
  const truths = JSON.parse(readFileSync(path.join(ocrDir, "ground-truth.json"), "utf8")) as { file: string; script: string; coverage: string; lines: string[] }[];
  for (const t of truths) {
    if (t.coverage !== "full") continue;
    out.push({ name: t.file, image: readFileSync(path.join(ocrDir, t.file)), truth: t.lines.join("\n"), languages: [t.script === "traditional" ? "chi_tra" : "chi_sim"] });
  }
  const pagesDir = path.join(root, "tests/fixtures/pages");
  if (existsSync(pagesDir)) {
    for (const file of readdirSync(pagesDir).filter((f) => /^(card|ledger)-.*\.json$/.test(f)).sort()) {
      const t = JSON.parse(readFileSync(path.join(pagesDir, file), "utf8")) as { id: string; image: string; script: string; lines: string[] };
      out.push({ name: t.id, image: readFileSync(path.join(pagesDir, t.image)), truth: t.lines.join("\n"), languages: [t.script === "traditional" ? "chi_tra" : "chi_sim"] });
    }
  }
  return out;
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

async function main() {
  const pages = arg("pages", 50);
  const all = samples();
  const tesseract = new TesseractPool({ size: 1, recycleAfter: arg("recycle-after", 200) });
  const ppocr = new PpocrEngine({ intraOpNumThreads: 1 });
  const memoryAtStart = process.memoryUsage();
  await tesseract.warmUp({ lang: ["chi_sim"] });
  await tesseract.warmUp({ lang: ["chi_tra"] });
  const rows: Record<string, unknown>[] = [];
  const counts: Record<string, CerCount[]> = { tesseract: [], ppocr: [], combined: [] };
  const ms = { preprocess: 0, tesseract: 0, ppocr: 0 };
  for (let i = 0; i < pages; i++) {
    const s = all[i % all.length];
    const page = await preprocessPage(s.image);
    const t = await tesseract.recognize(page.image, { lang: s.languages });
    const p = await ppocr.recognize(page.grayImage);
    const combined = combineReadings([t, p]);
    if (i < all.length) {
      ms.preprocess += page.params.durationMs;
      ms.tesseract += t.durationMs;
      ms.ppocr += p.durationMs;
      const row: Record<string, unknown> = { name: s.name, pixels: page.width * page.height, preprocessMs: page.params.durationMs, tesseractMs: t.durationMs, ppocrMs: p.durationMs };
      for (const [engine, text] of [["tesseract", t.text], ["ppocr", p.text], ["combined", combined.text]] as const) {
        const c = cerCount(text, s.truth, { foldWidth: true });
        counts[engine].push(c);
        row[`${engine}Cer`] = Math.round((c.edits / Math.max(1, c.referenceLength)) * 1000) / 1000;
      }
      rows.push(row);
    }
  }
  const memory = process.memoryUsage();
  const n = Math.min(pages, all.length);
  console.log(
    JSON.stringify(
      {
        pagesRead: pages,
        distinctPages: n,
        meanMs: { preprocess: Math.round(ms.preprocess / n), tesseract: Math.round(ms.tesseract / n), ppocr: Math.round(ms.ppocr / n) },
        cer: { tesseract: cerRate(counts.tesseract), ppocr: cerRate(counts.ppocr), combined: cerRate(counts.combined) },
        memoryMb: {
          start: { rss: mb(memoryAtStart.rss), heapUsed: mb(memoryAtStart.heapUsed) },
          end: { rss: mb(memory.rss), heapUsed: mb(memory.heapUsed), external: mb(memory.external), arrayBuffers: mb(memory.arrayBuffers) },
        },
        pool: tesseract.stats(),
        rows,
      },
      null,
      1,
    ),
  );
  await tesseract.terminate();
  await ppocr.terminate();
}

await main();
