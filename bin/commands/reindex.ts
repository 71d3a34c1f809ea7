import type { Command } from "commander";
import cliProgress from "cli-progress";
import { withDb } from "./db";

export function registerReindex(program: Command) {
  program
    .command("reindex")
    .description("prepare stored entries again for matching after an upgrade changed how entries are prepared (safe to repeat)")
    .action(async () => {
      await withDb(async () => {
        const { reprepareEntries } = await import("~/services/match-index.server");
        const { PREPARE_VERSION } = await import("~/core/match");
        const interactive = process.stderr.isTTY;
        const bar = new cliProgress.SingleBar({ format: "reindex |{bar}| {value}/{total} entries", hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        let started = false;
        const result = await reprepareEntries((done, total) => {
          if (!interactive) return process.stderr.write(`[${done}/${total}] entries checked\n`), undefined;
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        });
        if (started) bar.stop();
        console.log(`${result.checked} entries checked, ${result.rewritten} prepared again (matching version ${PREPARE_VERSION})`);
      });
    });
}
