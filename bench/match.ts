/**
 * `npm run bench:match`: entry extraction and identity matching, end to end.
 *
 * Renders register pages with known people (bench/generator: person cards and
 * household ledgers, printed and kai fonts, six degradation profiles), reads
 * them with the real OCR (both engines) and extracts them as the worker does,
 * into a fresh embedded database; fills the archive with distractor entries
 * (generated people read by simulated OCR) to 10,000 and then 100,000
 * entries; and asks about every present person with realistic discrepancies
 * and about as many people who are not in the archive. For each size it
 * prints recall@1/@5, MRR, the false-candidate rate and search latency for
 * Suji (the match index loaded with `loadMatchIndex()`) beside two baselines
 * run in the same process on the same entries and queries, PASS/MISS per
 * goal, recall per discrepancy, and why Suji missed where it did.
 *
 * Knobs (environment): BENCH_PAGES (40), BENCH_SIZES ("10000,100000"),
 * BENCH_SEED (20240611), BENCH_QUERIES_PER_PERSON (3), BENCH_SHOW (examples
 * printed per section, 8), BENCH_OCR_REFRESH=1 (ignore cached OCR readings),
 * BENCH_CACHE_DIR (.cache/bench-match). See bench/match/README.md.
 * Always exits 0 once it has measured, whether the goals are met or not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { missingFontPackages } from "./generator/fonts.ts";
import { Rng } from "./generator/random.ts";
import { ExactBaseline, EditDistanceBaseline, type BaselineResult } from "./match/baselines.ts";
import { DISCREPANCIES, DISCREPANCY_ABOUT, type QueryKind } from "./match/discrepancies.ts";
import { mean, meanReciprocalRank, meets, percentile, rankOfCorrect, rate, recallAt, wilson, type Goal } from "./match/metrics.ts";
import { RATE_GOALS } from "./match/seeds.ts";
import { planBenchPages, readPresentPages, type PresentPage } from "./match/pages.ts";
import { envInt, envSizes } from "./match/knobs.ts";
import { count, fixed, ms, table } from "./match/report.ts";
import { buildQueries, presentSubjects, type BenchQuery } from "./match/subjects.ts";

const ROOT = resolve(import.meta.dirname, "..");
const env = process.env;
const KNOBS = {
  pages: envInt("BENCH_PAGES", 40),
  sizes: envSizes("10000,100000"),
  seed: envInt("BENCH_SEED", 20240611),
  perPerson: envInt("BENCH_QUERIES_PER_PERSON", 3),
  show: envInt("BENCH_SHOW", 8),
  refreshOcr: env.BENCH_OCR_REFRESH === "1",
  cacheDir: resolve(ROOT, env.BENCH_CACHE_DIR || ".cache/bench-match"),
};

/** Every miss and false candidate of this run (one file per run: runs may overlap). */
const DETAILS = join(KNOBS.cacheDir, "runs", `${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}-${process.pid}.txt`);
const GOALS = { ...RATE_GOALS, p95Ms: 200, p95AtSize: 100_000 };
const SYSTEMS = ["Suji", "exact", "edit-dist"] as const;
type System = (typeof SYSTEMS)[number];

/** ids: the candidates shown; scored: Suji's top 10 whatever their probability (for the threshold sweep). */
type Outcome = { ids: string[]; ms: number; touched: number; scored?: { id: string; p: number }[] };
type Miss = { query: BenchQuery; reason: string; detail: string; misread: string | null };
type SizeRun = {
  size: number;
  entries: number;
  insertSeconds: number;
  loadSeconds: number;
  baselineBuildSeconds: number;
  heapMb: number;
  loadAverage: number;
  outcomes: Record<System, Outcome[]>;
  misses: Miss[];
  falseCandidates: { query: BenchQuery; detail: string }[];
};

const log = (line = "") => console.log(line);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Why the right entry was not among the entries a search scored: it shares no
 * selective blocking key with the query, or it does but ranked below the
 * candidate limit. Uses the engine's public blocking functions when the index
 * exposes its blocking index; says less when it does not.
 */
