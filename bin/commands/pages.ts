import type { Command } from "commander";
import { Page } from "~/models/scan.server";
import { displayedLines } from "~/models/page.server";
import { archiveFilter, withDb } from "./db";

export function registerPages(program: Command) {
  program
    .command("pages")
    .description("export OCR results as JSON lines (one page per line)")
    .option("-a, --archive <name>", "only this archive")
    .option("--json", "JSON lines output (the default and only format)")
    .action(async (opts: { archive?: string }) => {
      await withDb(async () => {
        const filter = await archiveFilter(opts.archive);
        for await (const d of Page.find(filter).sort({ scanSha: 1, pageNumber: 1 }).lean().cursor() as AsyncIterable<any>) {
          const lines = displayedLines({ ocr: d.ocr, corrections: d.corrections ?? [] });
          process.stdout.write(
            JSON.stringify({
              scanSha256: d.scanSha,
              pageNumber: d.pageNumber,
              status: d.status,
              engines: (d.ocr?.readings ?? []).map((r: any) => ({ engine: r.engine, engineVersion: r.engineVersion, language: r.language, text: r.text, confidence: r.confidence })),
              displayedText: lines.join("\n"),
              ocrText: d.ocr?.text ?? null,
              corrections: d.corrections ?? [],
            }) + "\n",
          );
        }
      });
    });
}
