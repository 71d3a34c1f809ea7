import { constants as fsConstants } from "node:fs";
import { access, copyFile, mkdir, readFile, rename, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker as NodeWorker } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import { createWorker, OEM, PSM, type Worker } from "tesseract.js";
import { isRuleRemnant, joinOcrWords } from "~/core/ocr/cjk";
import { inReadingOrder } from "~/core/ocr/combine";
import { parseHocr } from "~/core/ocr/hocr";
import type { OcrLine, OcrReading } from "~/core/ocr/types";

/**
 * A fixed pool of tesseract.js workers per language set, created once per
 * process and reused (tesseract.js `docs/performance.md`: never a worker per
 * image). Workers in one pool are identical, as `docs/workers_vs_schedulers.md`
 * asks; a different language set gets its own pool (least recently used
 * pools are terminated beyond `maxLanguageSets`). Each worker is recycled
 * after `recycleAfter` pages, because WASM memory only grows and workers add
 * words they have seen to their dictionaries.
 *
 * Nothing is fetched: language data comes from the `@tesseract.js-data/*`
 * packages (LSTM-only `4.0.0_best_int` by default) through a local `langPath`,
 * is unpacked once into a local `cachePath` (written atomically, then read
 * only), and each worker thread starts from `tesseract-offline-worker.cjs`,
 * which makes `fetch` throw.
 */
export type TesseractPoolOptions = {
  /** Workers per language set. */
  size?: number;
  /** Pages a worker reads before it is replaced. */
  recycleAfter?: number;
  /** Language sets kept alive at once. */
  maxLanguageSets?: number;
  /** `4.0.0_best_int` (LSTM only, small) or `4.0.0` (adds legacy data). */
  dataVariant?: "4.0.0_best_int" | "4.0.0";
  /** Where unpacked language data is kept (git-ignored `.cache/tesseract` by default). */
  cacheDir?: string;
  /** Page segmentation for horizontal pages; vertical pages use PSM 5. */
  psm?: PSM;
  /** A recognise call taking longer than this kills its worker. */
  jobTimeoutMs?: number;
  /** Extra tesseract parameters set on every worker. */
  parameters?: Record<string, string>;
  logger?: (message: { status: string; progress: number; workerId?: string }) => void;
};

export type TesseractRecognizeOptions = {
  /** Tesseract language codes, e.g. ["chi_tra", "eng"]. */
  lang: readonly string[];
  /** Vertical writing: `chi_tra` becomes `chi_tra_vert` and PSM 5 is used. */
  vertical?: boolean;
};

/**
 * PSM 11 (sparse text: find as much text as possible, in no particular
 * order), with the lines then put in reading order here. Measured on the 24
 * synthetic register pages after rule removal: CER 0.150 against 0.200 for
 * PSM 6 (one uniform block), at the same speed; on 4 of them with the table
 * rules left in, 0.137 against 0.797 (PSM 6 reads ruled tables as garbage).
 * PSM 3 and 4 read a ledger column by column. See workers/ocr/README.md.
 */
export const DEFAULT_PSM: PSM = PSM.SPARSE_TEXT;

export const TESSERACT_PARAMETERS = {
  lstm_choice_mode: "2",
  hocr_char_boxes: "1",
  preserve_interword_spaces: "1",
  user_defined_dpi: "300",
} as const;

const require = createRequire(import.meta.url);
const TESSERACT_JS_VERSION: string = require("tesseract.js/package.json").version;
/** The worker-thread entry point: tesseract.js's own, with `fetch` disabled. */
export const OFFLINE_WORKER_PATH = fileURLToPath(new URL("./tesseract-offline-worker.cjs", import.meta.url));
const DEFAULT_CACHE_DIR = fileURLToPath(new URL("../../.cache/tesseract", import.meta.url));

export class TesseractPool {
  readonly options: Required<Omit<TesseractPoolOptions, "logger" | "parameters">> & Pick<TesseractPoolOptions, "logger" | "parameters">;
  #pools = new Map<string, LanguagePool>();
  #closed = false;