function notInPoolWhy(index: unknown, q: BenchQuery, correct: Set<string>): string {
  const blocking = (index as { blocking?: unknown }).blocking;
  if (!blocking || !matchCore) return "not in the candidate pool";
  const prepared = matchCore.prepareQuery(q.query);
  const everything = matchCore.findCandidates(blocking as never, prepared, { limit: Number.MAX_SAFE_INTEGER });
  const at = everything.findIndex((e) => correct.has(e.id));
  if (at < 0) {
    const entries = (index as { entries: Map<string, { prepared: { keys: string[] } }> }).entries;
    const shared = [...correct].flatMap((id) => (entries.get(id)?.prepared.keys ?? []).filter((k) => prepared.keys.includes(k)));
    return shared.length === 0 ? "no blocking key shared" : `shares only unselective keys (${[...new Set(shared)].join(", ")})`;
  }
  return `shares a key but is candidate ${at + 1} of ${everything.length}, beyond the candidate limit`;
}

let matchCore: typeof import("~/core/match") | null = null;

function describeQuery(q: BenchQuery): string {
  const parts = Object.entries(q.query).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : v}`);
  return `${q.id} [${q.kinds.join("+")}${q.notes.length ? `; ${q.notes.join("; ")}` : ""}] ${parts.join(" ")}`;
}

async function main() {
  const started = performance.now();
  const missing = missingFontPackages();
  if (missing.length > 0) throw new Error(`missing fonts; install with: apt-get install -y ${missing.join(" ")}`);
  log("bench:match — entry extraction and identity matching: Suji vs. exact (canonical name + birth date) and edit distance (name)");
  log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at start · node ${process.version} · embedded FerretDB (SQLite) · seed ${KNOBS.seed}`);

  // 1. Present pages: render → OCR → extraction.
  progress(`rendering and reading ${KNOBS.pages} pages (OCR cache: ${KNOBS.cacheDir}/ocr)`);
  const { createTesseractPool } = await import("../workers/ocr/tesseract-pool.ts");
  const { createPpocrEngine } = await import("../workers/ocr/ppocr-engine.ts");
  const { readPage } = await import("../workers/ocr/read-page.ts");
  let tesseract: ReturnType<typeof createTesseractPool> | null = null;
  let ppocr: ReturnType<typeof createPpocrEngine> | null = null;
  const specs = planBenchPages(KNOBS.seed, KNOBS.pages);
  let pages: PresentPage[];
  try {
    pages = await readPresentPages(specs, join(KNOBS.cacheDir, "ocr"), { tesseract: () => (tesseract ??= createTesseractPool({ size: 1 })), ppocr: () => (ppocr ??= createPpocrEngine()), readPage }, { refresh: KNOBS.refreshOcr });
  } finally {
    await Promise.allSettled([(tesseract as ReturnType<typeof createTesseractPool> | null)?.terminate(), (ppocr as ReturnType<typeof createPpocrEngine> | null)?.terminate()]);
  }
  const pagesSeconds = (performance.now() - started) / 1000;

  // 2. Queries.
  const subjects = presentSubjects(pages);
  const rng = new Rng(KNOBS.seed).fork("bench-match-queries");
  const queries = buildQueries(rng, KNOBS.seed, subjects, KNOBS.perPerson);
  const order = new Rng(KNOBS.seed).fork("bench-match-order").shuffle(queries);
  const presentQueries = queries.filter((q) => q.present);
  const absentQueries = queries.filter((q) => !q.present);

  // 3. The database.
  const { buildEmbeddedMongo, startEmbeddedMongo } = await import("../scripts/embedded-mongo.mjs");
  progress("starting a fresh embedded database");
  await buildEmbeddedMongo({ log: (m: string) => progress(`  ${m}`) });
  const dataDir = mkdtempSync(join(tmpdir(), "suji-bench-match-"));
  const db = await startEmbeddedMongo({ dataDir, log: () => undefined });
  process.env.MONGODB_URI = db.uri;
  process.env.SESSION_SECRET ??= "bench-match-session-secret-0123456789abcdef";
  const runs: SizeRun[] = [];
  let storedPresent = { entryPerson: new Map<string, string>(), entries: 0 };
  try {
    const mongoose = (await import("mongoose")).default;
    const { connectDb, disconnectDb } = await import("~/services/db.server");
    const { loadMatchIndex } = await import("~/services/match-index.server");
    matchCore = await import("~/core/match");
    const { REVIEW_THRESHOLD } = matchCore;
    const { storePresentPages, distractorDocs, insertDistractors } = await import("./match/archive.ts");
    const { canonicalName } = await import("~/core/normalize");
    await connectDb(db.uri, { log: progress });
    try {
      const archiveId = new mongoose.Types.ObjectId().toHexString();
      storedPresent = await storePresentPages(pages, archiveId);
      const personEntries = new Map<string, Set<string>>();
      for (const [entryId, personId] of storedPresent.entryPerson) {
        const set = personEntries.get(personId) ?? new Set<string>();
        set.add(entryId);
        personEntries.set(personId, set);
      }
      // What the page drew for each mapped entry: to tell OCR misreadings from matching misses.
      const drawnFor = new Map<string, { name: string; birthDate: string | null }>();
      for (const page of pages) {
        for (const [entryIndex, personIndex] of page.entryPerson) {
          const t = page.truth.people[personIndex];
          drawnFor.set(`${page.spec.id}#${entryIndex}`, { name: canonicalName(t.drawn.name ?? ""), birthDate: t.drawn.birthDate ? t.birthDate : null });
        }
      }
      const misreadOf = (entryId: string, fields: Record<string, { value?: string | null } | undefined>): string | null => {
        const drawn = drawnFor.get(entryId);
        if (!drawn) return null;
        const notes: string[] = [];
        const name = fields.name?.value ? canonicalName(fields.name.value) : "∅";
        if (name !== drawn.name) notes.push(`name read ${name}, page has ${drawn.name}`);
        const date = fields.birthDate?.value ?? "∅";
        if (drawn.birthDate && date !== drawn.birthDate) notes.push(`birth date read ${date}, page has ${drawn.birthDate}`);
        return notes.length > 0 ? notes.join("; ") : null;
      };
      const docs = distractorDocs(KNOBS.seed, archiveId);
      let inArchive = storedPresent.entries;
      const warmUp = buildQueries(new Rng(KNOBS.seed + 1).fork("warm-up"), KNOBS.seed + 1, subjects.slice(0, 4), 1).slice(0, 12);

      for (const size of KNOBS.sizes) {
        if (size < inArchive) {
          progress(`skipping ${count(size)} entries: the present pages alone give ${count(inArchive)}`);
          continue;
        }
        const label = `${count(size)} entries`;
        const insert = await insertDistractors(docs, size - inArchive, label);
        inArchive = size;
        progress(`  ${label}: loading the match index from the database (loadMatchIndex)`);
        let t = performance.now();
        const index = await loadMatchIndex();
        const loadSeconds = (performance.now() - t) / 1000;
        const heapMb = process.memoryUsage().heapUsed / 1e6;
        progress(`  ${label}: index of ${count(index.entries.size)} entries loaded in ${loadSeconds.toFixed(1)} s (heap ${heapMb.toFixed(0)} MB)`);
        const weight = (field: string, level: string) => {
          const p = index.model.fields[field]?.[level];
          return p ? `${level} u ${p.u.toExponential(1)} (${Math.log2(p.m / p.u).toFixed(1)} bits)` : `${level} -`;
        };
        progress(`  ${label}: u from the archive: birth date ${["exact", "era-converted", "lunar-converted", "one-field-off"].map((l) => weight("birthDate", l)).join(", ")}; name ${["edit-distance-1", "same-pinyin", "similar"].map((l) => weight("name", l)).join(", ")}; prior ${Math.log2(index.model.priorMatch).toFixed(1)} bits`);
        if (index.entries.size !== size) progress(`  WARNING: the archive holds ${count(size)} entries but the index has ${count(index.entries.size)}`);
        t = performance.now();
        const baselineEntries = [...index.entries.values()].map((e) => ({ id: e.id, name: e.fields?.name?.value ?? null, birthDate: e.fields?.birthDate?.value ?? null }));
        const exact = new ExactBaseline(baselineEntries);
        const edit = new EditDistanceBaseline(baselineEntries);
        const baselineBuildSeconds = (performance.now() - t) / 1000;

        const search: Record<System, (q: BenchQuery) => { ids: string[]; touched: number; scored?: { id: string; p: number }[] }> = {
          Suji: (q) => {
            // Top 10 at any probability; those at or above the review threshold are the candidates shown.
            const r = index.search(q.query, { top: 10, threshold: 0 });
            const scored = r.results.map((x) => ({ id: x.entryId, p: x.probability }));
            return { ids: scored.filter((x) => x.p >= REVIEW_THRESHOLD).map((x) => x.id), touched: r.touched, scored };
          },
          exact: (q): BaselineResult => exact.search(q.query),
          "edit-dist": (q): BaselineResult => edit.search(q.query),
        };
        const outcomes = {} as Record<System, Outcome[]>;
        const loads: number[] = [];
        for (const system of SYSTEMS) {
          for (const q of warmUp) search[system](q);
          const byId = new Map<string, Outcome>();
          for (const [i, q] of order.entries()) {
            const t0 = performance.now();
            const r = search[system](q);
            byId.set(q.id, { ids: r.ids, touched: r.touched, ms: performance.now() - t0, ...(r.scored ? { scored: r.scored } : {}) });
            if (i % 25 === 0) process.stderr.write(`\r  ${label}: ${system} ${i + 1}/${order.length} queries   `);
          }
          process.stderr.write("\n");
          outcomes[system] = queries.map((q) => byId.get(q.id)!);
          loads.push(loadavg()[0]);
        }

        // Why Suji missed: diagnostics outside the timed searches.
        const misses: Miss[] = [];
        const falseCandidates: SizeRun["falseCandidates"] = [];
        const entryText = (id: string) => {
          const e = index.entries.get(id);
          const f = e?.fields ?? {};
          return `${id}: ${f.name?.value ?? "∅"} ${f.birthDate?.value ?? "∅"}${f.idNumber?.value ? ` ${f.idNumber.value}` : ""}`;
        };
        const levelsText = (levels: { field: string; level: string; weight: number }[]) =>
          levels.filter((l) => l.level !== "missing").map((l) => `${l.field}=${l.level}(${l.weight >= 0 ? "+" : ""}${l.weight.toFixed(1)})`).join(" ");
        queries.forEach((q, i) => {
          const ids = outcomes.Suji[i].ids;
          if (!q.present) {
            if (ids.length > 0) {
              const top = index.search(q.query, { top: 1, threshold: REVIEW_THRESHOLD }).results[0];
              falseCandidates.push({ query: q, detail: top ? `→ ${entryText(top.entryId)} p=${top.probability.toFixed(3)} ${levelsText(top.levels)}` : "" });
            }
            return;
          }
          const correct = personEntries.get(q.personId) ?? new Set<string>();
          if (ids.length > 0 && correct.has(ids[0])) return;
          if (correct.size === 0) {
            misses.push({ query: q, reason: "no entry", detail: "extraction gave no entry that maps to this person", misread: null });
            return;
          }
          const all = index.search(q.query, { top: 100_000, threshold: 0 }).results;
          if (!all.some((r) => correct.has(r.entryId))) {
            const want = [...correct].map(entryText).join(" | ");
            const misread = [...correct].map((id) => misreadOf(id, index.entries.get(id)?.fields ?? {})).find((m) => m !== null) ?? null;
            misses.push({ query: q, reason: "not in pool", detail: `${notInPoolWhy(index, q, correct)}: ${want}`, misread });
            return;
          }
          const k = all.findIndex((r) => correct.has(r.entryId));
          const best = all[k];
          const misread = misreadOf(best.entryId, index.entries.get(best.entryId)?.fields ?? {});
          if (best.probability < REVIEW_THRESHOLD) {
            misses.push({ query: q, reason: "below threshold", detail: `${entryText(best.entryId)} p=${best.probability.toFixed(3)} rank ${k + 1}: ${levelsText(best.levels)}`, misread });
          } else {
            const top = all[0];
            misses.push({ query: q, reason: "outranked", detail: `${entryText(best.entryId)} p=${best.probability.toFixed(3)} rank ${k + 1}, behind ${entryText(top.entryId)} p=${top.probability.toFixed(3)} ${levelsText(top.levels)}`, misread });
          }
        });
        runs.push({ size, entries: index.entries.size, insertSeconds: insert.seconds, loadSeconds, baselineBuildSeconds, heapMb, loadAverage: mean(loads), outcomes, misses, falseCandidates });
      }
    } finally {
      await disconnectDb();
    }
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  report(pages, queries, presentQueries, absentQueries, storedPresent, runs, pagesSeconds, (performance.now() - started) / 1000);
}

