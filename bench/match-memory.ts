/**
 * `npm run bench:match:memory`: bench:match's pages, queries, distractors and
 * `MatchIndex`, without the database: the archive is built in memory, so a
 * seed at 100,000 entries takes about a minute once its OCR is cached, and
 * many seeds can be compared while tuning. Its recall and false-candidate
 * figures are bench:match's own (the same entries, packed and unpacked as
 * the database would store them); its latencies are not the database's
 * bench and are not reported against the goal. Prints one summary line per
 * size, and with BENCH_VERBOSE=1 every miss and false candidate with the
 * levels that decided it.
 *
 * Knobs (environment): BENCH_SEED (20240611), BENCH_SIZES ("100000"),
 * BENCH_PAGES (40), BENCH_QUERIES_PER_PERSON (3), BENCH_VERBOSE,
 * BENCH_PROBS (each query's rank and probability, for sweeping the review
 * threshold), BENCH_DUMP (a file: one JSON line per query and size with its
 * ten best entries and every level that scored them, for studying a change
 * of weights over many seeds without running them again),
 * BENCH_CACHE_DIR (.cache/bench-match), BENCH_RESULT (1: one more line per
 * size, `RESULT {json}` with the counts, for `bench:match:seeds`).
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Rng } from "./generator/random.ts";
import { distractorDocs, entryRows, packedDoc, type EntryDoc } from "./match/archive.ts";
import { envInt, envSizes } from "./match/knobs.ts";
import { planBenchPages, readPresentPages } from "./match/pages.ts";
import { buildQueries, presentSubjects, type BenchQuery } from "./match/subjects.ts";
import { REVIEW_THRESHOLD, type ComparisonLevel } from "~/core/match";
import { canonicalName } from "~/core/normalize";
import { fromPacked, MatchIndex, type IndexedEntry } from "~/services/match-index.server";

const ROOT = resolve(import.meta.dirname, "..");
const seed = envInt("BENCH_SEED", 20240611);
const sizes = envSizes("100000");
const verbose = process.env.BENCH_VERBOSE === "1";
const probs = process.env.BENCH_PROBS === "1";
const result = process.env.BENCH_RESULT === "1";
const dump = process.env.BENCH_DUMP ? resolve(process.env.BENCH_DUMP) : null;
if (dump) writeFileSync(dump, "");
const cacheDir = resolve(ROOT, process.env.BENCH_CACHE_DIR || ".cache/bench-match");
const archiveId = "0123456789abcdef01234567";

const { createTesseractPool } = await import("../workers/ocr/tesseract-pool.ts");
const { createPpocrEngine } = await import("../workers/ocr/ppocr-engine.ts");
const { readPage } = await import("../workers/ocr/read-page.ts");
let tesseract: ReturnType<typeof createTesseractPool> | null = null;
let ppocr: ReturnType<typeof createPpocrEngine> | null = null;
const pages = await readPresentPages(planBenchPages(seed, envInt("BENCH_PAGES", 40)), join(cacheDir, "ocr"), {
  tesseract: () => (tesseract ??= createTesseractPool({ size: 1 })),
  ppocr: () => (ppocr ??= createPpocrEngine()),
  readPage,
}).finally(() => Promise.allSettled([tesseract?.terminate(), ppocr?.terminate()]));

const queries = buildQueries(new Rng(seed).fork("bench-match-queries"), seed, presentSubjects(pages), envInt("BENCH_QUERIES_PER_PERSON", 3));
const present = queries.filter((q) => q.present);
const absent = queries.filter((q) => !q.present);

// The present pages' entries as the worker stores them, and what each page drew.
const entries: IndexedEntry[] = [];
const personEntries = new Map<string, Set<string>>();
const drawn = new Map<string, string>();
for (const [n, page] of pages.entries()) {
  for (const row of entryRows(page.spec.id, page.extracted)) {
    const id = `${page.spec.id}#${row.index}`;
    entries.push(fromPacked(id, packedDoc({ _id: id, archiveId, pageId: page.spec.id, scanSha: page.sha256, pageNumber: n + 1, ...row })));
  }
  for (const [entryIndex, personIndex] of page.entryPerson) {
    const id = `${page.spec.id}#${entryIndex}`;
    const t = page.truth.people[personIndex];
    personEntries.set(t.personId, (personEntries.get(t.personId) ?? new Set()).add(id));
    drawn.set(id, `${canonicalName(t.drawn.name ?? "")} ${t.drawn.birthDate ? t.birthDate : "∅"}`);
  }
}

const describe = (q: BenchQuery) =>
  `${q.id} [${q.kinds.join("+")}${q.notes.length ? `; ${q.notes.join("; ")}` : ""}] ${Object.entries(q.query).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("/") : v}`).join(" ")}`;
const levels = (ls: ComparisonLevel[]) => ls.filter((l) => l.level !== "missing").map((l) => `${l.field}=${l.level}(${l.weight >= 0 ? "+" : ""}${l.weight.toFixed(1)})`).join(" ");

const docs = distractorDocs(seed, archiveId);
for (const size of sizes) {
  while (entries.length < size) {
    const d = docs.next().value as EntryDoc;
    entries.push(fromPacked(d._id, packedDoc(d)));
  }
  const index = new MatchIndex(entries, 1);
  const text = (id: string) => {
    const f = index.entries.get(id)?.fields ?? {};
    return `${id}: ${f.name?.value ?? "∅"} ${f.birthDate?.value ?? "∅"}${f.idNumber?.value ? ` ${f.idNumber.value}` : ""}`;
  };
  let first = 0;
  let top5 = 0;
  let falseCandidates = 0;
  const lines: string[] = [];
  const probeLines: string[] = [];
  for (const q of queries) {
    const results = index.search(q.query, { top: 10, threshold: 0 }).results;
    const shown = results.filter((r) => r.probability >= REVIEW_THRESHOLD).map((r) => r.entryId);
    if (probs) {
      const correctIds = q.present ? (personEntries.get(q.personId) ?? new Set<string>()) : null;
      const at = correctIds ? results.findIndex((r) => correctIds.has(r.entryId)) : 0;
      probeLines.push(`P ${q.present ? "present" : "absent"} ${at} ${results[at]?.probability ?? 0}`);
    }
    if (dump) {
      const correctIds = personEntries.get(q.personId) ?? new Set<string>();
      // A present person's entry beyond the ten best, with its rank, so that no miss is lost from the file.
      const ranked = q.present && !results.some((r) => correctIds.has(r.entryId)) ? index.search(q.query, { top: 100_000, threshold: 0 }).results : [];
      const beyond = ranked.findIndex((r) => correctIds.has(r.entryId));
      const line = {
        seed,
        size,
        id: q.id,
        present: q.present,
        kinds: q.kinds,
        prior: results[0]?.priorWeight ?? null,
        results: [...results, ...(beyond >= 0 ? [ranked[beyond]] : [])].map((r, i) => ({
          entryId: r.entryId,
          rank: i < results.length ? i : beyond,
          right: q.present && correctIds.has(r.entryId),
          probability: r.probability,
          levels: r.levels.filter((l) => l.level !== "missing").map(({ field, level, detail, weight }) => ({ field, level, detail, weight })),
        })),
      };
      appendFileSync(dump, `${JSON.stringify(line)}\n`);
    }
    if (!q.present) {
      if (shown.length > 0) {
        falseCandidates++;
        lines.push(`FC ${describe(q)}\n    → ${text(results[0].entryId)} p=${results[0].probability.toFixed(3)} ${levels(results[0].levels)}`);
      }
      continue;
    }
    const correct = personEntries.get(q.personId) ?? new Set<string>();
    const rank = shown.findIndex((id) => correct.has(id));
    if (rank === 0) first++;
    if (rank >= 0 && rank < 5) top5++;
    if (rank !== 0 && verbose) {
      const all = index.search(q.query, { top: 100_000, threshold: 0 }).results;
      const at = all.findIndex((r) => correct.has(r.entryId));
      const right = at >= 0 ? `${text(all[at].entryId)} p=${all[at].probability.toFixed(3)} rank ${at + 1} ${levels(all[at].levels)}` : `not scored: ${[...correct].map(text).join(" | ") || "no entry"}`;
      const page = [...correct].map((id) => drawn.get(id)).join(" | ");
      lines.push(`MISS${rank > 0 && rank < 5 ? " (in top 5)" : ""} ${describe(q)}\n    right: ${right} (page: ${page})${at !== 0 && all[0] ? `\n    top: ${text(all[0].entryId)} p=${all[0].probability.toFixed(3)} ${levels(all[0].levels)}` : ""}`);
    }
  }
  const rate = (n: number, of: number) => `${(n / of).toFixed(3)} (${n}/${of})`;
  console.log(`seed ${seed} at ${size.toLocaleString("en")} entries: recall@1 ${rate(first, present.length)}, recall@5 ${rate(top5, present.length)}, false-candidate rate ${rate(falseCandidates, absent.length)}`);
  if (result) console.log(`RESULT ${JSON.stringify({ seed, size, present: present.length, first, top5, absent: absent.length, falseCandidates })}`);
  if (verbose) console.log(lines.join("\n"));
  if (probs) console.log(`PROBS ${size}\n${probeLines.join("\n")}`);
}