  constructor(options: TesseractPoolOptions = {}) {
    this.options = {
      size: options.size ?? 1,
      recycleAfter: options.recycleAfter ?? 200,
      maxLanguageSets: options.maxLanguageSets ?? 3,
      dataVariant: options.dataVariant ?? "4.0.0_best_int",
      cacheDir: options.cacheDir ?? DEFAULT_CACHE_DIR,
      psm: options.psm ?? DEFAULT_PSM,
      jobTimeoutMs: options.jobTimeoutMs ?? 120_000,
      parameters: options.parameters,
      logger: options.logger,
    };
    if (!Number.isInteger(this.options.size) || this.options.size < 1) throw new Error("size must be a positive integer");
    if (!Number.isInteger(this.options.recycleAfter) || this.options.recycleAfter < 1) throw new Error("recycleAfter must be a positive integer");
  }

  /** Start the workers for a language set ahead of the first page. */
  async warmUp(options: TesseractRecognizeOptions): Promise<void> {
    if (this.#closed) throw new Error("the tesseract pool has been terminated");
    await this.#pool(languagesFor(options)).ready();
  }

  async recognize(image: Buffer | Uint8Array, options: TesseractRecognizeOptions): Promise<OcrReading> {
    if (this.#closed) throw new Error("the tesseract pool has been terminated");
    const languages = languagesFor(options);
    const psm = options.vertical ? PSM.SINGLE_BLOCK_VERT_TEXT : this.options.psm;
    return this.#pool(languages).run(async (slot) => {
      const started = performance.now();
      const { data } = await slot.worker.recognize(
        Buffer.from(image.buffer, image.byteOffset, image.byteLength),
        { tessedit_pageseg_mode: psm } as Record<string, string>,
        { text: true, hocr: true },
      );
      const durationMs = Math.round(performance.now() - started);
      // Rules the preprocessing missed come back as lines of 一, - and |: noise, dropped (rawText keeps them).
      const parsed = parseHocr(data.hocr ?? "").map(displayLine);
      const lines = inReadingOrder(parsed.filter((l) => !isRuleRemnant(l.text)), options.vertical);
      return {
        engine: "tesseract",
        engineVersion: `tesseract.js ${TESSERACT_JS_VERSION}; tesseract ${data.version}`,
        language: languages.join("+"),
        text: lines.map((l) => l.text).join("\n"),
        rawText: data.text ?? "",
        confidence: meanConfidence(lines),
        lines,
        durationMs,
        params: {
          oem: "LSTM_ONLY",
          psm: Number(psm),
          dataVariant: this.options.dataVariant,
          ...TESSERACT_PARAMETERS,
          ...this.options.parameters,
          meanTextConf: data.confidence,
          ruleRemnantLines: parsed.length - lines.length,
          workerPage: slot.pages + 1,
          recycleAfter: this.options.recycleAfter,
        },
      } satisfies OcrReading;
    });
  }

  /** Pages read and workers replaced, per language set. */
  stats(): { languages: string; workers: number; pagesRead: number; recycled: number }[] {
    return [...this.#pools.entries()].map(([languages, pool]) => ({ languages, ...pool.stats() }));
  }

  async terminate(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.terminate()));
  }

  #pool(languages: string[]): LanguagePool {
    const key = languages.join("+");
    let pool = this.#pools.get(key);
    if (pool) {
      // Map order is recency order.
      this.#pools.delete(key);
      this.#pools.set(key, pool);
      return pool;
    }
    pool = new LanguagePool(languages, this.options);
    this.#pools.set(key, pool);
    while (this.#pools.size > this.options.maxLanguageSets) {
      const [oldestKey, oldest] = this.#pools.entries().next().value as [string, LanguagePool];
      this.#pools.delete(oldestKey);
      void oldest.terminate();
    }
    return pool;
  }
}

export function createTesseractPool(options: TesseractPoolOptions = {}): TesseractPool {
  return new TesseractPool(options);
}

