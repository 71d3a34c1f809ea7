import type { Command } from "commander";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { explain } from "~/core/match";
import { MatchQuerySchema } from "~/utils/schemas";
import { loadMatchIndex } from "~/services/match-index.server";
import { getArchiveByName } from "~/models/archive-access.server";
import { Entry } from "~/models/entry.server";
import { archiveFilter, withDb } from "./db";

/** One output line per query: best candidates first, empty when nothing reaches the review threshold. */
export function registerMatch(program: Command) {
  program
    .command("match")
    .description("match residents' details (JSON lines) against the archive's entries")
    .requiredOption("-i, --input <file>", "queries as JSON lines ('-' for standard input)")
    .option("-k, --top <K>", "candidates per query", "5")
    .option("-a, --archive <name>", "only this archive")
    .option("--json", "JSON lines output (the default and only format)")
    .action(async (opts: { input: string; top: string; archive?: string }) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 1 || top > 100) throw new Error("--top must be a whole number from 1 to 100");
      await withDb(async () => {
        const archiveIds = opts.archive ? [(await getArchiveByName(opts.archive))?.id ?? "none"] : undefined;
        const index = await loadMatchIndex();
        const input = opts.input === "-" ? process.stdin : createReadStream(opts.input, "utf8");
        let lineNo = 0;
        let bad = 0;
        for await (const line of createInterface({ input, crlfDelay: Infinity })) {
          lineNo++;
          if (!line.trim()) continue;
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch (error) {
            bad++;
            console.error(`line ${lineNo}: not valid JSON (${(error as Error).message})`);
            continue;
          }
          const parsed = MatchQuerySchema.safeParse(value);
          if (!parsed.success) {
            bad++;
            console.error(`line ${lineNo}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}`);
            continue;
          }
          const { id, ...query } = parsed.data;
          const found = index.search(query, { top, archiveIds });
          const candidates = found.results.map((r) => ({
            entryId: r.entryId,
            probability: Math.round(r.probability * 10000) / 10000,
            scanSha256: r.entry.scanSha,
            pageNumber: r.entry.pageNumber,
            fields: Object.fromEntries(Object.entries(r.entry.fields).map(([k, v]: [string, any]) => [k, v?.value ?? v?.raw ?? null])),
            explanation: explain(r).map((e) => ({ field: e.field, level: e.level, bits: Math.round(e.contribution * 100) / 100 })),
          }));
          process.stdout.write(JSON.stringify({ id: id ?? String(lineNo), candidates }) + "\n");
        }
        if (bad > 0) process.exitCode = 1;
      });
    });
}

export function registerEntries(program: Command) {
  program
    .command("entries")
    .description("export extracted entries as JSON lines, for other record-linkage tools")
    .option("-a, --archive <name>", "only this archive")
    .option("--json", "JSON lines output (the default and only format)")
    .action(async (opts: { archive?: string }) => {
      await withDb(async () => {
        const filter = await archiveFilter(opts.archive);
        for await (const d of Entry.find(filter, { prepared: 0, matchKeys: 0 }).sort({ _id: 1 }).lean().cursor() as AsyncIterable<any>) {
          const fields = Object.fromEntries(
            Object.entries(d.fields ?? {}).map(([k, v]: [string, any]) => [k, { raw: v?.raw ?? null, value: v?.value ?? null, confidence: v?.confidence ?? null, status: v?.status ?? null }]),
          );
          process.stdout.write(JSON.stringify({ entryId: d._id, scanSha256: d.scanSha, pageNumber: d.pageNumber, kind: d.kind, fields }) + "\n");
        }
      });
    });
}
