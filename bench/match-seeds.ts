/**
 * `npm run bench:match:seeds`: bench:match:memory over many seeds, pooled.
 *
 * One seed's run of bench:match asks about some 290 present and 290 absent
 * people, which measures a rate near 0.99 only to within about half a percent
 * either way. This runs bench:match:memory (the same pages, extraction,
 * distractors, queries and MatchIndex, without the database) for each seed,
 * prints every seed's figures and whether that seed alone meets each goal,
 * then the pooled rates with their 95% (Wilson) intervals, and how often one
 * seed would miss each goal by chance alone at the pooled rate.
 *
 * Knobs (environment): BENCH_SEEDS (comma-separated; by default the
 * twenty-two seeds the README reports), BENCH_JOBS (seeds run at once, 2),
 * BENCH_SIZES ("100000"), and every bench:match:memory knob, passed on. A seed whose pages are not in the
 * OCR cache reads them first (about 90 s a seed on the 2-core machine).
 * Exits 0 once it has measured; 1 when a seed's run failed.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { envInt, envSizes } from "./match/knobs.ts";
import { count, fixed, table } from "./match/report.ts";
import { chanceSeedMisses, pooled, resultLines, seedMeets, type SeedResult } from "./match/seeds.ts";

const ROOT = resolve(import.meta.dirname, "..");
const DEFAULT_SEEDS = [20240611, 7, 42, 2026, 90210, 31337, 5150, 60606, 777, 4711, 2468, 1357, 8642, 3141, 9999, 2718, 1618, 4242, 5555, 6666, 8080, 1234];

const seeds = (process.env.BENCH_SEEDS ?? "").trim() ? process.env.BENCH_SEEDS!.split(",").map((s) => Number(s.trim())) : DEFAULT_SEEDS;
if (seeds.some((s) => !Number.isInteger(s) || s < 0) || new Set(seeds).size !== seeds.length) throw new Error(`BENCH_SEEDS must be distinct non-negative integers, got ${process.env.BENCH_SEEDS}`);
const jobs = Math.max(1, envInt("BENCH_JOBS", 2));
const sizes = envSizes("100000");
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

console.log(`bench:match:seeds — bench:match:memory over ${seeds.length} seeds at ${sizes.map(count).join(", ")} entries, ${jobs} at a time`);

function runSeed(seed: number): Promise<SeedResult[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "bench/match-memory.ts")], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SEED: String(seed), BENCH_SIZES: sizes.join(","), BENCH_RESULT: "1", BENCH_VERBOSE: "", BENCH_PROBS: "", BENCH_DUMP: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", fail);
    child.on("close", (code) => {
      const results = code === 0 ? resultLines(out) : [];
      if (code !== 0 || results.length !== sizes.length) fail(new Error(`seed ${seed}: bench:match:memory exited ${code}\n${err.trim().split("\n").slice(-15).join("\n")}`));
      else done(results);
    });
  });
}

const results: SeedResult[] = [];
const failures: string[] = [];
let next = 0;
let finished = 0;
async function worker() {
  while (next < seeds.length) {
    const seed = seeds[next++];
    try {
      const got = await runSeed(seed);
      results.push(...got);
      const last = got[got.length - 1];
      console.log(`  seeds [${++finished}/${seeds.length}] ${seed}: recall@1 ${fixed(last.first / last.present)}, recall@5 ${fixed(last.top5 / last.present)}, false-candidate rate ${fixed(last.falseCandidates / last.absent)} at ${count(last.size)} entries (${elapsed()})`);
    } catch (e) {
      finished++;
      failures.push(String((e as Error).message));
      console.log(`  seeds [${finished}/${seeds.length}] ${seed}: FAILED (${elapsed()})`);
    }
  }
}
await Promise.all(Array.from({ length: Math.min(jobs, seeds.length) }, worker));

const mark = (ok: boolean) => (ok ? "" : " ✗");
for (const size of sizes) {
  const atSize = results.filter((r) => r.size === size).sort((a, b) => seeds.indexOf(a.seed) - seeds.indexOf(b.seed));
  if (atSize.length === 0) continue;
  console.log(`\nAt ${count(size)} entries, each seed alone (✗: that seed misses the goal):`);
  const rows: string[][] = [["seed", "present", "recall@1", "recall@5", "absent", "false-cand. rate"], ["-"]];
  for (const r of atSize) {
    const ok = seedMeets(r);
    rows.push([String(r.seed), String(r.present), fixed(r.first / r.present) + mark(ok.recall1), fixed(r.top5 / r.present) + mark(ok.recall5), String(r.absent), `${fixed(r.falseCandidates / r.absent)} (${r.falseCandidates})${mark(ok.falseCandidates)}`]);
  }
  console.log(table(rows));

  const figures = pooled(atSize);
  const meanPresent = atSize.reduce((a, r) => a + r.present, 0) / atSize.length;
  const meanAbsent = atSize.reduce((a, r) => a + r.absent, 0) / atSize.length;
  console.log(`\nPooled over ${atSize.length} seeds at ${count(size)} entries:`);
  const pooledRows: string[][] = [["goal", "pooled", "95% interval", "verdict", "seeds meeting it", "chance one seed misses"], ["-"]];
  for (const f of figures) {
    const n = f.direction === "min" ? meanPresent : meanAbsent;
    const chance = chanceSeedMisses(f.rate, Math.round(n), f.target, f.direction);
    const meeting = atSize.filter((r) => seedMeets(r)[f.goal]).length;
    const verdict = f.verdict === "met" ? "MET" : f.verdict === "noise" ? "MET, within noise" : "MISSED";
    pooledRows.push([`${f.label} ${f.direction === "min" ? ">=" : "<="} ${f.target}`, `${fixed(f.rate, 4)} (${f.k}/${f.n})`, `${fixed(f.low, 4)}–${fixed(f.high, 4)}`, verdict, `${meeting} of ${atSize.length}`, `${(100 * chance).toFixed(1)}%`]);
  }
  console.log(table(pooledRows));
}
console.log(
  `\nMET: the whole 95% interval is on the goal's side. "Chance one seed misses": how often one seed's run, with the mean number of queries, would miss the goal by luck alone if the pooled rate were the true rate.`,
);
console.log(`${seeds.length - failures.length} of ${seeds.length} seeds measured in ${elapsed()}.`);
if (failures.length > 0) {
  console.error(failures.join("\n\n"));
  process.exitCode = 1;
}