function languagesFor({ lang, vertical }: TesseractRecognizeOptions): string[] {
  if (lang.length === 0) throw new Error("at least one language is needed");
  const languages = lang.map((code) => {
    if (!/^[a-z_]+$/.test(code)) throw new Error(`not a tesseract language code: ${code}`);
    return vertical && !code.endsWith("_vert") && code.startsWith("chi_") ? `${code}_vert` : code;
  });
  return [...new Set(languages)];
}

function displayLine(line: OcrLine): OcrLine {
  return { ...line, text: joinOcrWords(line.words, Math.max(8, line.box.h)) };
}

function meanConfidence(lines: OcrLine[]): number {
  let weighted = 0;
  let length = 0;
  for (const line of lines) {
    const n = Array.from(line.text.replace(/\s+/g, "")).length;
    weighted += line.confidence * n;
    length += n;
  }
  return length > 0 ? weighted / length : 0;
}

type PoolOptions = TesseractPool["options"];
type Slot = { worker: Worker; pages: number; failure: Promise<never> };
type Waiter = { resolve: (slot: Slot) => void; reject: (error: Error) => void };

class LanguagePool {
  #live = new Set<Slot>();
  #starting = new Set<Promise<Slot>>();
  #idle: Slot[] = [];
  #waiting: Waiter[] = [];
  #pagesRead = 0;
  #recycled = 0;
  #terminated = false;
  #paths: Promise<{ langPath: string; cachePath: string }> | null = null;

  constructor(
    readonly languages: string[],
    readonly options: PoolOptions,
  ) {}

