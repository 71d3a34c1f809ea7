import type { Command } from "commander";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import cliProgress from "cli-progress";
import { getArchiveByName } from "~/models/archive-access.server";
import { User } from "~/models/user.server";
import { batchProgress, createBatch, ingestFile, type IngestItem } from "~/services/ingest.server";
import { translate } from "~/i18n/i18n";
import { withDb } from "./db";

async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const full = resolve(p);
    const s = await stat(full);
    if (s.isDirectory()) {
      const names = (await readdir(full)).filter((n) => !n.startsWith(".")).sort();
      out.push(...(await expand(names.map((n) => join(full, n)))));
    } else out.push(full);
  }
  return out;
}

function describe(item: IngestItem) {
  if (item.status === "rejected") return `rejected: ${translate("en", `upload.reason.${item.reason}`)}`;
  return `${item.status} (${item.pageCount} page${item.pageCount === 1 ? "" : "s"}, sha256 ${item.scanSha.slice(0, 12)}…)`;
}

export function registerIngest(program: Command) {
  program
    .command("ingest")
    .description("store scans (files or folders) in an archive and queue them for OCR, like the web upload")
    .argument("<paths...>", "files or folders (read recursively)")
    .requiredOption("-a, --archive <name>", "archive name")
    .option("-v, --volume <callNumber>", "volume / box call number")
    .option("-u, --user <username>", "uploading account (default: the first archivist)")
    .option("-w, --wait", "wait for OCR and extraction; exit non-zero if any page failed")
    .option("--timeout <seconds>", "with --wait: give up after this many seconds", "3600")
    .action(async (paths: string[], opts: { archive: string; volume?: string; user?: string; wait?: boolean; timeout: string }) => {
      const files = await expand(paths);
      await withDb(async () => {
        const archive = await getArchiveByName(opts.archive);
        if (!archive) throw new Error(`no archive named "${opts.archive}"`);
        const user = await User.findOne(opts.user ? { username: opts.user } : { role: "archivist", office: archive.office }).lean<any>();
        if (!user) throw new Error(opts.user ? `no account "${opts.user}"` : "no archivist account in this archive's office: pass --user");
        const batchId = await createBatch(archive.id, String(user._id));
        const bar = new cliProgress.SingleBar({ format: "upload |{bar}| {value}/{total} files {file}", hideCursor: true }, cliProgress.Presets.shades_classic);
        const interactive = process.stderr.isTTY;
        if (interactive) bar.start(files.length, 0, { file: "" });
        const results: IngestItem[] = [];
        for (const [i, path] of files.entries()) {
          const item = await ingestFile({
            batchId,
            archiveId: archive.id,
            bytes: await readFile(path),
            filename: basename(path),
            uploadedBy: String(user._id),
            volume: opts.volume,
          });
          results.push(item);
          if (interactive) bar.update(i + 1, { file: basename(path) });
          else console.log(`[${i + 1}/${files.length}] ${basename(path)}: ${describe(item)}`);
        }
        if (interactive) bar.stop();
        const count = (s: string) => results.filter((r) => r.status === s).length;
        console.log(`batch ${batchId}: ${count("stored")} stored, ${count("duplicate")} already stored, ${count("rejected")} rejected`);
        if (interactive) for (const [i, r] of results.entries()) if (r.status === "rejected") console.log(`  ${basename(files[i])}: ${describe(r)}`);
        if (!opts.wait) return;
        const deadline = Date.now() + Number(opts.timeout) * 1000;
        const wait = new cliProgress.SingleBar({ format: "ocr    |{bar}| {value}/{total} pages  {detail}", hideCursor: true }, cliProgress.Presets.shades_classic);
        let started = false;
        for (;;) {
          const p = (await batchProgress(batchId))!;
          const total = Object.values(p.pages).reduce((a, b) => a + b, 0);
          const finished = p.pages.extracted + p.pages.failed;
          const detail = `queued ${p.pages.queued} reading ${p.pages.reading} read ${p.pages.read} failed ${p.pages.failed}`;
          if (interactive) {
            if (!started) wait.start(total, finished, { detail });
            started = true;
            wait.update(finished, { detail });
          } else console.log(`ocr: ${finished}/${total} pages (${detail})`);
          if (p.done) {
            if (interactive) wait.stop();
            for (const f of p.failures) console.log(`  page ${f.pageId} failed: ${f.error}`);
            if (p.pages.failed > 0) process.exitCode = 1;
            return;
          }
          if (Date.now() > deadline) {
            if (interactive) wait.stop();
            throw new Error(`timed out with ${total - finished} pages unfinished (is a worker running? npm run worker)`);
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      });
    });
}