function report(
  pages: PresentPage[],
  queries: BenchQuery[],
  presentQueries: BenchQuery[],
  absentQueries: BenchQuery[],
  stored: { entryPerson: Map<string, string>; entries: number },
  runs: SizeRun[],
  pagesSeconds: number,
  totalSeconds: number,
) {
  const cards = pages.filter((p) => p.spec.kind === "person-card").length;
  const printed = pages.filter((p) => p.spec.style === "printed").length;
  const trad = pages.filter((p) => p.spec.script === "traditional").length;
  const readNow = pages.filter((p) => !p.cached);
  const drawn = new Set(pages.flatMap((p) => p.truth.people.map((t) => t.personId)));
  const found = new Set(stored.entryPerson.values());
  const appearances = pages.reduce((n, p) => n + p.truth.people.length, 0);
  log(
    `pages: ${pages.length} (${cards} person cards, ${pages.length - cards} household ledgers; ${printed} printed, ${pages.length - printed} handwriting; ${trad} traditional, ${pages.length - trad} simplified; profiles ${[...new Set(pages.map((p) => p.spec.profile))].join("/")})`,
  );
  log(
    `OCR: tesseract.js + PP-OCR on every page, ${pages.length - readNow.length} readings from cache${readNow.length ? `, ${readNow.length} read now (${fixed(mean(readNow.map((p) => p.reading.durationMs / 1000)), 1)} s a page)` : ""}`,
  );
  log(
    `extraction: ${drawn.size} people drawn ${appearances} times → ${stored.entries} entries; ${stored.entryPerson.size} entries map to ${found.size} people (rule: bench/match/truth-map.ts); ${drawn.size - found.size} people have no entry; ${stored.entries - stored.entryPerson.size} entries map to nobody`,
  );
  const controls = presentQueries.filter((q) => q.kinds.includes("none")).length;
  const two = presentQueries.filter((q) => q.kinds.length > 1).length;
  const shared = absentQueries.filter((q) => q.group === "absent-shared").length;
  log(
    `queries: ${presentQueries.length} about present people (${controls} controls without discrepancy, ${two} with two), ${absentQueries.length} about absent people (${shared} share a present person's surname and birth year)`,
  );
  if (runs.length === 0) {
    log(`no archive size was measured (BENCH_SIZES=${KNOBS.sizes.join(",")}; the present pages alone give ${stored.entries} entries)`);
    return;
  }
  log("Suji lists candidates at or above the review threshold (top 10); a baseline's every hit is a candidate. Recall and MRR count present queries, the false-candidate rate absent ones.");
  log();

  const index = new Map(queries.map((q, i) => [q.id, i]));
  const rankFor = (run: SizeRun, system: System, q: BenchQuery, correct: Set<string>) => rankOfCorrect(run.outcomes[system][index.get(q.id)!].ids, (id) => correct.has(id));
  const personEntries = new Map<string, Set<string>>();
  for (const [entryId, personId] of stored.entryPerson) personEntries.set(personId, (personEntries.get(personId) ?? new Set()).add(entryId));
  const ranks = (run: SizeRun, system: System, qs: BenchQuery[]) => qs.map((q) => rankFor(run, system, q, personEntries.get(q.personId) ?? new Set()));
  const withEntry = presentQueries.filter((q) => personEntries.has(q.personId));

  type Figures = { r1: number; r5: number; mrr: number; r1Found: number; fcr: number; fcrShared: number; p50: number; p95: number; touchedMean: number; touchedP95: number };
  const figures = (run: SizeRun, system: System): Figures => {
    const all = ranks(run, system, presentQueries);
    const timing = run.outcomes[system].map((o) => o.ms);
    const touched = run.outcomes[system].map((o) => o.touched);
    const fc = (qs: BenchQuery[]) => rate(qs.map((q) => run.outcomes[system][index.get(q.id)!].ids.length > 0));
    return {
      r1: recallAt(all, 1),
      r5: recallAt(all, 5),
      mrr: meanReciprocalRank(all, 10),
      r1Found: recallAt(ranks(run, system, withEntry), 1),
      fcr: fc(absentQueries),
      fcrShared: fc(absentQueries.filter((q) => q.group === "absent-shared")),
      p50: percentile(timing, 50),
      p95: percentile(timing, 95),
      touchedMean: mean(touched),
      touchedP95: percentile(touched, 95),
    };
  };
  const fig = runs.map((run) => Object.fromEntries(SYSTEMS.map((s) => [s, figures(run, s)])) as Record<System, Figures>);

  // The side-by-side table.
  const head = ["", ...runs.flatMap((run) => SYSTEMS.map((s, i) => (i === 0 ? `${s} @${count(run.size)}` : s)))];
  const row = (label: string, cell: (f: Figures) => string) => [label, ...runs.flatMap((_, r) => SYSTEMS.map((s) => cell(fig[r][s])))];
  const rows: string[][] = [
    head,
    ["-"],
    row(`recall@1 (n=${presentQueries.length})`, (f) => fixed(f.r1)),
    row("recall@5", (f) => fixed(f.r5)),
    row("MRR (top 10)", (f) => fixed(f.mrr)),
    row(`recall@1, people with an entry (n=${withEntry.length})`, (f) => fixed(f.r1Found)),
    row(`false-candidate rate (n=${absentQueries.length})`, (f) => fixed(f.fcr)),
    row("  … sharing surname + birth year", (f) => fixed(f.fcrShared)),
    row("search p50 (ms)", (f) => ms(f.p50)),
    row("search p95 (ms)", (f) => ms(f.p95)),
    row("entries touched, mean", (f) => fixed(f.touchedMean, 0)),
    row("entries touched, p95", (f) => fixed(f.touchedP95, 0)),
    ["-"],
    ["index load from DB (s)", ...runs.flatMap((run) => [fixed(run.loadSeconds, 1), `+${fixed(run.baselineBuildSeconds, 1)}`, ""])],
    ["heap after index load (MB)", ...runs.flatMap((run) => [fixed(run.heapMb, 0), "", ""])],
    ["distractors inserted (s)", ...runs.flatMap((run) => [fixed(run.insertSeconds, 0), "", ""])],
    ["load average during searches", ...runs.flatMap((run) => [fixed(run.loadAverage, 1), "", ""])],
  ];
  log(table(rows));
  log("(baselines are built in memory from the loaded index: '+s' is their build time; 'touched' for baselines = entries compared)");
  log();

  // Goals.
  log("Goals (Suji):");
  const goalRows: string[][] = [];
  runs.forEach((run, r) => {
    const f = fig[r].Suji;
    // Each rate with the range of true rates this run's few hundred queries are consistent with.
    const goals: (Goal & { n?: number })[] = [
      { label: `recall@1 >= ${GOALS.recall1}`, value: f.r1, target: GOALS.recall1, direction: "min", n: presentQueries.length },
      { label: `recall@5 >= ${GOALS.recall5}`, value: f.r5, target: GOALS.recall5, direction: "min", n: presentQueries.length },
      { label: `false-candidate rate <= ${GOALS.falseCandidates}`, value: f.fcr, target: GOALS.falseCandidates, direction: "max", n: absentQueries.length },
    ];
    if (run.size >= GOALS.p95AtSize) goals.push({ label: `search p95 < 200 ms at ${count(GOALS.p95AtSize)} entries`, value: f.p95, target: GOALS.p95Ms, direction: "max", strict: true });
    for (const g of goals) {
      const interval = g.n ? wilson(Math.round(g.value * g.n), g.n) : null;
      goalRows.push([`  ${count(run.size)} entries`, g.label, g.n ? fixed(g.value) : ms(g.value), interval ? `${fixed(interval.low)}–${fixed(interval.high)}` : "", meets(g) ? "PASS" : "MISS"]);
    }
  });
  if (!runs.some((run) => run.size >= GOALS.p95AtSize)) goalRows.push(["  (p95 goal)", `not measured: no size >= ${count(GOALS.p95AtSize)} (BENCH_SIZES)`, "", "", "—"]);
  log(table(goalRows));
  log("(beside each rate, the 95% Wilson interval of the true rate given this run's queries; `npm run bench:match:seeds` pools many seeds)");
  log();

  const last = runs[runs.length - 1];

  // What another review threshold would give: the same searches, candidates cut at p.
  log(`Suji at other review thresholds (the same top-10 searches; the product uses ${matchCore?.REVIEW_THRESHOLD})`);
  const sweep = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
  const sweepRows: string[][] = [["threshold", ...runs.flatMap((run) => [`R@1 @${count(run.size)}`, "R@5", "false-cand."])], ["-"]];
  for (const t of sweep) {
    const cells = [fixed(t, 2)];
    for (const run of runs) {
      const shown = (q: BenchQuery) => (run.outcomes.Suji[index.get(q.id)!].scored ?? []).filter((x) => x.p >= t).map((x) => x.id);
      const rk = presentQueries.map((q) => rankOfCorrect(shown(q), (id) => (personEntries.get(q.personId) ?? new Set()).has(id)));
      cells.push(fixed(recallAt(rk, 1)), fixed(recallAt(rk, 5)), fixed(rate(absentQueries.map((q) => shown(q).length > 0))));
    }
    sweepRows.push(cells);
  }
  log(table(sweepRows));
  log();

  // Recall per discrepancy.
  log(`Recall by discrepancy (present queries; a query with two discrepancies counts under both)`);
  const kinds: QueryKind[] = ["none", ...DISCREPANCIES];
  const kindHead = ["discrepancy", "n", ...runs.slice(0, -1).map((run) => `Suji R@1 @${count(run.size)}`), `Suji R@1 @${count(last.size)}`, "Suji R@5", "exact R@1", "exact R@5", "edit R@1", "edit R@5"];
  const kindRows: string[][] = [kindHead, ["-"]];
  for (const kind of kinds) {
    const qs = presentQueries.filter((q) => q.kinds.includes(kind));
    if (qs.length === 0) continue;
    const cells = [kind, String(qs.length), ...runs.slice(0, -1).map((run) => fixed(recallAt(ranks(run, "Suji", qs), 1)))];
    for (const system of SYSTEMS) {
      const rk = ranks(last, system, qs);
      cells.push(fixed(recallAt(rk, 1)), fixed(recallAt(rk, 5)));
    }
    kindRows.push(cells);
  }
  log(table(kindRows));
  for (const kind of kinds) log(`  ${kind.padEnd(12)} ${DISCREPANCY_ABOUT[kind]}`);
  log();

  // Why Suji missed (recall@1), at the largest size.
  const reasons = ["no entry", "not in pool", "below threshold", "outranked"];
  log(`Suji's recall@1 misses at ${count(last.size)} entries, by discrepancy and reason (${last.misses.length} of ${presentQueries.length} present queries)`);
  const missRows: string[][] = [["discrepancy", ...reasons, "total", "entry misread"], ["-"]];
  const missRow = (label: string, ms_: Miss[]) => [label, ...reasons.map((r) => String(ms_.filter((m) => m.reason === r).length)), String(ms_.length), String(ms_.filter((m) => m.misread).length)];
  for (const kind of kinds) {
    const ms_ = last.misses.filter((m) => m.query.kinds.includes(kind));
    if (ms_.length > 0) missRows.push(missRow(kind, ms_));
  }
  missRows.push(missRow("all", last.misses));
  log(table(missRows));
  log("  no entry: extraction lost the person · not in pool: the search never scored the right entry (no shared blocking key, or cut by the candidate limit) · below threshold: scored, p < review threshold · outranked: another entry ranks first · entry misread: the right entry's name or birth date differs from what the page drew (OCR/extraction)");
  const missLines = (m: Miss) => `  ${m.reason}: ${describeQuery(m.query)}\n      ${m.detail}${m.misread ? `\n      entry misread: ${m.misread}` : ""}`;
  const fcLines = (f: SizeRun["falseCandidates"][number]) => `  ${describeQuery(f.query)}\n      ${f.detail}`;
  const sorted = [...last.misses].sort((a, b) => reasons.indexOf(a.reason) - reasons.indexOf(b.reason));
  for (const m of sorted.slice(0, KNOBS.show)) log(missLines(m));
  if (sorted.length > KNOBS.show) log(`  … ${sorted.length - KNOBS.show} more in ${DETAILS}`);
  log();
  log(`Suji's false candidates at ${count(last.size)} entries: ${last.falseCandidates.length} of ${absentQueries.length} absent queries`);
  for (const f of last.falseCandidates.slice(0, KNOBS.show)) log(fcLines(f));
  if (last.falseCandidates.length > KNOBS.show) log(`  … ${last.falseCandidates.length - KNOBS.show} more in ${DETAILS}`);
  log();
  // Every miss and false candidate at every size, for whoever tunes the engine.
  const details = runs.flatMap((run) => [
    `# ${count(run.size)} entries: ${run.misses.length} recall@1 misses`,
    ...run.misses.map(missLines),
    `# ${count(run.size)} entries: ${run.falseCandidates.length} false candidates`,
    ...run.falseCandidates.map(fcLines),
    "",
  ]);
  mkdirSync(dirname(DETAILS), { recursive: true });
  writeFileSync(DETAILS, `${details.join("\n")}\n`);
  log(`every miss and false candidate at every size: ${DETAILS}`);
  log(`time: pages ${pagesSeconds.toFixed(0)} s (render + OCR + extraction), total ${totalSeconds.toFixed(0)} s; load average now ${loadavg()[0].toFixed(1)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