  async ready(): Promise<void> {
    while (this.#live.size + this.#starting.size < this.options.size) this.#spawn();
    await Promise.all(this.#starting);
  }

  stats() {
    return { workers: this.#live.size, pagesRead: this.#pagesRead, recycled: this.#recycled };
  }

  async run<T>(job: (slot: Slot) => Promise<T>): Promise<T> {
    const slot = await this.#acquire();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`tesseract did not finish within ${this.options.jobTimeoutMs} ms`)), this.options.jobTimeoutMs);
      });
      const result = await Promise.race([job(slot), timeout, slot.failure]);
      slot.pages++;
      this.#pagesRead++;
      this.#release(slot, slot.pages >= this.options.recycleAfter);
      return result;
    } catch (error) {
      // The worker's state is unknown after a failure: replace it.
      this.#release(slot, true);
      throw error instanceof Error ? error : new Error(String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  async terminate(): Promise<void> {
    this.#terminated = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error("the tesseract pool has been terminated"));
    await Promise.allSettled(this.#starting);
    const live = [...this.#live];
    this.#live.clear();
    this.#idle = [];
    await Promise.all(live.map((slot) => slot.worker.terminate()));
  }

  #acquire(): Promise<Slot> {
    if (this.#terminated) return Promise.reject(new Error("the tesseract pool has been terminated"));
    const idle = this.#idle.shift();
    if (idle) return Promise.resolve(idle);
    const waiting = new Promise<Slot>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    if (this.#live.size + this.#starting.size < this.options.size) this.#spawn();
    return waiting;
  }

  #release(slot: Slot, recycle: boolean) {
    if (!recycle) return this.#hand(slot);
    this.#live.delete(slot);
    this.#recycled++;
    void slot.worker.terminate();
    if (!this.#terminated) this.#spawn();
  }

  #hand(slot: Slot) {
    if (this.#terminated) return;
    const next = this.#waiting.shift();
    if (next) next.resolve(slot);
    else this.#idle.push(slot);
  }

  #spawn(): Promise<Slot> {
    this.#paths ??= prepareLanguageData(this.languages, this.options.dataVariant, this.options.cacheDir);
    const promise = this.#start(this.#paths);
    this.#starting.add(promise);
    promise.then(
      (slot) => {
        this.#starting.delete(promise);
        if (this.#terminated) return void slot.worker.terminate();
        this.#live.add(slot);
        this.#hand(slot);
      },
      (error: unknown) => {
        this.#starting.delete(promise);
        // Jobs wait for a worker that will not come: fail them rather than hang.
        if (this.#live.size === 0 && this.#starting.size === 0) {
          const reason = new Error(`tesseract worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
          for (const waiter of this.#waiting.splice(0)) waiter.reject(reason);
        }
      },
    );
    return promise;
  }

  async #start(paths: Promise<{ langPath: string; cachePath: string }>): Promise<Slot> {
    const { langPath, cachePath } = await paths;
    // tesseract.js never settles createWorker() when loading or initialising the
    // language fails (it reports through errorHandler only), so race it.
    let startFailed: (error: Error) => void = () => {};
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      startFailed = reject;
      timer = setTimeout(() => reject(new Error(`tesseract worker did not start within ${this.options.jobTimeoutMs} ms`)), this.options.jobTimeoutMs);
    });
    const created = createWorker(
      this.languages,
      OEM.LSTM_ONLY,
      {
        langPath,
        cachePath,
        cacheMethod: "readOnly",
        gzip: true,
        workerPath: OFFLINE_WORKER_PATH,
        // Node's tesseract.js loads the core with require() from tesseract.js-core; given for completeness.
        corePath: path.dirname(require.resolve("tesseract.js-core/package.json")),
        logger: this.options.logger ?? (() => {}),
        // Without an errorHandler tesseract.js rethrows worker errors as uncaught exceptions.
        // Failed jobs reject their own promises; a failure while starting ends the start.
        errorHandler: (error: unknown) => startFailed(new Error(String(error))),
      },
      {
        // chi_tra/chi_sim configs name a sub-language (chi_tra_vert) that tesseract 5.1's
        // init loop adds while iterating, which corrupts the list: with "chi_tra+eng" eng
        // silently fails to load ("Failed loading language '<garbage>'"). Naming only the
        // languages already requested keeps the list unchanged. Init-only, so set here.
        tessedit_load_sublangs: this.languages.join("+"),
      } as Record<string, string>,
    );
    let worker: Worker;
    try {
      worker = await Promise.race([created, failure]);
    } catch (error) {
      // Should the worker still come up, it is not wanted any more.
      created.then((late) => late.terminate(), () => {});
      throw error;
    } finally {
      clearTimeout(timer);
      startFailed = () => {};
    }
    await worker.setParameters({ ...TESSERACT_PARAMETERS, tessedit_pageseg_mode: this.options.psm, ...this.options.parameters });
    const thread = (worker as unknown as { worker?: NodeWorker }).worker;
    const died = new Promise<never>((_, reject) => {
      thread?.once("error", (error) => reject(error));
      thread?.once("exit", (code) => reject(new Error(`tesseract worker exited with code ${code}`)));
    });
    died.catch(() => {});
    return { worker, pages: 0, failure: died };
  }
}

/**
 * Lay out the language data where tesseract.js expects it: `langPath` holds
 * `<lang>.traineddata.gz` (links into node_modules), `cachePath` holds the
 * unpacked `<lang>.traineddata`, written to a temporary name and renamed so
 * that concurrent workers and processes never read a half-written file.
 */
export async function prepareLanguageData(
  languages: readonly string[],
  variant: string,
  cacheDir: string,
): Promise<{ langPath: string; cachePath: string }> {
  const langPath = path.join(cacheDir, `lang-${variant}`);
  const cachePath = path.join(cacheDir, `cache-${variant}`);
  await mkdir(langPath, { recursive: true });
  await mkdir(cachePath, { recursive: true });
  for (const language of languages) {
    let source: string;
    try {
      source = path.join(path.dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), variant, `${language}.traineddata.gz`);
      await access(source, fsConstants.R_OK);
    } catch {
      throw new Error(`no local tesseract language data for "${language}" (${variant}); install @tesseract.js-data/${language}`);
    }
    const packed = path.join(langPath, `${language}.traineddata.gz`);
    if (!(await exists(packed))) {
      await symlink(source, packed).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") await copyFile(source, packed);
      });
    }
    const unpacked = path.join(cachePath, `${language}.traineddata`);
    if (!(await exists(unpacked))) {
      const temporary = `${unpacked}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, gunzipSync(await readFile(source)));
      await rename(temporary, unpacked);
    }
  }
  return { langPath, cachePath };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
}
