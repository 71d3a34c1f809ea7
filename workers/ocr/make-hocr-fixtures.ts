/**
 * Regenerates the hOCR fixtures in tests/fixtures/ocr/ by running the real
 * tesseract pool (same parameters as production) on committed images:
 *   npx tsx workers/ocr/make-hocr-fixtures.ts
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { createWorker, OEM } from "tesseract.js";
import { DEFAULT_PSM, OFFLINE_WORKER_PATH, TESSERACT_PARAMETERS, prepareLanguageData } from "./tesseract-pool";

const dir = fileURLToPath(new URL("../../tests/fixtures/ocr/", import.meta.url));

// A line with every character hOCR escapes, rendered by us (DejaVu Sans + AR PL UMing).
const entitiesSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="110">
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="70" font-family="DejaVu Sans" font-size="44">A&amp;B &lt;12&gt; "No." 'x' 戶籍</text></svg>`;

async function main() {
  await writeFile(`${dir}entities.png`, await sharp(Buffer.from(entitiesSvg)).png().toBuffer());
  const cases = [
    { image: "tesseract-js-chinese.png", languages: ["chi_tra"], out: "tesseract-js-chinese.chi_tra.hocr" },
    { image: "entities.png", languages: ["eng", "chi_tra"], out: "entities.eng+chi_tra.hocr" },
  ];
  for (const c of cases) {
    const { langPath, cachePath } = await prepareLanguageData(c.languages, "4.0.0_best_int", fileURLToPath(new URL("../../.cache/tesseract", import.meta.url)));
    const worker = await createWorker(c.languages, OEM.LSTM_ONLY, { langPath, cachePath, cacheMethod: "readOnly", gzip: true, workerPath: OFFLINE_WORKER_PATH }, {
      tessedit_load_sublangs: c.languages.join("+"),
    } as Record<string, string>);
    await worker.setParameters({ ...TESSERACT_PARAMETERS, tessedit_pageseg_mode: DEFAULT_PSM });
    const { data } = await worker.recognize(await readFile(`${dir}${c.image}`), {}, { hocr: true, text: true });
    await writeFile(`${dir}${c.out}`, data.hocr ?? "");
    console.log(c.out, JSON.stringify(data.text));
    await worker.terminate();
  }
}

await main();
