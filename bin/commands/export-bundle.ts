import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { exportBundleByNumber } from "~/services/case-bundle.server";
import { withDb } from "./db";

export function registerExportBundle(program: Command) {
  program
    .command("export-bundle")
    .description("write a case's evidence bundle (BagIt zip), signing a checkpoint first if needed")
    .argument("<caseNumber>", "for example SJ-2026-000123")
    .requiredOption("-o, --out <file>", "where to write the zip")
    .action(async (caseNumber: string, opts: { out: string }) => {
      await withDb(async () => {
        const bundle = await exportBundleByNumber(caseNumber);
        writeFileSync(opts.out, bundle.bytes);
        console.log(`wrote ${opts.out}: case ${bundle.caseNumber}, ${bundle.eventCount} events, ${bundle.bytes.length} bytes`);
      });
    });
}
